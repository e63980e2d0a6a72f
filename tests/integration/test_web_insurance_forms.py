"""Staff add PI policies and record claims on the insurance page: the API's field rules, then the
insurance services; errors on the fields, staff only, CSRF enforced."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from compliance.audit.services import list_events
from compliance.extensions import db
from compliance.placements.models import InsuranceClaim, InsurancePolicy
from tests.integration.test_placements_support import World, days
from tests.integration.web_support import PASSWORD, web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def policy_form(**changes) -> dict:
    data = {"insurer": "Web Underwriting SE", "policy_number": "PI-WEB-1",
            "per_claim_limit": "1 000 000.50", "aggregate_limit": "2000000", "excess": "2500.00",
            "currency": "eur", "period_start": days(-30), "period_end": days(335),
            "retroactive_date": days(-365), "territories": "ee, lv ,LT,,FI",
            "excluded_jurisdictions": "US", "excluded_activities": ["temporary_agency_work"]}
    data.update(changes)
    return {f"policy-{k}": v for k, v in data.items()}


def claim_form(policy, **changes) -> dict:
    data = {"policy_id": str(policy), "claim_reference": "CLM-WEB-1", "notified_on": days(-2),
            "placement_id": "", "reserved": "1250.75", "paid": "0", "status": "open"}
    data.update(changes)
    return {f"claim-{k}": v for k, v in data.items()}


def invalid(page: str, field_id: str) -> bool:
    tags = re.findall(rf'<(?:input|select|textarea)[^>]*\bid="{field_id}"[^>]*>', page)
    return bool(tags) and 'aria-invalid="true"' in tags[0] and f'id="{field_id}-error"' in page


@pytest.mark.parametrize("role", ["dpo", "admin"])
def test_staff_add_a_policy_and_see_it(web_as, role):
    client = web_as(role)
    assert "Add a policy" in client.get("/insurance").get_data(as_text=True)
    response = client.post("/insurance/policies", data=policy_form(), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Policy PI-WEB-1 was added" in page
    assert "PI-WEB-1 · Web Underwriting SE" in page and "1,000,000.50 EUR" in page
    stored = db.session.scalar(select(InsurancePolicy))
    assert stored.per_claim_limit == Decimal("1000000.50") and stored.aggregate_limit == Decimal("2000000.00")
    assert stored.currency == "EUR" and stored.territories == ["EE", "FI", "LT", "LV"]
    assert stored.excluded_jurisdictions == ["US"] and stored.excluded_activities == ["temporary_agency_work"]
    [event] = list_events({"action": "insurance_policy.created"}, 1, 10)[0]
    assert str(event.object_id) == str(stored.id)
    assert "Record a claim" in page


@pytest.mark.parametrize("changes, field", [
    ({"territories": "EE, XX"}, "policy-territories"),             # unknown ISO code (schema)
    ({"territories": ""}, "policy-territories"),
    ({"per_claim_limit": "lots"}, "policy-per_claim_limit"),
    ({"excess": "-5"}, "policy-excess"),
    ({"currency": "EURO"}, "policy-currency"),
    ({"period_end": days(-60)}, "policy-period_end"),              # before the start
    ({"period_start": "2026-02-30"}, "policy-period_start"),
    ({"per_claim_limit": "3000000"}, "policy-per_claim_limit"),    # above the aggregate (service)
    ({"retroactive_date": days(400)}, "policy-retroactive_date"),  # after the period (service)
    ({"excluded_jurisdictions": "U1"}, "policy-excluded_jurisdictions"),
])
def test_a_bad_policy_shows_field_errors_and_stores_nothing(web_as, changes, field):
    response = web_as("dpo").post("/insurance/policies", data=policy_form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and invalid(page, field), page
    assert "Please correct the following" in page and count(InsurancePolicy) == 0
    if changes.get("territories") == "EE, XX":
        assert "XX: Unknown country code" in page
    assert not list_events({"action": "insurance_policy.created"}, 1, 10)[0]


def test_a_taken_policy_number_is_a_field_error(web_as):
    client = web_as("dpo")
    assert client.post("/insurance/policies", data=policy_form()).status_code == 302
    response = client.post("/insurance/policies", data=policy_form(insurer="Other"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and invalid(page, "policy-policy_number")
    assert "already recorded" in page and count(InsurancePolicy) == 1


@pytest.fixture
def world(api_as, make_subject):
    return World(api_as, make_subject)


def test_staff_record_a_claim_that_erodes_the_aggregate(web_as, world):
    policy = world.add_policy(aggregate_limit="1000000.00", per_claim_limit="1000000.00")
    placement = world.place()
    client = web_as("dpo")
    response = client.post("/insurance/claims", follow_redirects=True, data=claim_form(
        policy["id"], placement_id=placement["id"], reserved="600 000.00", paid="50000"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Claim CLM-WEB-1 was recorded" in page
    assert "650,000.00</strong> EUR used" in page and placement["reference"] in page
    claim = db.session.scalar(select(InsuranceClaim))
    assert claim.reserved == Decimal("600000.00") and claim.paid == Decimal("50000.00")
    [event] = list_events({"action": "insurance_claim.created"}, 1, 10)[0]
    assert event.details == {"policy_id": policy["id"], "status": "open"}


@pytest.mark.parametrize("changes, field", [
    ({"notified_on": days(400)}, "claim-notified_on"),      # outside the period (service)
    ({"reserved": "3000000.00"}, "claim-reserved"),         # above the per-claim limit (service)
    ({"paid": "-0.01"}, "claim-paid"),                      # negative (schema)
    ({"placement_id": "PL-123"}, "claim-placement_id"),     # not an id (schema)
    ({"placement_id": "00000000-0000-4000-8000-000000000000"}, "claim-placement_id"),  # service
    ({"status": "lost"}, "claim-status"),
    ({"policy_id": "00000000-0000-4000-8000-000000000000"}, "claim-policy_id"),
    ({"claim_reference": ""}, "claim-claim_reference"),
])
def test_a_bad_claim_shows_field_errors_and_stores_nothing(web_as, world, changes, field):
    policy = world.add_policy()
    response = web_as("admin").post("/insurance/claims", data=claim_form(policy["id"], **changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and invalid(page, field), page
    assert count(InsuranceClaim) == 0


@pytest.mark.parametrize("role", ["auditor", "member"])
def test_others_cannot_add_and_auditors_see_no_forms(web_as, world, role):
    policy = world.add_policy()
    client = web_as(role)
    assert client.post("/insurance/policies", data=policy_form()).status_code == 403
    assert client.post("/insurance/claims", data=claim_form(policy["id"])).status_code == 403
    assert count(InsurancePolicy) == 1 and count(InsuranceClaim) == 0
    if role == "auditor":
        page = client.get("/insurance").get_data(as_text=True)
        assert "Add a policy" not in page and "Record a claim" not in page


def signed_in_with_csrf(app_factory, make_user):
    user, _ = make_user("dpo")
    client = app_factory(WTF_CSRF_ENABLED=True).test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)
    assert client.post("/login", data={"email": user.test_email, "password": PASSWORD,
                                       "csrf_token": token}).status_code == 302
    return client


def test_csrf_is_enforced(app_factory, make_user, world):
    policy = world.add_policy()
    client = signed_in_with_csrf(app_factory, make_user)
    assert client.post("/insurance/policies", data=policy_form(policy_number="PI-2")).status_code == 400
    assert client.post("/insurance/claims", data=claim_form(policy["id"])).status_code == 400
    assert count(InsurancePolicy) == 1 and count(InsuranceClaim) == 0
    page = client.get("/insurance").get_data(as_text=True)
    token = re.search(r'name="policy-csrf_token"[^>]*value="([^"]+)"', page).group(1)
    done = client.post("/insurance/policies", data={**policy_form(policy_number="PI-2"),
                                                    "policy-csrf_token": token})
    assert done.status_code == 302 and count(InsurancePolicy) == 2


def test_the_forms_keep_the_csp(web_as, world):
    world.add_policy()
    page = web_as("dpo").get("/insurance").get_data(as_text=True)
    assert "Add a policy" in page and "Record a claim" in page
    assert "style=" not in page and "<style" not in page and "onclick" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
