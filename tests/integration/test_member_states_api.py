"""/api/v1/member-states: the 30 EEA states from policy data, every fact with its provenance."""

import pytest

EEA = set("AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK "
          "IS LI NO".split())
REQUIREMENTS = {"none", "registration", "notification", "licence", "authorisation", "concession",
                "unknown"}


def test_lists_the_30_eea_states_with_sources(api_as):
    states = api_as("member").get("/api/v1/member-states").json
    assert {s["code"] for s in states} == EEA and len(states) == 30
    for state in states:
        assert state["placement_requirement"] in REQUIREMENTS
        assert state["supervisory_authority"] and state["sources"]
        for fact in state["facts"].values():
            assert isinstance(fact["verified"], bool)
            assert fact["sources"] or not fact["verified"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("AT", {"code": "AT", "age_of_digital_consent": 14, "placement_requirement": "registration",
                "supervisory_authority": "Datenschutzbehörde (DSB)"}),
        ("si", {"code": "SI", "placement_requirement": "concession", "verified": False}),
        ("GR", {"code": "EL", "age_of_digital_consent": 15}),
        ("DK", {"placement_requirement": "unknown", "verified": False}),
    ],
)
def test_one_state(api_as, code, expected):
    response = api_as("auditor").get(f"/api/v1/member-states/{code}")
    assert response.status_code == 200
    assert expected.items() <= response.json.items()


def test_unknown_facts_are_never_verified(api_as):
    state = api_as("dpo").get("/api/v1/member-states/DK").json
    assert state["facts"]["placement_requirement"] == {**state["facts"]["placement_requirement"],
                                                       "value": "unknown", "verified": False}


@pytest.mark.parametrize("code", ["CH", "US", "XX", "toolong"])
def test_outside_the_eea_is_404(api_as, code):
    assert api_as("dpo").get(f"/api/v1/member-states/{code}").status_code == 404


def test_requires_a_token(client):
    assert client.get("/api/v1/member-states").status_code == 401


def test_facts_carry_the_date_their_source_was_read(api_as):
    state = api_as("auditor").get("/api/v1/member-states/AT").json
    claim = state["facts"]["rejected_applicant_claim_period"]
    assert state["rejected_applicant_claim_period"] == claim["value"] == "P6M"
    assert claim["starts"] == "rejection" and claim["verified"] is True
    assert claim["verified_on"] == "2026-11-29"
    assert any("https://" in source for source in claim["sources"])
    assert state["facts"]["supervisory_authority"]["verified_on"] == "2026-11-29"
    assert state["facts"]["age_of_digital_consent"]["verified_on"] is None  # not re-read


def test_germany_lists_the_land_authorities(api_as):
    state = api_as("member").get("/api/v1/member-states/DE").json
    authority = state["facts"]["supervisory_authority"]
    assert "BDSG §40(1)" in authority["competent_for"] and "BfDI" not in state["supervisory_authority"]
    assert {r["code"] for r in authority["regional"]} >= {"DE-BY", "DE-NW", "DE-TH"}
    assert len(authority["regional"]) == 16


def test_unknown_claim_period_is_unverified(api_as):
    state = api_as("dpo").get("/api/v1/member-states/SE").json
    claim = state["facts"]["rejected_applicant_claim_period"]
    assert (state["rejected_applicant_claim_period"], claim["verified"]) == ("unknown", False)
