"""Data subject requests through the API: intake three ways, the clock, the workflow, visibility."""

import hashlib
import io
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.integration.test_requests_support import (
    BASE,
    all_audit_details,
    audit_actions,
    recently,
    submit,
    verified,
)


def test_staff_records_a_request_with_its_real_receipt_time(api_as, make_subject):
    subject = make_subject()
    created = submit(api_as("dpo"), subject.id, "erasure", channel="post",
                     received_at="2025-11-24T10:00:00+02:00")
    assert created["reference"].startswith("DSR-2025-")
    assert created["status"] == "received"
    # 24 Dec 2025 is Christmas Eve (Estonian holiday), then 25, 26 Dec and a weekend.
    assert created["due_date"] == created["original_due_date"] == "2025-12-29"
    assert created["extended"] is False
    assert created["overdue"] is True


def test_receipt_date_is_taken_in_tallinn(api_as, make_subject):
    subject = make_subject()
    # 22:30 UTC on 31 March is 1 April in Tallinn; 1 May is a holiday, 2-3 May a weekend.
    created = submit(api_as("dpo"), subject.id, received_at="2026-03-31T22:30:00+00:00")
    assert created["due_date"] == "2026-05-04"


def test_received_at_defaults_to_now(api_as, make_subject):
    created = submit(api_as("dpo"), make_subject().id)
    received = datetime.fromisoformat(created["received_at"])
    assert abs(received - datetime.now(UTC)) < timedelta(minutes=1)


def test_future_receipt_is_refused(api_as, make_subject):
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    response = api_as("dpo").post(BASE, json={"type": "access", "subject_id": str(make_subject().id),
                                              "received_at": future})
    assert response.status_code == 422 and "received_at" in response.json["errors"]


def test_naive_receipt_time_is_refused(api_as, make_subject):
    response = api_as("dpo").post(BASE, json={"type": "access", "subject_id": str(make_subject().id),
                                              "received_at": "2026-01-05T10:00:00"})
    assert response.status_code == 422 and "received_at" in response.json["errors"]


@pytest.mark.parametrize("body", [{"type": "forget_me"}, {"type": "access"}, {"type": "access",
                                  "subject_id": str(uuid.uuid4()), "channel": "pigeon"}])
def test_bad_intake_is_422(api_as, body):
    assert api_as("dpo").post(BASE, json=body).status_code == 422


def test_references_count_up_per_year(api_as, make_subject):
    api, subject = api_as("dpo"), make_subject()
    first = submit(api, subject.id, received_at="2025-06-02T09:00:00+03:00")["reference"]
    second = submit(api, subject.id, received_at="2025-06-03T09:00:00+03:00")["reference"]
    other_year = submit(api, subject.id, received_at=recently())["reference"]
    assert (first, second) == ("DSR-2025-000001", "DSR-2025-000002")
    assert other_year == f"DSR-{date.today().year}-000001"


def test_member_submits_for_a_new_subject_and_sees_only_their_own(api_as, make_subject):
    alice, bob = api_as("member"), api_as("member")
    created = alice.post(BASE, json={"type": "access", "subject": {
        "kind": "candidate", "name": "Liis Kask", "email": "liis@example.com", "country": "EE"}})
    assert created.status_code == 201, created.json
    own = submit(bob, bob.user.subject_id, "rectification")  # a member for themselves
    assert {i["id"] for i in alice.get(BASE).json["items"]} == {created.json["id"]}
    assert bob.get(f"{BASE}/{created.json['id']}").status_code == 403
    assert bob.get(f"{BASE}/{uuid.uuid4()}").status_code == 403
    assert bob.get(f"{BASE}/{own['id']}").status_code == 200
    assert "Liis" not in all_audit_details()


def test_member_cannot_request_for_someone_elses_subject(api_as, make_subject):
    response = api_as("member").post(BASE, json={"type": "access", "subject_id": str(make_subject().id)})
    assert response.status_code == 403


def test_member_cannot_claim_a_staff_channel_or_act_on_requests(api_as):
    member = api_as("member")
    response = member.post(BASE, json={"type": "access", "subject_id": str(member.user.subject_id),
                                       "channel": "post"})
    assert response.status_code == 422
    created = submit(member, member.user.subject_id)
    assert member.post(f"{BASE}/{created['id']}/verify-identity",
                       json={"method": "id_document"}).status_code == 403


def test_listing_filters(api_as, make_subject):
    api, subject = api_as("dpo"), make_subject()
    late = submit(api, subject.id, "erasure", received_at="2025-01-10T10:00:00+02:00")
    fresh = submit(api, subject.id, "access")
    ids = lambda **q: {i["id"] for i in api.get(BASE, query_string=q).json["items"]}  # noqa: E731
    assert ids(overdue="true") == {late["id"]}
    assert ids(overdue="false") == {fresh["id"]}
    assert ids(type="access") == {fresh["id"]}
    assert ids(due_before="2025-06-01") == {late["id"]}
    assert ids(status="received") == {late["id"], fresh["id"]}
    item = api.get(BASE, query_string={"type": "access"}).json["items"][0]
    assert not {"details", "name", "email"} & set(item)


