"""Request pages: the queue, the detail page and every action, conflicts shown plainly."""

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from compliance.audit.services import CLI_ACTOR
from compliance.extensions import db
from compliance.requests.models import SubjectRequest
from compliance.requests.services import reject_request, submit_request, verify_identity
from compliance.subjects.models import Subject
from compliance.timeutil import as_utc
from tests.integration.web_support import web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


@pytest.fixture
def make_request(make_subject):
    def make(kind="access", days_ago=0):
        subject = make_subject()
        received = datetime.now(UTC) - timedelta(days=days_ago)
        return submit_request(CLI_ACTOR, {"type": kind, "subject_id": subject.id,
                                          "received_at": received, "channel": "email"})
    return make


def test_the_queue_lists_requests_by_due_date_and_flags_overdue(web_as, make_request):
    late, fresh = make_request(days_ago=45), make_request()
    client = web_as("dpo")
    page = client.get("/requests").get_data(as_text=True)
    assert page.index(late.reference) < page.index(fresh.reference)
    overdue = client.get("/requests?flag=overdue").get_data(as_text=True)
    assert late.reference in overdue and fresh.reference not in overdue
    assert "overdue" in overdue


def test_the_overview_counts_the_overdue_request(web_as, make_request):
    make_request(days_ago=45)
    page = web_as("dpo").get("/overview").get_data(as_text=True)
    assert 'href="/requests?flag=overdue">1<' in page


def test_verify_then_complete_an_access_request_and_download_its_package(web_as, make_request):
    item = make_request()
    client = web_as("dpo")
    assert client.post(f"/requests/{item.id}/verify", data={"method": "id_document"}).status_code == 302
    assert client.post(f"/requests/{item.id}/complete").status_code == 302
    page = client.get(f"/requests/{item.id}").get_data(as_text=True)
    assert "Download package (JSON)" in page and "Identity verified" in page
    download = client.get(f"/requests/{item.id}/package.json")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.json is not None


def test_extend_with_a_reason_moves_the_due_date(web_as, make_request):
    item = make_request(days_ago=1)  # "now" typed as UTC reads earlier in Tallinn
    client = web_as("dpo")
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/requests/{item.id}/extend",
                           data={"reason": "Many related requests", "notified_at": now},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "The request was extended" in page and "Extension reason" in page


def test_the_time_the_subject_was_told_is_read_in_the_controllers_zone(web_as, make_request):
    item = make_request(days_ago=2)
    told = (datetime.now(UTC) - timedelta(hours=3)).replace(second=0, microsecond=0)
    local = told.astimezone(ZoneInfo("Europe/Tallinn")).strftime("%Y-%m-%dT%H:%M")
    response = web_as("dpo").post(f"/requests/{item.id}/extend",
                                  data={"reason": "Many related requests", "notified_at": local})
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(SubjectRequest, item.id).extension_notified_at
    assert as_utc(stored) == told


def test_an_extension_without_a_reason_shows_the_field_error(web_as, make_request):
    item = make_request()
    response = web_as("dpo").post(f"/requests/{item.id}/extend", data={"reason": "", "notified_at": ""})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_someone_else_acting_first_is_shown_plainly(web_as, make_request):
    item = make_request()
    client = web_as("dpo")
    client.get(f"/requests/{item.id}")
    verify_identity(CLI_ACTOR, item.id, "known_contact")  # a colleague, meanwhile
    response = client.post(f"/requests/{item.id}/start-verification", follow_redirects=True)
    assert "Someone else acted on this request first" in response.get_data(as_text=True)


def test_reject_requires_an_explanation_and_records_the_ground(web_as, make_request):
    item = make_request(kind="erasure")
    client = web_as("dpo")
    response = client.post(f"/requests/{item.id}/reject",
                           data={"ground": "art17_3_e", "explanation": "Pending court case"},
                           follow_redirects=True)
    assert "Refused on" in response.get_data(as_text=True)


def test_auditors_read_requests_but_cannot_act(web_as, make_request):
    item = make_request()
    client = web_as("auditor")
    page = client.get(f"/requests/{item.id}").get_data(as_text=True)
    assert "Timeline" in page and "Mark identity verified" not in page
    assert client.post(f"/requests/{item.id}/verify", data={"method": "other"}).status_code == 403


