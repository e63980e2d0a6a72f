"""Steps for features/security: the public edge and accounts."""

import time

from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from compliance.audit.models import AuditEvent
from compliance.extensions import db
from compliance.mail import read_outbox
from compliance.requests.models import SubjectRequest
from compliance.web.public.forms import PublicRequestForm

scenarios("security/public_form.feature")

FORM = {"type": "access", "name": "Kadri Kuusk", "country": "EE", "details": ""}


def _post(client, email: str, kind: str = "candidate", **extra):
    return client.post("/requests/new", data={**FORM, "email": email, "kind": kind, **extra})


def _served(app, seconds_ago: float) -> str:
    with app.test_request_context():
        form = PublicRequestForm(meta={"csrf": False})
        form.stamp(time.time() - seconds_ago)
        return form.served.data


@given(parsers.parse('a {kind} with email "{email}" is on record'))
def on_record(make_subject, kind, email):
    make_subject(kind=kind, email=email)


@given(parsers.parse("the form accepts {count:d} requests per address a day"))
def address_limit(app, count):
    app.config["PUBLIC_FORM_ADDRESS_DAILY_LIMIT"] = count


@when(parsers.parse('someone sends the form for "{email}" saying they are a {kind}'))
def send_once(context, client, email, kind):
    context["answers"] = [_post(client, email, kind)]


@when(parsers.parse('someone sends the form for "{email}" {times:d} times'))
def send_many(context, client, email, times):
    context["answers"] = [_post(client, email) for _ in range(times)]


@when(parsers.parse("a robot sends the form {how}"))
def robot(context, app, client, how):
    app.config["PUBLIC_FORM_MIN_FILL_SECONDS"] = 3
    extra = {
        "with the hidden website field filled": {"website": "http://spam.example",
                                                 "served": _served(app, 60)},
        "one second after it was served": {"served": _served(app, 1)},
        "without the time it was served": {},
    }[how]
    context["answers"] = [_post(client, "victim@example.com", **extra)]


@then("they are shown the page that a confirmation link was emailed")
@then("they are shown the page that a confirmation link was emailed every time")
def same_page(context):
    for answer in context["answers"]:
        assert (answer.status_code, answer.location) == (303, "/requests/sent")


@then(parsers.parse('one confirmation message goes to "{email}"'))
def one_message(email):
    (message,) = read_outbox()
    assert message["To"] == email


@then(parsers.parse("{requests:d} requests are stored and {messages:d} messages are mailed"))
def stored_and_mailed(requests, messages):
    assert db.session.query(SubjectRequest).count() == requests
    assert len(read_outbox()) == messages


@then("no request is stored and nothing is mailed")
def nothing_stored():
    stored_and_mailed(0, 0)


def _form_outcomes() -> list:
    events = db.session.execute(select(AuditEvent).where(AuditEvent.action == "request.public_form")
                                .order_by(AuditEvent.id)).scalars().all()
    for event in events:
        assert "@" not in str(event.details) and "target" not in str(event.details)
    return [event.details["outcome"] for event in events]


@then("the audit trail records 2 accepted and 1 refused for the address limit, without the address")
def audited_limit():
    assert _form_outcomes() == ["accepted", "accepted", "address_limit"]


@then(parsers.parse('the audit trail records the refusal as "{outcome}"'))
def audited_refusal(outcome):
    assert _form_outcomes() == [outcome]
