"""Applications through the API: record with consent, outcomes as a final state machine,
members only as themselves and only their own, encrypted client and title, audited reads."""

import uuid
from datetime import date, timedelta

import pytest

from compliance.applications.models import Application
from compliance.audit.models import AuditEvent
from compliance.extensions import db
from tests.integration.test_placements_support import World, grant_cv_sharing

CLIENT = "Beispiel Maschinenbau GmbH"
TODAY = date.today()


@pytest.fixture
def world(api_as, make_subject):
    return World(api_as, make_subject)


def application_body(world, candidate_id=None, **changes) -> dict:
    body = {"candidate_id": str(candidate_id or world.candidate.id), "member_id": str(world.member.id),
            "client_name": CLIENT, "client_country": "AT", "vacancy_title": "Process Engineer",
            "work_country": "AT", "applied_on": (TODAY - timedelta(days=20)).isoformat()}
    body.update(changes)
    return body


def apply(world, api=None, **changes) -> dict:
    grant_cv_sharing(uuid.UUID(changes.get("candidate_id") or str(world.candidate.id)), CLIENT)
    response = (api or world.dpo).post("/api/v1/applications", json=application_body(world, **changes))
    assert response.status_code == 201, response.json
    return response.json


def test_recorded_application_is_running_encrypted_and_audited(world):
    body = apply(world)
    assert body["status"] == "running" and body["outcome_on"] is None
    assert body["reference"].startswith("AP-") and body["work_country"] == "AT"
    assert body["client_name"] is None  # only a single, audited read decrypts
    row = db.session.get(Application, uuid.UUID(body["id"]))
    assert CLIENT.encode() not in row.client_name_ciphertext
    assert b"Process Engineer" not in row.vacancy_title_ciphertext
    read = world.dpo.get(f"/api/v1/applications/{body['id']}").json
    assert (read["client_name"], read["vacancy_title"]) == (CLIENT, "Process Engineer")
    actions = [e.action for e in db.session.query(AuditEvent).order_by(AuditEvent.id)]
    assert "application.recorded" in actions and "application.read" in actions
    details = str([e.details for e in db.session.query(AuditEvent)])
    assert CLIENT not in details and "Process Engineer" not in details


def test_without_consent_for_that_client_it_is_refused(world):
    grant_cv_sharing(world.candidate.id, "Other Client Oy")
    response = world.dpo.post("/api/v1/applications", json=application_body(world))
    assert response.status_code == 422 and "purpose" in response.json["errors"]
    assert db.session.query(Application).count() == 0


@pytest.mark.parametrize(("change", "field"), [
    ({"work_country": "XX"}, "work_country"),
    ({"client_name": ""}, "client_name"),
    ({"vacancy_title": "x" * 201}, "vacancy_title"),
    ({"applied_on": (TODAY + timedelta(days=3)).isoformat()}, "applied_on"),
    ({"candidate_id": str(uuid.uuid4())}, "candidate_id"),
    ({"unexpected": 1}, "unexpected"),
])
def test_bad_input_gets_422_with_field_errors(world, change, field):
    grant_cv_sharing(world.candidate.id, CLIENT)
    response = world.dpo.post("/api/v1/applications", json={**application_body(world), **change})
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]
    assert db.session.query(Application).count() == 0


def outcome(world, application_id, api=None, **body):
    return (api or world.dpo).post(f"/api/v1/applications/{application_id}/outcome", json=body)


def test_rejection_records_date_and_stage_and_is_final(world):
    created = apply(world)
    on = (TODAY - timedelta(days=2)).isoformat()
    rejected = outcome(world, created["id"], outcome="rejected", on=on, stage="interview")
    assert rejected.status_code == 200, rejected.json
    assert (rejected.json["status"], rejected.json["outcome_on"], rejected.json["rejection_stage"]) == (
        "rejected", on, "interview")
    again = outcome(world, created["id"], outcome="placed", on=on)
    assert again.status_code == 409
    event = db.session.query(AuditEvent).filter_by(action="application.outcome_recorded").one()
    assert event.details == {"outcome": "rejected", "stage": "interview", "work_country": "AT"}