def test_full_workflow_is_audited(api_as, make_subject):
    api, subject = api_as("dpo"), make_subject()
    created = verified(api, subject.id, "objection", details="Please stop matching me to jobs",
                       purposes=["job_alerts"])
    assert created["status"] == "in_progress" and created["identity_method"] == "id_document"
    done = api.post(f"{BASE}/{created['id']}/complete", json={})
    assert done.status_code == 200 and done.json["status"] == "completed"
    assert audit_actions(created["id"]) == [
        "request.received", "request.objections_recorded", "request.verify_identity", "request.complete"]
    assert "stop matching" not in all_audit_details()
    detail = api.get(f"{BASE}/{created['id']}").json
    assert detail["details"] == "Please stop matching me to jobs"
    assert audit_actions(created["id"])[-1] == "request.read"


@pytest.mark.parametrize(("status_path", "action"), [
    ("complete", "complete"), ("verify-identity", "verify")])
def test_invalid_transitions_are_409(api_as, make_subject, status_path, action):
    api = api_as("dpo")
    created = submit(api, make_subject().id)
    if action == "verify":
        api.post(f"{BASE}/{created['id']}/verify-identity", json={"method": "id_document"})
    response = api.post(f"{BASE}/{created['id']}/{status_path}",
                        json={} if action == "complete" else {"method": "id_document"})
    assert response.status_code == 409


def test_rejection_needs_a_listed_ground_and_an_explanation(api_as, make_subject):
    api = api_as("dpo")
    created = submit(api, make_subject().id, "access")
    url = f"{BASE}/{created['id']}/reject"
    assert api.post(url, json={"ground": "too_busy", "explanation": "x"}).status_code == 422
    wrong = api.post(url, json={"ground": "art17_3_e", "explanation": "legal claims"})
    assert wrong.status_code == 422 and "only to erasure" in wrong.json["message"]
    assert api.post(url, json={"ground": "excessive"}).status_code == 422
    done = api.post(url, json={"ground": "manifestly_unfounded", "explanation": "Third identical request"})
    assert done.status_code == 200
    assert done.json["status"] == "rejected"
    assert done.json["outcome"]["legal_reference"] == "GDPR Art 12(5)"
    assert api.post(url, json={"ground": "excessive", "explanation": "again"}).status_code == 409


def test_erasure_may_be_refused_under_art17_3_with_the_letter(api_as, make_subject):
    api = api_as("dpo")
    created = verified(api, make_subject().id, "erasure")
    response = api.post(f"{BASE}/{created['id']}/reject",
                        json={"ground": "art17_3_b", "explanation": "Tax audit in progress"})
    assert response.status_code == 200
    assert response.json["outcome"]["legal_reference"] == "GDPR Art 17(3)(b)"


def test_extension_makes_it_three_months_and_keeps_the_original(api_as, make_subject):
    api = api_as("dpo")
    created = submit(api, make_subject().id, "access", received_at=recently(2))
    response = api.post(f"{BASE}/{created['id']}/extend", json={
        "reason": "Records held by twelve members must be collected", "notified_at": recently(1)})
    assert response.status_code == 200, response.json
    body = response.json
    assert body["extended"] is True
    assert body["original_due_date"] == created["due_date"]
    assert date.fromisoformat(body["due_date"]) > date.fromisoformat(created["due_date"]) + timedelta(days=55)
    again = api.post(f"{BASE}/{created['id']}/extend", json={"reason": "more", "notified_at": recently(1)})
    assert again.status_code == 422 and "already been extended" in str(again.json["errors"])
    assert "twelve members" not in all_audit_details()


def test_extension_after_the_original_due_date_is_refused(api_as, make_subject):
    api = api_as("dpo")
    created = submit(api, make_subject().id, received_at="2025-01-10T10:00:00+02:00")
    response = api.post(f"{BASE}/{created['id']}/extend", json={
        "reason": "complex", "notified_at": "2025-01-20T10:00:00+02:00"})
    assert response.status_code == 422 and "has passed" in str(response.json["errors"])


def test_auditor_reads_but_cannot_act(api_as, make_subject):
    created = submit(api_as("dpo"), make_subject().id)
    auditor = api_as("auditor")
    assert auditor.get(BASE).json["total"] == 1
    assert auditor.post(f"{BASE}/{created['id']}/reject", json={
        "ground": "excessive", "explanation": "x"}).status_code == 403
    assert auditor.post(BASE, json={"type": "access", "subject_id": created["subject_id"]}).status_code == 403


def test_openapi_lists_the_request_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"/api/v1/subject-requests", "/api/v1/subject-requests/{request_id}/extend",
            "/api/v1/subject-requests/{request_id}/package"} <= set(paths)


