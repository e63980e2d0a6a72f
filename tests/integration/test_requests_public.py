"""The public request form: no account, emailed confirmation, same answer for known and unknown
addresses, rate limit, CSRF."""

import re

import pytest

from compliance.extensions import db
from compliance.mail import read_outbox
from compliance.requests.models import SubjectRequest

FORM = {"type": "access", "name": "Kadri Kuusk", "email": "kadri@example.com", "country": "ee",
        "kind": "candidate", "details": "All my data please"}


def _link(message) -> str:
    body = message.get_content()
    return re.search(r"https?://\S+(/requests/confirm/\S+)", body).group(1)


def test_form_is_served_with_labels(client):
    page = client.get("/requests/make")
    assert page.status_code == 200
    assert b'<label for="email"' in page.data and b"Send request" in page.data


def test_submit_emails_a_link_and_confirming_puts_the_request_on_the_queue(client, api_as):
    response = client.post("/requests/make", data=FORM)
    assert response.status_code == 303 and response.location.endswith("/requests/sent")
    request = db.session.query(SubjectRequest).one()
    assert request.status == "pending_confirmation" and request.channel == "public_form"
    assert request.due_date is not None  # on the clock from submission
    (message,) = read_outbox()
    assert message["To"] == "kadri@example.com" and request.reference in message["Subject"]
    assert "Kadri" not in message.get_content()
    path = _link(message)
    assert str(request.id) not in path
    assert client.get(path).status_code == 200  # GET shows a button, changes nothing
    db.session.expire_all()
    assert db.session.get(SubjectRequest, request.id).status == "pending_confirmation"
    confirmed = client.post(path)
    assert confirmed.status_code == 200 and request.reference.encode() in confirmed.data
    db.session.expire_all()
    assert db.session.get(SubjectRequest, request.id).status == "received"
    assert client.post(path).status_code == 200  # idempotent
    listed = api_as("dpo").get("/api/v1/subject-requests").json["items"]
    assert listed[0]["confirmed_at"] and listed[0]["status"] == "received"


def test_known_and_unknown_addresses_get_the_same_answer(client, make_subject):
    known = make_subject(email="known@example.com")
    first = client.post("/requests/make", data={**FORM, "email": "known@example.com"})
    second = client.post("/requests/make", data={**FORM, "email": "stranger@example.com"})
    assert (first.status_code, first.location) == (second.status_code, second.location)
    assert client.get(first.location).data == client.get(second.location).data
    assert len(read_outbox()) == 2
    subject_ids = {r.subject_id for r in db.session.query(SubjectRequest)}
    assert known.id in subject_ids and len(subject_ids) == 2


def test_expired_or_forged_confirmation_links_are_refused(client, app):
    client.post("/requests/make", data=FORM)
    path = _link(read_outbox()[0])
    assert client.post(path[:-3] + "xyz").status_code == 410
    app.config["CONFIRMATION_LINK_MAX_AGE"] = -1
    assert client.post(path).status_code == 410


def test_invalid_form_is_400_and_stores_nothing(client):
    response = client.post("/requests/make", data={**FORM, "email": "nope", "country": "XX"})
    assert response.status_code == 400 and b"field-error" in response.data
    assert db.session.query(SubjectRequest).count() == 0


def test_the_form_is_rate_limited(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, PUBLIC_FORM_RATE_LIMIT="2 per minute")
    client = app.test_client()
    statuses = [client.post("/requests/make", data={**FORM, "country": "XX"}).status_code
                for _ in range(3)]
    assert statuses == [400, 400, 429]


@pytest.mark.usefixtures("app")
def test_csrf_token_is_required_when_enabled(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/requests/make", data=FORM)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.query(SubjectRequest).count() == 0
