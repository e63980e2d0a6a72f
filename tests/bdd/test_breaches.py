"""Steps for features/breaches: the 72-hour clock, late reasons, decisions not to notify."""

from datetime import UTC, datetime, timedelta

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

scenarios("breaches/notification_clock.feature")


@pytest.fixture
def dpo(api_as):
    return api_as("dpo")


def _ago(hours: int) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat()


@when(parsers.parse('a breach is reported with awareness at "{aware_at}"'), target_fixture="response")
def report_at(dpo, aware_at):
    return dpo.post("/api/v1/breaches", json={"aware_at": aware_at, "nature": "Lost laptop"})


@then(parsers.parse('it must be notified by "{notify_by}"'))
def notify_by_is(response, notify_by):
    assert response.status_code == 201, response.json
    assert response.json["notify_by"] == notify_by


@given(parsers.parse("a breach the DPO became aware of {hours:d} hours ago"), target_fixture="breach")
def aware_hours_ago(dpo, hours):
    return dpo.post("/api/v1/breaches", json={"aware_at": _ago(hours), "nature": "Lost laptop",
                                              "risk": "risk"}).json


@when(parsers.parse("the authority is notified now {with_reasons}"), target_fixture="response")
def notify_now(dpo, breach, with_reasons):
    body = {"recipient": "authority", "sent_at": datetime.now(UTC).isoformat()}
    if with_reasons == "with late reasons":
        body["late_reasons"] = "The scope was only known after the forensic report"
    return dpo.post(f"/api/v1/breaches/{breach['id']}/notifications", json=body)


@then(parsers.parse('the answer is {status:d} and the clock reads "{clock}"'))
def answer_and_clock(dpo, breach, response, status, clock):
    assert response.status_code == status, response.json
    assert dpo.get(f"/api/v1/breaches/{breach['id']}").json["clock"]["state"] == clock


@when(parsers.parse('a breach is assessed with risk "{risk}", decision not to notify and reasoning '
                    '"{reasoning}"'), target_fixture="response")
def decide_not_to_notify(dpo, risk, reasoning):
    return dpo.post("/api/v1/breaches", json={
        "aware_at": _ago(1), "nature": "E-mail in CC", "risk": risk, "notify_decision": False,
        "decision_reasoning": None if reasoning == "(none)" else reasoning})


@then(parsers.parse("the answer is {status:d}"))
def answer_is(response, status):
    assert response.status_code == status, response.json
