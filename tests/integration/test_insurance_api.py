"""PI policies and claims through the API: schedules, bad input, claims eroding the aggregate."""

import uuid

import pytest

from compliance.extensions import db
from compliance.placements.models import InsuranceClaim, InsurancePolicy
from tests.integration.test_placements_support import World, days, policy_body


@pytest.fixture
def world(api_as, make_subject):
    return World(api_as, make_subject)


def claim_body(policy_id, **changes):
    return {"policy_id": str(policy_id), "claim_reference": "CLM-1", "notified_on": days(-10),
            "reserved": "150000.00", "paid": "50000.00", **changes}


def test_policy_is_recorded_with_the_full_aggregate_left(world):
    policy = world.add_policy()
    assert policy["aggregate_limit"] == "2000000.00" and policy["aggregate_left"] == "2000000.00"
    assert policy["excluded_activities"] == ["temporary_agency_work"]
    assert "GB" in policy["territories"] and "US" not in policy["territories"]
    assert world.dpo.get(f"/api/v1/insurance-policies/{policy['id']}").json == policy


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period_start": days(10), "period_end": days(9)}, "period_end"),
        ({"territories": ["DE", "XX"]}, "territories"),
        ({"territories": []}, "territories"),
        ({"excluded_jurisdictions": ["QQ"]}, "excluded_jurisdictions"),
        ({"excluded_activities": ["gardening"]}, "excluded_activities"),
        ({"aggregate_limit": "-1"}, "aggregate_limit"),
        ({"per_claim_limit": "3000000.00"}, "per_claim_limit"),
        ({"currency": "EU"}, "currency"),
        ({"retroactive_date": days(400)}, "retroactive_date"),
    ],
)
def test_bad_policies_get_422_and_nothing_is_stored(world, change, field):
    response = world.dpo.post("/api/v1/insurance-policies", json=policy_body(**change))
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]
    assert db.session.query(InsurancePolicy).count() == 0


def test_duplicate_policy_number_is_422(world):
    world.add_policy()
    response = world.dpo.post("/api/v1/insurance-policies", json=policy_body())
    assert response.status_code == 422 and "policy_number" in response.json["errors"]


def test_claims_erode_the_aggregate_until_withdrawn(world):
    policy = world.add_policy()
    placement = world.place()
    first = world.dpo.post("/api/v1/insurance-claims",
                           json=claim_body(policy["id"], placement_id=placement["id"]))
    assert first.status_code == 201, first.json
    world.dpo.post("/api/v1/insurance-claims", json=claim_body(
        policy["id"], claim_reference="CLM-2", reserved="0", paid="0", status="withdrawn"))
    shown = world.dpo.get(f"/api/v1/insurance-policies/{policy['id']}").json
    assert shown["aggregate_used"] == "200000.00" and shown["aggregate_left"] == "1800000.00"
    listed = world.dpo.get("/api/v1/insurance-claims", query_string={"status": "open"}).json
    assert [c["id"] for c in listed] == [first.json["id"]]
    assert world.dpo.get(f"/api/v1/insurance-claims/{first.json['id']}").json["paid"] == "50000.00"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"policy_id": str(uuid.uuid4())}, "policy_id"),
        ({"placement_id": str(uuid.uuid4())}, "placement_id"),
        ({"notified_on": days(400)}, "notified_on"),
        ({"reserved": "-5.00"}, "reserved"),
        ({"reserved": "2000000.00", "paid": "1.00"}, "reserved"),
        ({"status": "lost"}, "status"),
    ],
)
def test_bad_claims_get_422_and_nothing_is_stored(world, change, field):
    policy = world.add_policy()
    body = claim_body(policy["id"])
    body.update(change)
    response = world.dpo.post("/api/v1/insurance-claims", json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]
    assert db.session.query(InsuranceClaim).count() == 0


def test_members_cannot_see_or_write_insurance(world):
    assert world.member_api.get("/api/v1/insurance-policies").status_code == 403
    assert world.member_api.post("/api/v1/insurance-policies",
                                 json=policy_body()).status_code == 403


def test_auditor_reads_policies(world, api_as):
    world.add_policy()
    assert len(api_as("auditor").get("/api/v1/insurance-policies").json) == 1