@pytest.mark.parametrize(("body", "field"), [
    ({"outcome": "rejected", "on": (TODAY - timedelta(days=1)).isoformat()}, "stage"),
    ({"outcome": "withdrawn", "on": (TODAY - timedelta(days=1)).isoformat(), "stage": "offer"}, "stage"),
    ({"outcome": "rejected", "on": (TODAY - timedelta(days=60)).isoformat(), "stage": "offer"}, "on"),
    ({"outcome": "reopened", "on": TODAY.isoformat()}, "outcome"),
    ({"outcome": "withdrawn", "on": TODAY.isoformat(), "placement_id": str(uuid.uuid4())}, "placement_id"),
])
def test_impossible_outcomes_get_422(world, body, field):
    created = apply(world)
    response = outcome(world, created["id"], **body)
    assert response.status_code == 422 and field in response.json["errors"], response.json
    assert db.session.get(Application, uuid.UUID(created["id"])).status == "running"


def test_placed_names_a_placement_of_the_same_candidate(world, make_subject):
    created = apply(world)
    placement = world.place()
    other = world.place(candidate=make_subject(kind="candidate", country="DE"))
    wrong = outcome(world, created["id"], outcome="placed", on=TODAY.isoformat(), placement_id=other["id"])
    assert wrong.status_code == 422 and "placement_id" in wrong.json["errors"]
    placed = outcome(world, created["id"], outcome="placed", on=TODAY.isoformat(),
                     placement_id=placement["id"])
    assert placed.status_code == 200 and placed.json["placement_id"] == placement["id"]


def test_members_record_as_themselves_and_see_only_their_own(world, make_subject):
    candidate = world.member_candidate()
    mine = apply(world, api=world.member_api, candidate_id=candidate["id"])
    other_member = make_subject(kind="member", country="LV")
    grant_cv_sharing(uuid.UUID(candidate["id"]), CLIENT)
    refused = world.member_api.post("/api/v1/applications", json={
        **application_body(world, candidate["id"]), "member_id": str(other_member.id)})
    assert refused.status_code == 403
    theirs = apply(world, member_id=str(other_member.id))
    assert [i["id"] for i in world.member_api.get("/api/v1/applications").json["items"]] == [mine["id"]]
    for missing_or_theirs in (theirs["id"], str(uuid.uuid4())):
        assert world.member_api.get(f"/api/v1/applications/{missing_or_theirs}").status_code == 403
        assert outcome(world, missing_or_theirs, api=world.member_api, outcome="withdrawn",
                       on=TODAY.isoformat()).status_code == 403
    assert world.dpo.get(f"/api/v1/applications/{uuid.uuid4()}").status_code == 404
    assert world.dpo.get("/api/v1/applications").json["total"] == 2


def test_member_cannot_apply_for_a_candidate_recorded_by_someone_else(world):
    grant_cv_sharing(world.candidate.id, CLIENT)
    response = world.member_api.post("/api/v1/applications", json=application_body(world))
    assert response.status_code == 422 and "candidate_id" in response.json["errors"]


def test_auditor_reads_but_cannot_write(world, api_as):
    created = apply(world)
    auditor = api_as("auditor")
    assert auditor.get(f"/api/v1/applications/{created['id']}").status_code == 200
    assert outcome(world, created["id"], api=auditor, outcome="withdrawn",
                   on=TODAY.isoformat()).status_code == 403


def test_erasing_the_candidate_clears_client_and_title_keeps_the_outcome(world):
    from compliance.subjects.erasure import erase_subjects

    created = apply(world)
    outcome(world, created["id"], outcome="rejected", on=TODAY.isoformat(), stage="screening")
    erase_subjects([world.candidate.id], reference="test")
    db.session.commit()
    row = db.session.get(Application, uuid.UUID(created["id"]))
    assert row.client_name_ciphertext is None and row.vacancy_title_ciphertext is None
    assert (row.status, row.work_country, row.rejection_stage) == ("rejected", "AT", "screening")
