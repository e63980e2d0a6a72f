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
