"""Steps for features/assessments: DPIA screening, prior consultation, and the gaps shown to the DPO."""

import random

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from compliance.assessments import demo
from compliance.assessments.rules import CRITERIA
from compliance.audit.services import CLI_ACTOR

scenarios("assessments/dpia.feature", "assessments/gaps.feature")

KINDS = ("illegitimate_access", "unwanted_change", "disappearance")


@pytest.fixture
def dpo(api_as):
    return api_as("dpo")


# -- screening -------------------------------------------------------------------------------------

@given(parsers.parse('a processing activity meeting the criteria "{criteria}"'), target_fixture="criteria")
def activity_criteria(criteria):
    chosen = [] if criteria == "none" else [c.strip() for c in criteria.split(",")]
    assert set(chosen) <= set(CRITERIA)
    return chosen


@given(parsers.parse("{ai} high-risk AI system is used for it"), target_fixture="high_risk_ai")
def ai_used(ai):
    return ai == "a"


@then(parsers.parse("a DPIA is {verdict}"), target_fixture="screening")
def dpia_verdict(criteria, high_risk_ai, verdict):
    from compliance.assessments.rules import dpia_screening

    screening = dpia_screening(criteria, high_risk_ai=high_risk_ai)
    assert screening.required is (verdict == "required"), screening
    return screening


@then(parsers.parse('the reason given mentions "{reason}"'))
def reason_mentions(screening, reason):
    assert reason in screening.reason, screening.reason


# -- DPIAs through the API -------------------------------------------------------------------------

def _new_dpia(dpo) -> dict:
    response = dpo.post("/api/v1/assessments/dpias", json={
        "title": "Candidate matching", "activities": ["candidate_sourcing"],
        "context": "Scores profiles against vacancies.",
        "necessity": "Only profile data; objection honoured.",
        "dpo_opinion": "Acceptable with the measures."})
    assert response.status_code == 201, response.json
    return response.json


@given("a DPIA for candidate sourcing", target_fixture="dpia")
def dpia_for_sourcing(dpo):
    return _new_dpia(dpo)


@given(parsers.parse("a DPIA whose every feared event is scored severity {severity:d} and likelihood "
                     "{likelihood:d} after the measures"), target_fixture="dpia")
def scored_dpia(dpo, severity, likelihood):
    dpia = _new_dpia(dpo)
    for kind in KINDS:
        response = dpo.post(f"/api/v1/assessments/dpias/{dpia['id']}/risks", json={
            "kind": kind, "severity_before": 4, "likelihood_before": 4, "severity_after": severity,
            "likelihood_after": likelihood, "measures": "encryption, access control"})
        assert response.status_code == 200, response.json
    return dpia


@given("it is submitted")
@when("it is submitted", target_fixture="submitted")
def submit(dpo, dpia):
    response = dpo.post(f"/api/v1/assessments/dpias/{dpia['id']}/submit")
    assert response.status_code == 200, response.json
    return response.json


@then(parsers.parse('its status is "{status}"'))
def status_is(submitted, status):
    assert submitted["status"] == status


@then(parsers.parse("it {can} be validated without the authority's answer"))
def validated_without_answer(dpo, dpia, can):
    response = dpo.post(f"/api/v1/assessments/dpias/{dpia['id']}/validate", json={})
    if can == "can":
        assert response.status_code == 200, response.json
        assert response.json["status"] == "validated"
    else:
        assert response.status_code == 422, response.json
        assert "Art 36" in " ".join(response.json["errors"]["status"])


@when(parsers.parse("a feared event is scored severity {before:d} before and {after:d} after the measures"),
      target_fixture="response")
def score_upwards(dpo, dpia, before, after):
    return dpo.post(f"/api/v1/assessments/dpias/{dpia['id']}/risks", json={
        "kind": "illegitimate_access", "severity_before": before, "likelihood_before": 2,
        "severity_after": after, "likelihood_after": 2})


@then(parsers.parse('the answer is {status:d} naming "{field}"'))
def answer_names(response, status, field):
    assert response.status_code == status, response.json
    assert field in response.json["errors"]


@when("the prior consultation is recorded as submitted and answered")
def consultation(dpo, dpia):
    response = dpo.patch(f"/api/v1/assessments/dpias/{dpia['id']}", json={
        "consultation_authority": "Andmekaitse Inspektsioon", "consultation_submitted_on": "2026-10-01",
        "consultation_answered_on": "2026-11-02", "consultation_outcome": "Proceed with the added measures."})
    assert response.status_code == 200, response.json


@then("it can be validated")
def can_be_validated(dpo, dpia):
    response = dpo.post(f"/api/v1/assessments/dpias/{dpia['id']}/validate", json={})
    assert response.status_code == 200, response.json
    assert response.json["status"] == "validated" and response.json["validated_at"]


# -- gaps ----------------------------------------------------------------------------------------

@given("the demo assessments: a validated DPIA for candidate matching, an LIA for each "
       "legitimate-interests purpose and the matching engine in the AI register")
def demo_assessments(app):
    demo.add_demo_data(CLI_ACTOR, random.Random(7))


def _flags(dpo) -> list[dict]:
    response = dpo.get("/api/v1/assessments/flags")
    assert response.status_code == 200, response.json
    return response.json


@then("no assessment gap is shown")
def no_gap(dpo):
    assert _flags(dpo) == []


def _one(dpo, url: str, **match) -> dict:
    rows = [r for r in dpo.get(url).json if all(r[k] == v for k, v in match.items())]
    assert len(rows) == 1, rows
    return rows[0]


@when(parsers.parse('the LIA for "{purpose}" fails its balancing test'))
def lia_fails(dpo, purpose):
    lia = _one(dpo, "/api/v1/assessments/lias", purpose=purpose)
    response = dpo.patch(f"/api/v1/assessments/lias/{lia['id']}", json={"balancing_outcome": "failed"})
    assert response.status_code == 200 and response.json["status"] == "failed", response.json


@when("the DPIA for candidate matching is reopened")
def dpia_reopened(dpo):
    dpia = _one(dpo, "/api/v1/assessments/dpias", title="Candidate matching and ranking")
    response = dpo.patch(f"/api/v1/assessments/dpias/{dpia['id']}",
                         json={"necessity": "Scores now also use assessment-centre results."})
    assert response.status_code == 200 and response.json["status"] == "in_review", response.json


@when("the matching engine is used without its DPIA")
def ai_without_dpia(dpo):
    system = _one(dpo, "/api/v1/assessments/ai-systems", name="Talent matching engine")
    response = dpo.patch(f"/api/v1/assessments/ai-systems/{system['id']}", json={"dpia_id": None})
    assert response.status_code == 200, response.json


@when("the matching engine decides alone with significant effect")
def ai_decides_alone(dpo):
    system = _one(dpo, "/api/v1/assessments/ai-systems", name="Talent matching engine")
    response = dpo.patch(f"/api/v1/assessments/ai-systems/{system['id']}",
                         json={"solely_automated": True, "significant_effect": True})
    assert response.status_code == 200, response.json


@then(parsers.parse('the gap "{gap}" is shown for "{concerns}"'))
def gap_shown(dpo, gap, concerns):
    if concerns == "matching engine":
        concerns = _one(dpo, "/api/v1/assessments/ai-systems", name="Talent matching engine")["reference"]
    found = [(f["code"], f["subject"]) for f in _flags(dpo)]
    assert (gap, concerns) in found, found
