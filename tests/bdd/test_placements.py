"""Steps for features/placements: PI coverage verdicts and cross-border findings, via the API."""

from datetime import timedelta

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.integration.test_placements_support import TODAY, World, days, policy_body

scenarios("placements/coverage.feature", "placements/cross_border.feature")

POLICY_STATES = {
    "in force": {},
    "expired": {"period_start": days(-800), "period_end": days(-400)},
    "retroactive to after the start": {"retroactive_date": days(-10)},
    "exhausted by claims": {"aggregate_limit": "100000.00", "per_claim_limit": "100000.00"},
}


@pytest.fixture
def world(api_as, make_subject):
    return World(api_as, make_subject)


@given(parsers.parse('the platform\'s PI policy "{number}" of EUR 2,000,000 in the aggregate'))
def platform_policy(context, number):
    context["policy"] = {"policy_number": number}


@given("the policy territory is the EEA, Switzerland and the United Kingdom")
def territory(context):
    context["policy"]["territories"] = policy_body()["territories"]


@given(parsers.parse('the policy excludes the courts of "{courts}" and the activity "{activity}"'))
def exclusions(context, courts, activity):
    context["policy"].update(excluded_jurisdictions=courts.split(", "),
                             excluded_activities=[activity])


@given(parsers.parse('a {kind} placement working in "{work}" for a client in "{client}"'))
def placement_terms(context, kind, work, client):
    context["placement"] = {"placement_type": kind, "work_country": work, "client_country": client}


@given(parsers.parse("the member's membership is {state} on the start date"))
def membership(context, make_subject, state):
    if state == "lapsed":
        context["member"] = make_subject(kind="member", country="EE",
                                         membership_start=TODAY - timedelta(days=700),
                                         membership_end=TODAY - timedelta(days=60))


@given(parsers.parse("the policy is {state}"))
def policy_state(context, world, state):
    policy = world.add_policy(**{**context["policy"], **POLICY_STATES[state]})
    if state == "exhausted by claims":
        response = world.dpo.post("/api/v1/insurance-claims", json={
            "policy_id": policy["id"], "claim_reference": "CLM-1", "notified_on": days(-1),
            "reserved": "60000.00", "paid": "40000.00"})
        assert response.status_code == 201, response.json


def place(context, world) -> str:
    placement = world.place(member=context.get("member"), **context["placement"])
    return f"/api/v1/placements/{placement['id']}"


@when("the coverage of the placement is assessed")
def assess(context, world):
    context["verdict"] = world.dpo.get(place(context, world) + "/coverage").json


@then(parsers.parse("the placement is {verdict}"))
def verdict_is(context, verdict):
    assert context["verdict"]["covered"] is (verdict == "covered"), context["verdict"]


@then(parsers.parse('the reasons are "{reasons}"'))
def reasons_are(context, reasons):
    expected = [] if reasons == "none" else reasons.split(", ")
    assert [r["code"] for r in context["verdict"]["reasons"]] == expected


@given(parsers.parse('a member established in "{home}" who holds {held}'))
def member_holding(context, world, make_subject, home, held):
    member = make_subject(kind="member", country=home)
    context["member"] = member
    if held == "nothing":
        return
    _, kind, _, country = held.rsplit(" ", 3)
    expired = held.startswith("an expired")
    response = world.dpo.post(f"/api/v1/members/{member.id}/authorisations", json={
        "country": country, "kind": kind, "number": f"{country}-0001",
        "valid_until": days(-400 if expired else 400)})
    assert response.status_code == 201, response.json


@when("the cross-border rules are applied to the placement")
def apply_rules(context, world):
    context["findings"] = world.dpo.get(place(context, world) + "/cross-border").json["findings"]


@then(parsers.parse('there is a "{code}" finding of severity "{severity}"'))
def finding(context, code, severity):
    found = [(f["code"], f["severity"]) for f in context["findings"]]
    assert (code, severity) in found, found