def test_members_cannot_open_the_staff_queue(web_as, make_request):
    item = make_request()
    client = web_as("member")
    assert client.get("/requests").status_code == 403
    assert client.get(f"/requests/{item.id}").status_code == 403


def test_the_queue_shows_open_requests_by_default_and_all_on_request(web_as, make_request):
    open_one, closed = make_request(), make_request()
    reject_request(CLI_ACTOR, closed.id, "manifestly_unfounded", "Repeated identical request")
    client = web_as("dpo")
    default = client.get("/requests").get_data(as_text=True)
    assert open_one.reference in default and closed.reference not in default
    everything = client.get("/requests?flag=all").get_data(as_text=True)
    assert open_one.reference in everything and closed.reference in everything


def test_the_queue_finds_a_request_by_its_reference_or_its_subjects(web_as, make_request, make_subject):
    wanted, other = make_request(), make_request()
    client = web_as("dpo")
    by_reference = client.get("/requests", query_string={"q": wanted.reference.lower()})
    by_reference = by_reference.get_data(as_text=True)
    assert wanted.reference in by_reference and other.reference not in by_reference
    subject_ref = db.session.get(Subject, wanted.subject_id).reference
    by_subject = client.get("/requests", query_string={"q": subject_ref}).get_data(as_text=True)
    assert wanted.reference in by_subject and other.reference not in by_subject
    assert subject_ref in by_subject  # the subject column


def test_the_filtered_queue_downloads_as_csv_without_personal_data(web_as, make_request):
    wanted, _ = make_request(kind="erasure"), make_request(kind="access")
    response = web_as("auditor").get("/requests/download.csv", query_string={"type": "erasure"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["Reference", "Subject reference", "Right", "Right code"]
    assert [row[0] for row in rows[1:]] == [wanted.reference]
    assert rows[1][2:4] == ["Erasure (Art 17)", "erasure"] and rows[1][1].startswith("SUB-")
    assert "@example.com" not in response.get_data(as_text=True)


def test_the_extend_form_is_offered_only_while_extension_is_possible(web_as, make_request):
    fresh, late = make_request(), make_request(days_ago=45)
    client = web_as("dpo")
    assert "Reason for the extension" in client.get(f"/requests/{fresh.id}").get_data(as_text=True)
    assert "Reason for the extension" not in client.get(f"/requests/{late.id}").get_data(as_text=True)


def test_after_verification_the_refuse_form_does_not_offer_identity_not_verified(web_as, make_request):
    item = make_request()
    client = web_as("dpo")
    assert 'value="identity_not_verified"' in client.get(f"/requests/{item.id}").get_data(as_text=True)
    verify_identity(CLI_ACTOR, item.id, "id_document")
    page = client.get(f"/requests/{item.id}").get_data(as_text=True)
    assert 'value="identity_not_verified"' not in page


def test_the_dpo_decides_an_objection_per_purpose_on_the_detail_page(web_as, make_request):
    item = make_request(kind="objection")
    client = web_as("dpo")
    page = client.get(f"/requests/{item.id}").get_data(as_text=True)
    assert "Decide the objection" in page and "candidate matching" in page
    refused = client.post(f"/requests/{item.id}/objection-decision",
                          data={"purpose": "candidate_matching", "decision": "refused",
                                "ground": "compelling_grounds", "balancing": ""})
    assert refused.status_code == 422
    assert "Record the balancing" in refused.get_data(as_text=True)
    done = client.post(f"/requests/{item.id}/objection-decision",
                       data={"purpose": "candidate_matching", "decision": "refused",
                             "ground": "compelling_grounds", "balancing": "Overriding need"},
                       follow_redirects=True)
    page = done.get_data(as_text=True)
    assert "The decision on the objection was recorded" in page
    assert "Overriding need" not in page  # the balancing is kept encrypted, not shown in the list


def test_the_clock_stops_and_restarts_from_the_detail_page(web_as, make_request):
    item = make_request()
    client = web_as("dpo")
    stopped = client.post(f"/requests/{item.id}/pause", follow_redirects=True).get_data(as_text=True)
    assert "The clock stands still" in stopped and "waiting for a clarification" in stopped
    restarted = client.post(f"/requests/{item.id}/resume", follow_redirects=True).get_data(as_text=True)
    assert "The clock runs again" in restarted and "Clock restarted" in restarted
