"""Staff record a request received by e-mail, post, phone or in person, at its real time of receipt."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from compliance.extensions import db
from compliance.requests.clock import due_date_for
from compliance.requests.models import SubjectRequest
from compliance.subjects.models import Subject
from compliance.timeutil import as_utc
from tests.integration.web_support import web_client_factory

TALLINN = ZoneInfo("Europe/Tallinn")


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


def _local(instant: datetime) -> str:
    return instant.astimezone(TALLINN).strftime("%Y-%m-%dT%H:%M")


def _only_request() -> SubjectRequest:
    db.session.expire_all()
    return db.session.execute(select(SubjectRequest)).scalar_one()


def test_a_posted_request_for_a_known_subject_runs_from_its_receipt(web_as, make_subject):
    person = make_subject()
    received = (datetime.now(UTC) - timedelta(days=3, hours=5)).replace(second=0, microsecond=0)
    response = web_as("dpo").post("/requests/record", data={
        "type": "access", "channel": "post", "received_at": _local(received), "who": "known",
        "subject": person.reference})
    assert response.status_code == 302
    item = _only_request()
    assert item.subject_id == person.id and item.channel == "post"
    assert as_utc(item.received_at) == received  # Tallinn time typed, UTC stored
    assert item.due_date == due_date_for(received)


def test_a_phoned_request_from_someone_new_registers_the_subject(web_as):
    response = web_as("dpo").post("/requests/record", data={
        "type": "erasure", "channel": "phone", "received_at": _local(datetime.now(UTC)),
        "who": "candidate", "name": "Mari Maasikas", "email": "mari@example.com", "country": "ee"})
    assert response.status_code == 302
    item = _only_request()
    subject = db.session.get(Subject, item.subject_id)
    assert subject.kind == "candidate" and subject.country == "EE" and subject.source == "request_phone"
    assert b"Mari" not in (subject.name_ciphertext or b"")  # stored encrypted


@pytest.mark.parametrize(("form", "error"), [
    ({"who": "known", "subject": ""}, "Give the subject&#39;s reference."),
    ({"who": "known", "subject": "SUB-00000-00000"}, "No subject has this reference"),
    ({"who": "candidate", "name": "", "country": ""}, "Required for a new subject."),
    ({"who": "known", "subject": "x", "received_at": ""}, "This field is required."),
])
def test_what_is_missing_is_named_on_its_field(web_as, form, error):
    data = {"type": "access", "channel": "email", "received_at": _local(datetime.now(UTC)), **form}
    response = web_as("dpo").post("/requests/record", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and error in page and 'aria-invalid="true"' in page
    assert db.session.execute(select(SubjectRequest)).first() is None


def test_a_receipt_in_the_future_is_refused_on_its_field(web_as, make_subject):
    person = make_subject()
    response = web_as("dpo").post("/requests/record", data={
        "type": "access", "channel": "email", "received_at": _local(datetime.now(UTC) + timedelta(days=2)),
        "who": "known", "subject": person.reference})
    assert response.status_code == 422 and "Must not be in the future." in response.get_data(as_text=True)


def test_auditors_cannot_record_requests(web_as):
    assert web_as("auditor").get("/requests/record").status_code == 403
    assert "Record a request" not in web_as("auditor").get("/requests").get_data(as_text=True)


def test_the_staff_page_leaves_the_public_request_form_where_it_is(web_as, client):
    assert client.get("/requests/make").status_code == 200  # data subjects, signed out
    assert web_as("dpo").get("/requests/record").status_code == 200


def test_the_public_form_renders_no_none_attributes(client):
    page = client.get("/requests/make").get_data(as_text=True)
    assert '="None"' not in page
    details = page[page.index('name="details"') - 300:page.index('name="details"') + 100]
    assert "required" not in details  # the optional details box is not announced as required
    assert 'required' in page[page.index('name="email"') - 300:page.index('name="email"') + 100]
