"""The register of assessments end to end: roles, validation, the RoPA and the access package
reading from it, the assessments workbook, and an audit trail without the assessments' texts."""

import json
import random

import pytest

from compliance.assessments import demo
from compliance.audit.models import AuditEvent
from compliance.audit.services import CLI_ACTOR
from compliance.extensions import db
from compliance.policy_context import current_policies
from exports import LAYOUTS
from tests.integration.test_export_workbooks import fetch, rows
from tests.integration.test_requests_support import BASE, complete, verified

URL = "/api/v1/assessments"


@pytest.fixture
def demo_register(app):
    demo.add_demo_data(CLI_ACTOR, random.Random(3))


def _ico_row(workbook, activity_id: str) -> dict:
    headers = LAYOUTS["ropa"].sheet("ICO RoPA").headers
    purpose = next(a.purpose for a in current_policies().processing_activities if a.id == activity_id)
    found = [dict(zip(headers, r, strict=True)) for r in rows(workbook, "ICO RoPA")]
    return next(r for r in found if r["Purpose of processing"] == purpose)


def test_members_see_nothing_auditors_read_staff_write(api_as):
    member, auditor, dpo = api_as("member"), api_as("auditor"), api_as("dpo")
    body = {"title": "Matching", "activities": ["candidate_sourcing"]}
    assert member.get(f"{URL}/dpias").status_code == 403
    assert auditor.post(f"{URL}/dpias", json=body).status_code == 403
    created = dpo.post(f"{URL}/dpias", json=body)
    assert created.status_code == 201 and created.json["reference"].startswith("DPIA-")
    assert auditor.get(f"{URL}/dpias/{created.json['id']}").json["status"] == "draft"
    assert member.get(f"{URL}/flags").status_code == 403


def test_validation_names_everything_missing(api_as):
    dpo = api_as("dpo")
    dpia = dpo.post(f"{URL}/dpias", json={"title": "Matching", "activities": ["candidate_sourcing"]}).json
    assert dpo.post(f"{URL}/dpias/{dpia['id']}/submit").status_code == 422  # no risk assessed
    dpo.post(f"{URL}/dpias/{dpia['id']}/risks", json={
        "kind": "disappearance", "severity_before": 2, "likelihood_before": 2, "severity_after": 1,
        "likelihood_after": 1})
    assert dpo.post(f"{URL}/dpias/{dpia['id']}/validate", json={}).status_code == 409  # still a draft
    assert dpo.post(f"{URL}/dpias/{dpia['id']}/submit").json["status"] == "in_review"
    refused = dpo.post(f"{URL}/dpias/{dpia['id']}/validate", json={})
    assert refused.status_code == 422
    assert set(refused.json["errors"]) == {"context", "necessity", "risks", "dpo_opinion"}
    assert "illegitimate_access" in refused.json["errors"]["risks"][0]


def test_hostile_and_unknown_inputs_are_refused_per_field(api_as):
    dpo = api_as("dpo")
    bad = dpo.post(f"{URL}/dpias", json={"title": "  ", "activities": ["mind_reading"]})
    assert bad.status_code == 422 and {"title", "activities"} <= set(bad.json["errors"])
    lia = dpo.post(f"{URL}/lias", json={"purpose": "talent_pool", "interest": "Pool"})
    assert lia.status_code == 422 and "purpose" in lia.json["errors"]  # consent, not Art 6(1)(f)
    ai = dpo.post(f"{URL}/ai-systems", json={
        "name": "Ranker", "provider": "Acme", "annex_iii": "4(a)", "logic": "x", "significance": "y",
        "art22_exception": "c", "solely_automated": False, "log_retention": "six months"})
    assert ai.status_code == 422 and "log_retention" in ai.json["errors"]
    assert db.session.query(AuditEvent).filter(AuditEvent.action.like("ai_system.%")).count() == 0