def test_the_clock_stops_for_a_clarification_and_restarts_with_the_days_added(api_as, make_subject):
    api, subject = api_as("dpo"), make_subject()
    created = verified(api, subject.id, "access")
    url = f"{BASE}/{created['id']}"
    assert api.post(f"{url}/pause", json={"reason": "holiday"}).status_code == 422
    assert api.post(f"{url}/resume", json={}).status_code == 409  # the clock runs
    paused = api.post(f"{url}/pause", json={"reason": "clarification"})
    assert paused.status_code == 200 and paused.json["pause_reason"] == "clarification"
    assert api.post(f"{url}/pause", json={"reason": "identity"}).status_code == 409
    resumed = api.post(f"{url}/resume", json={})
    assert resumed.status_code == 200, resumed.json
    assert resumed.json["paused_at"] is None and resumed.json["paused_days"] == 0
    assert resumed.json["due_date"] == created["due_date"]  # same day: nothing added
    assert audit_actions(created["id"])[-2:] == ["request.clock_paused", "request.clock_resumed"]



LETTER_WORDS = {"en": "You have the right to lodge a complaint", "de": "Beschwerde einzulegen",
                "fr": "introduire une réclamation", "et": "esitada kaebus"}


@pytest.mark.parametrize("language", sorted(LETTER_WORDS))
def test_a_refusal_letter_in_the_persons_language_names_the_authority_and_is_recorded(
        api_as, make_subject, language):
    api, subject = api_as("dpo"), make_subject(country="DE", name="Greta Beispiel")
    created = verified(api, subject.id, "portability")
    api.post(f"{BASE}/{created['id']}/reject", json={
        "ground": "art20_not_applicable", "explanation": "Nothing you provided is processed on consent."})
    sent = api.post(f"{BASE}/{created['id']}/letters", json={"kind": "refusal", "language": language})
    assert sent.status_code == 201, sent.json
    text = sent.json["text"]
    assert LETTER_WORDS[language] in text and "Greta Beispiel" in text
    assert "GDPR Art 20(1)" in text and "Nothing you provided" in text
    assert "Andmekaitse Inspektsioon" in text  # the lead authority, Estonia's
    assert hashlib.sha256(text.encode()).hexdigest() == sent.json["sha256"]
    assert audit_actions(created["id"])[-1] == "request.answer_sent"
    assert "Greta" not in all_audit_details()


def test_letters_default_to_the_country_language_and_fit_the_request(api_as, make_subject):
    api, subject = api_as("dpo"), make_subject(country="EE")
    created = verified(api, subject.id, "access")
    ack = api.post(f"{BASE}/{created['id']}/letters", json={"kind": "acknowledgement", "channel": "post"})
    assert ack.status_code == 201 and ack.json["language"] == "et"
    assert "Saime teie taotluse" in ack.json["text"]
    assert api.post(f"{BASE}/{created['id']}/letters", json={"kind": "answer"}).status_code == 409
    assert api.post(f"{BASE}/{created['id']}/letters", json={"kind": "extension"}).status_code == 409
    assert api.post(f"{BASE}/{created['id']}/letters", json={"kind": "poem"}).status_code == 422
    assert audit_actions(created["id"])[-1] == "request.letter_sent"


def test_the_register_shows_objections_per_purpose_pauses_grounds_and_the_answer_sent(api_as, make_subject):
    import openpyxl

    from exports import LAYOUTS

    api, subject = api_as("dpo"), make_subject(country="FR")
    created = verified(api, subject.id, "objection", purposes=["candidate_matching", "job_alerts"])
    url = f"{BASE}/{created['id']}"
    api.post(f"{url}/pause", json={"reason": "clarification"})
    api.post(f"{url}/resume", json={})
    api.post(f"{url}/objection-decisions", json={"purpose": "candidate_matching", "decision": "refused",
                                                 "ground": "legal_claims", "balancing": "A claim runs."})
    assert api.post(f"{url}/complete", json={}).status_code == 200
    letter = api.post(f"{url}/letters", json={"kind": "answer", "channel": "post"}).json
    assert letter["language"] == "fr" and "Le traitement se poursuit" in letter["text"]
    refused = verified(api, subject.id, "access")
    api.post(f"{BASE}/{refused['id']}/reject", json={"ground": "art23_national_law", "explanation": "x",
                                                     "law": "Code X art. 1"})
    response = api.get("/api/v1/exports/dsr-register.xlsx")
    assert response.status_code == 200
    data = response.data
    response.close()
    book = openpyxl.load_workbook(io.BytesIO(data))
    headers = LAYOUTS["dsr-register"].sheet("Requests").headers
    by_reference = {row[0]: dict(zip(headers, row, strict=True))
                    for row in book["Requests"].iter_rows(min_row=2, values_only=True)}
    objection = by_reference[created["reference"]]
    assert objection["Objection per purpose"] == ("candidate_matching: refused (legal_claims); "
                                                  "job_alerts: upheld")
    assert objection["Days paused"] == 0 and objection["Answer SHA-256"] == letter["sha256"]
    assert objection["Answer sent (UTC)"] is not None
    refusal = by_reference[refused["reference"]]
    assert refusal["Rejection ground"] == ("GDPR Art 23: restricted by Union or member-state law; "
                                           "law: Code X art. 1")
    assert refusal["Answer sent (UTC)"] is None
