"""Steps for features/security: the public edge and accounts."""

import time
import uuid
from datetime import timedelta

from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from compliance.audit.models import AuditEvent
from compliance.auth.services import sign_in
from compliance.extensions import db
from compliance.mail import read_outbox
from compliance.requests.models import SubjectRequest
from compliance.subjects.models import Subject
from compliance.timeutil import as_utc, utcnow
from compliance.web.public.forms import PublicRequestForm
from tests.conftest import PASSWORD

scenarios("security/public_form.feature", "security/sign_in.feature",
          "security/server_owned_fields.feature", "security/auditor_view.feature")

FORM = {"type": "access", "name": "Kadri Kuusk", "country": "EE", "details": ""}


def _post(client, email: str, kind: str = "candidate", **extra):
    return client.post("/requests/make", data={**FORM, "email": email, "kind": kind, **extra})


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


# --- server-owned fields ----------------------------------------------------------------
@given("a member who registered a candidate", target_fixture="world")
def member_with_candidate(api_as):
    member = api_as("member")
    made = member.post("/api/v1/subjects", json={"kind": "candidate", "name": "Mari Maasikas",
                                                 "country": "EE"})
    assert made.status_code == 201
    return {"member": member, "candidate": made.json["id"], "own": str(member.user.subject_id),
            "api_as": api_as}


@given("a candidate on record", target_fixture="world")
def candidate_on_record(api_as, make_subject):
    return {"candidate": str(make_subject().id), "api_as": api_as}


def _record_state(subject_id: str) -> tuple:
    db.session.expire_all()
    subject = db.session.get(Subject, uuid.UUID(subject_id))
    return subject.last_activity_at, subject.membership_start, subject.membership_end, subject.version


@when(parsers.parse('the member sets {whose} "{field}" to "{value}"'))
def member_sets(world, whose, field, value):
    target = world["candidate"] if whose == "the candidate's" else world["own"]
    world["target"], world["before"] = target, _record_state(target)
    world["answer"] = world["member"].patch(f"/api/v1/subjects/{target}", json={field: value})


@when(parsers.parse('the {role} sets the candidate\'s "{field}" to "{value}" giving the reason "{reason}"'))
def staff_sets_with_reason(world, role, field, value, reason):
    world["answer"] = world["api_as"](role).patch(f"/api/v1/subjects/{world['candidate']}",
                                                  json={field: value, "reason": reason})


@when(parsers.parse('the {role} sets the candidate\'s "{field}" to "{value}" giving no reason'))
def staff_sets_without_reason(world, role, field, value):
    world["answer"] = world["api_as"](role).patch(f"/api/v1/subjects/{world['candidate']}",
                                                  json={field: value})


@then(parsers.parse('the answer is {status:d} and names "{field}"'))
def answer_names(world, status, field):
    answer = world["answer"]
    assert answer.status_code == status, answer.json
    assert field in answer.json["errors"], answer.json


@then(parsers.parse("the answer is {status:d}"))
def answer_is(world, status):
    assert world["answer"].status_code == status, world["answer"].json


@then("nothing about the record changed")
def unchanged(world):
    assert _record_state(world["target"]) == world["before"]


def _updates(subject_id: str) -> list:
    return [e.details for e in db.session.execute(select(AuditEvent).where(
        AuditEvent.action == "subject.updated", AuditEvent.object_id == subject_id)).scalars()]


@then(parsers.parse('the audit trail records the change of {field} for "{reason}"'))
def audited_change(world, field, reason):
    assert _updates(world["candidate"]) == [{"fields": [field], "reason": reason}]


@then("the audit trail records no change")
def audited_nothing(world):
    assert _updates(world["candidate"]) == []


# --- the auditor's view -----------------------------------------------------------------
CANDIDATE = {"kind": "candidate", "name": "Piret Pihlakas", "email": "piret.pihlakas@example.com",
             "country": "EE", "date_of_birth": "1990-04-01"}


@given("a candidate with an e-mail address, a legal hold and an access request with details",
       target_fixture="auditor_world")
def auditor_world(api_as):
    dpo = api_as("dpo")
    candidate = dpo.post("/api/v1/subjects", json=CANDIDATE).json
    hold = dpo.post("/api/v1/retention/holds", json={"subject_id": candidate["id"],
                                                     "reason": "Piret's court case 12/2026"})
    request = dpo.post("/api/v1/subject-requests", json={
        "type": "access", "subject_id": candidate["id"], "details": "Piret wants her CV history"})
    assert hold.status_code == 201 and request.status_code == 201, (hold.json, request.json)
    return {"candidate": candidate, "request": request.json, "api_as": api_as}


def _ask(world, client, what: str):
    candidate = world["candidate"]
    return {
        "the list of subjects": lambda: client.get("/api/v1/subjects"),
        "the candidate's record": lambda: client.get(f"/api/v1/subjects/{candidate['id']}"),
        "a search by the candidate's e-mail": lambda: client.post(
            "/api/v1/subjects/search", json={"email": CANDIDATE["email"]}),
        "the candidate's legal holds": lambda: client.get(
            "/api/v1/retention/holds", query_string={"subject_id": candidate["id"]}),
        "the access request": lambda: client.get(f"/api/v1/subject-requests/{world['request']['id']}"),
    }[what]()


@when(parsers.parse("an auditor asks the API for {what}"))
def auditor_asks(auditor_world, what):
    auditor_world["answer"] = _ask(auditor_world, auditor_world["api_as"]("auditor"), what)


@when(parsers.parse("the DPO asks the API for {what}"))
def dpo_asks(auditor_world, what):
    client = auditor_world["api_as"]("dpo")
    auditor_world["dpo"] = client
    auditor_world["answer"] = _ask(auditor_world, client, what)


@then(parsers.parse("the API answers {status:d}"))
def auditor_answer_is(auditor_world, status):
    assert auditor_world["answer"].status_code == status, auditor_world["answer"].json


def _no_personal_data(body) -> None:
    text = str(body)
    for personal in ("Piret", "Pihlakas", "piret.pihlakas", "1990-04-01", "court case", "CV history"):
        assert personal not in text


@then("it holds references but no name or e-mail")
def references_only(auditor_world):
    body = auditor_world["answer"].json
    assert [item["reference"] for item in body["items"]] == [auditor_world["candidate"]["reference"]]
    _no_personal_data(body)


@then("it says auditors see registers, not personal data")
def says_registers(auditor_world):
    body = auditor_world["answer"].json
    assert "Auditors see registers" in body["message"]
    _no_personal_data(body)


@then("its details are withheld")
def details_withheld(auditor_world):
    body = auditor_world["answer"].json
    assert body["reference"] == auditor_world["request"]["reference"] and body["details"] is None
    _no_personal_data(body)


@then("the read is in the audit trail")
def read_audited(auditor_world):
    assert auditor_world["answer"].json["name"] == CANDIDATE["name"]
    reads = db.session.execute(select(AuditEvent).where(
        AuditEvent.action == "subject.read",
        AuditEvent.actor == f"user:{auditor_world['dpo'].user.id}")).scalars().all()
    assert len(reads) == 1