def test_an_lia_is_validated_only_when_all_three_tests_pass(api_as):
    dpo = api_as("dpo")
    body = {"purpose": "candidate_matching", "interest": "Propose vacancies", "purpose_outcome": "passed",
            "necessity_outcome": "passed"}
    lia = dpo.post(f"{URL}/lias", json=body).json
    assert lia["status"] == "draft"  # balancing pending
    done = dpo.patch(f"{URL}/lias/{lia['id']}", json={"balancing_outcome": "passed"}).json
    assert done["status"] == "validated" and done["decided_at"]
    assert dpo.patch(f"{URL}/lias/{lia['id']}", json={"balancing_outcome": "passed"}).status_code == 422


def test_the_ropa_reads_dpia_lia_and_ai_from_the_register(api_as, app):
    auditor = api_as("auditor")
    before = _ico_row(fetch(auditor, "ropa")[0], "candidate_sourcing")
    assert before["DPIA required?"] == "yes"
    assert before["DPIA progress"].startswith("required: not started")
    assert before["Link to DPIA"] is None
    assert "none validated" in before["Link to record of legitimate interests assessment"]
    demo.add_demo_data(CLI_ACTOR, random.Random(3))
    after = _ico_row(fetch(auditor, "ropa")[0], "candidate_sourcing")
    assert after["DPIA progress"].startswith("validated; next review")
    assert after["Link to DPIA"].startswith("DPIA-")
    assert after["Link to record of legitimate interests assessment"].startswith("LIA-")
    automated = after["Existence of automated decision-making, including profiling"]
    assert "Profiling" in automated and "Talent matching engine (AI-" in automated


def test_the_assessments_workbook_lists_register_and_gaps(api_as, demo_register):
    dpo = api_as("dpo")
    workbook, _ = fetch(dpo, "assessments")
    assert [r[0] for r in rows(workbook, "DPIAs")][0].startswith("DPIA-")
    assert sorted(r[1] for r in rows(workbook, "DPIA risks")) == [
        "Disappearance", "Illegitimate access", "Unwanted change"]
    assert {r[2] for r in rows(workbook, "LIAs")} == {"candidate_matching", "client_relationship",
                                                      "reference_checks"}
    assert "Candidate matching" in {r[1] for r in rows(workbook, "LIAs")}  # the policy's name, not the code
    assert rows(workbook, "Gaps") == []
    lia = next(x for x in dpo.get(f"{URL}/lias").json if x["purpose"] == "reference_checks")
    dpo.patch(f"{URL}/lias/{lia['id']}", json={"necessity_outcome": "failed"})
    gaps = rows(fetch(dpo, "assessments")[0], "Gaps")
    assert [(g[0], g[1], g[2]) for g in gaps] == [("LIA missing", "lia_missing", "reference_checks")]


def test_the_access_package_explains_the_matching_logic(api_as, make_subject, demo_register):
    api = api_as("dpo")
    candidate = make_subject(name="Ilmar Ots")
    created = verified(api, candidate.id, "access")
    assert complete(api, created["id"]).status_code == 200
    package = json.loads(api.get(f"{BASE}/{created['id']}/package", query_string={"format": "json"}).data)
    automated = package["art15_information"]["automated_decision_making"]
    assert automated["exists"] is False  # profiling, but the member decides
    [system] = automated["profiling_or_automated_processing"]
    assert system["system"] == "Talent matching engine" and system["purposes"] == ["candidate_matching"]
    assert "skills" in system["logic"] and "member decides" in system["significance_and_consequences"]


def test_the_trail_gets_references_never_the_texts(api_as, demo_register):
    details = json.dumps([e.details for e in db.session.query(AuditEvent).filter(
        AuditEvent.object_type.in_(("dpia", "lia", "ai_system")))])
    assert "DPIA-" in details and "LIA-" in details and "AI-" in details
    for text in ("Scores profiles", "talent-pool profile", "Proposing suitable vacancies", "skills"):
        assert text not in details
