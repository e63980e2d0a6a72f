"""Steps for features/security: the public edge and accounts."""

import time
from datetime import timedelta

from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from compliance.audit.models import AuditEvent
from compliance.auth.services import sign_in
from compliance.extensions import db
from compliance.mail import read_outbox
from compliance.requests.models import SubjectRequest
from compliance.timeutil import as_utc, utcnow
from compliance.web.public.forms import PublicRequestForm
from tests.conftest import PASSWORD

scenarios("security/public_form.feature", "security/sign_in.feature")

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


# --- sign-in backoff --------------------------------------------------------------------
WRONG = "not the password at all"


@given("an account allows 3 free wrong passwords, then waits from 2 seconds up to 900",
       target_fixture="account")
def backoff_account(app, make_user):
    app.config.update(LOGIN_BACKOFF_FREE_FAILURES=3, LOGIN_BACKOFF_BASE_SECONDS=2,
                      LOGIN_BACKOFF_MAX_SECONDS=900)
    user, _ = make_user("dpo")
    return user


@when(parsers.parse("{count:d} wrong passwords are typed for it, each after the wait"))
@given(parsers.parse("{count:d} wrong passwords were typed for it, each after the wait"))
def wrong_passwords(account, count):
    for _ in range(count):
        _wait_is_over(account)
        assert sign_in(account.test_email, WRONG) is None


def _wait_is_over(account) -> None:
    """Let the clock pass the account's wait (the next attempt is not refused for backoff)."""
    db.session.refresh(account)
    if account.sign_in_blocked_until is not None:
        account.sign_in_blocked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()


@then(parsers.parse("the account refuses sign-ins for {seconds:d} seconds"))
def refuses_for(account, seconds):
    db.session.refresh(account)
    blocked = account.sign_in_blocked_until
    if seconds == 0:
        assert blocked is None
        return
    left = (as_utc(blocked) - utcnow()).total_seconds()
    assert seconds - 5 < left <= seconds  # less the time the steps took


def _account_events(account, action: str) -> list:
    return db.session.execute(select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.object_id == str(account.id)
    ).order_by(AuditEvent.id)).scalars().all()


@then(parsers.parse("the audit trail holds {refused:d} refused sign-ins and {lockouts:d} lockouts of "
                    "that account"))
def audited_refusals(account, refused, lockouts):
    failed = _account_events(account, "user.login_failed")
    assert len(failed) == refused and len(_account_events(account, "user.login_locked_out")) == lockouts
    assert all(WRONG not in str(e.details) and "@" not in str(e.details) for e in failed)


@when("the right password is typed during the wait", target_fixture="signed_in")
def right_during_wait(account):
    return sign_in(account.test_email, PASSWORD)


@then("the sign-in is refused")
def refused(signed_in):
    assert signed_in is None


@then(parsers.parse('the refusal is audited as "{reason}"'))
def refusal_reason(account, reason):
    assert _account_events(account, "user.login_failed")[-1].details["reason"] == reason


@when("the wait is over and the right password is typed", target_fixture="signed_in")
def right_after_wait(account):
    _wait_is_over(account)
    return sign_in(account.test_email, PASSWORD)


@then("the sign-in succeeds and the count starts again from zero")
def succeeded(account, signed_in):
    assert signed_in is not None and signed_in.id == account.id
    db.session.refresh(account)
    assert account.failed_sign_ins == 0 and account.sign_in_blocked_until is None


@then("another account signs in at once")
def other_account(make_user):
    other, _ = make_user("dpo")
    assert sign_in(other.test_email, PASSWORD) is not None
