"""Coverage verdicts, cross-border findings and the portfolio through the API."""

from datetime import timedelta

import pytest

from compliance.placements.models import Authorisation
from tests.integration.test_placements_support import TODAY, World, days


@pytest.fixture
def world(api_as, make_subject):
    return World(api_as, make_subject)


def coverage(world, placement):
    response = world.dpo.get(f"/api/v1/placements/{placement['id']}/coverage")
    assert response.status_code == 200, response.json
    return response.json


def findings(world, placement):
    response = world.dpo.get(f"/api/v1/placements/{placement['id']}/cross-border")
    assert response.status_code == 200, response.json
    return {f["code"]: f for f in response.json["findings"]}


def test_a_covered_placement_has_no_reasons_and_every_check_passed(world):
    world.add_policy()
    verdict = coverage(world, world.place())
    assert verdict["covered"] is True and verdict["policy_number"] == "PI-TEST-001"
    assert verdict["reasons"] == []
    assert len(verdict["checks"]) == 7 and all(c["passed"] for c in verdict["checks"])


def lapsed_member(world, make_subject):
    return {"member": make_subject(kind="member", country="EE",
                                   membership_start=TODAY - timedelta(days=700),
                                   membership_end=TODAY - timedelta(days=60))}


CASES = {
    "no_policy_in_force": ({"period_start": days(-800), "period_end": days(-400)}, {}),
    "before_retroactive_date": ({"retroactive_date": days(-10)}, {}),
    "membership_inactive": ({}, lapsed_member),
    "outside_territory": ({}, {"client_country": "JP"}),
    "excluded_jurisdiction": ({}, {"client_country": "US"}),
    "excluded_activity": ({}, {"placement_type": "temporary_agency_work"}),
    "aggregate_exhausted": ({"aggregate_limit": "200000.00", "per_claim_limit": "200000.00"},
                            {}),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_failed_check_is_a_reason_with_a_stable_code(world, make_subject, code):
    policy_changes, placement_changes = CASES[code]
    policy = world.add_policy(**policy_changes)
    if callable(placement_changes):
        placement_changes = placement_changes(world, make_subject)
    placement = world.place(**placement_changes)
    if code == "aggregate_exhausted":
        world.dpo.post("/api/v1/insurance-claims", json={
            "policy_id": policy["id"], "claim_reference": "C1", "notified_on": days(-1),
            "reserved": "200000.00"})
    verdict = coverage(world, placement)
    assert verdict["covered"] is False
    assert code in [r["code"] for r in verdict["reasons"]]
    assert all(r["message"] for r in verdict["reasons"])
    passed = {c["code"] for c in verdict["checks"] if c["passed"]}
    assert not passed & {r["code"] for r in verdict["reasons"]}


def test_cross_border_permanent_placement_into_another_state(world):
    found = findings(world, world.place())
    assert found["services_directive_applies"]["severity"] == "info"
    assert "2006/123/EC Art 16" in found["services_directive_applies"]["legal_reference"]
    assert found["host_state_requirement"]["severity"] == "info"
    assert "third_country_transfer" not in found


def test_temporary_agency_work_is_outside_the_services_directive(world):
    found = findings(world, world.place(placement_type="temporary_agency_work", work_country="AT"))
    assert found["services_directive_excluded"]["severity"] == "warning"
    assert "Art 2(2)(e)" in found["services_directive_excluded"]["legal_reference"]
    assert found["unverified_rule"]["severity"] == "warning"  # AT temp-work regime unknown


def test_host_state_requirement_blocks_until_the_member_holds_it(world):
    placement = world.place(work_country="AT")
    assert findings(world, placement)["host_state_requirement"]["severity"] == "blocker"
    response = world.member_api.post(f"/api/v1/members/{world.member.id}/authorisations", json={
        "country": "AT", "kind": "registration", "number": "GISA-123456",
        "valid_until": days(300)})
    assert response.status_code == 201, response.json
    finding = findings(world, placement)["host_state_requirement"]
    assert finding["severity"] == "info" and "registration" in finding["message"]
    assert "GISA-123456" not in finding["message"]  # the number stays behind the audited read


@pytest.mark.parametrize(
    ("country", "severity"), [("CH", "info"), ("JP", "warning"), ("US", "warning"),
                              ("CA", "warning"), ("IN", "blocker")])
def test_transfers_to_clients_outside_the_eea(world, country, severity):
    found = findings(world, world.place(client_country=country))
    assert found["third_country_transfer"]["severity"] == severity


def test_unverified_member_state_fact_is_flagged(world):
    found = findings(world, world.place(work_country="DK"))
    assert found["host_state_requirement"]["severity"] == "warning"
    assert found["unverified_rule"]["severity"] == "warning"


def test_authorisation_numbers_are_encrypted_and_reads_audited(world, api_as, make_subject):
    url = f"/api/v1/members/{world.member.id}/authorisations"
    body = {"country": "PL", "kind": "registration", "number": "KRAZ 12345"}
    assert world.member_api.post(url, json=body).status_code == 201
    stored = Authorisation.query.one()
    assert b"KRAZ" not in stored.number_ciphertext
    assert world.dpo.get(url).json[0]["number"] == "KRAZ 12345"
    other = make_subject(kind="member")
    assert world.member_api.post(f"/api/v1/members/{other.id}/authorisations",
                                 json=body).status_code == 403
    bad = world.dpo.post(url, json={**body, "kind": "permit", "country": "XX"})
    assert bad.status_code == 422 and {"kind", "country"} <= set(bad.json["errors"])


def test_members_read_verdicts_of_their_own_placements_only(world, make_subject):
    theirs = world.place(member=make_subject(kind="member"))
    assert world.member_api.get(f"/api/v1/placements/{theirs['id']}/coverage").status_code == 403
    assert world.member_api.get(f"/api/v1/placements/{theirs['id']}/cross-border").status_code == 403


def test_portfolio_counts_uncovered_placements_and_the_aggregate(world, make_subject, api_as):
    policy = world.add_policy()
    world.place()
    world.place(placement_type="temporary_agency_work")
    world.place(**lapsed_member(world, make_subject))
    world.place(status="cancelled")
    world.dpo.post("/api/v1/insurance-claims", json={
        "policy_id": policy["id"], "claim_reference": "C1", "notified_on": days(-1),
        "reserved": "100000.00", "paid": "25000.00"})
    view = api_as("auditor").get("/api/v1/placements/portfolio").json
    assert (view["placements"], view["covered"], view["uncovered"]) == (3, 1, 2)
    assert view["uncovered_by_reason"] == {"excluded_activity": 1, "membership_inactive": 1}
    assert len(view["uncovered_placements"]) == 2
    assert view["policies"][0]["aggregate_used"] == "125000.00"
    assert view["policies"][0]["aggregate_left"] == "1875000.00"
    assert world.member_api.get("/api/v1/placements/portfolio").status_code == 403
