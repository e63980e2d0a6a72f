"""Steps for features/requests: the clock, erasure, restriction and objection."""

from datetime import UTC, date, datetime, timedelta

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import text, update

from compliance.audit.services import CLI_ACTOR
from compliance.consent.services import can_process, record_consent
from compliance.errors import ProcessingRefused, ValidationFailed
from compliance.extensions import db
from compliance.placements.services import create_placement, record_cv_submission
from compliance.policies import Period
from compliance.policy_context import current_policies
from compliance.requests import services
from compliance.requests.models import SubjectRequest
from compliance.requests.objections import objection_views
from compliance.requests.pauses import pauses_of
from compliance.requests.rules import (
    ExtensionRequest,
    can_extend,
    compute_due_date,
    days_paused,
    next_working_day,
    receipt_date,
)
from compliance.retention.services import place_hold
from compliance.retention.sweep import run_sweep
from compliance.subjects.models import Subject
from compliance.subjects.services import decrypt_subject, load_subject
from compliance.timeutil import as_utc
from compliance.transaction import unit_of_work

scenarios("requests/clock.feature", "requests/erasure.feature", "requests/restriction.feature",
          "requests/objection.feature")

NOON = "T12:00:00+02:00"


def _settings(app) -> dict:
    return {"tz": app.config["TIMEZONE"], "country": app.config["CONTROLLER_COUNTRY"]}


# --- the clock -------------------------------------------------------------------------------
@given(parsers.parse("a request reached the controller at {received}"))
def received(context, received):
    context["received_at"] = datetime.fromisoformat(received)


@when(parsers.re(r'on (?P<day>\S+) the controller extends the period because "(?P<reason>[^"]*)", '
                 r"having told the data subject on (?P<told>\S+)"))
def extend(context, app, day, reason, told):
    verdict = can_extend(ExtensionRequest(
        received_at=context["received_at"], status="in_progress", already_extended=False,
        reason=reason, subject_notified_at=datetime.fromisoformat(told + NOON), **_settings(app)),
        date.fromisoformat(day))
    context["verdict"] = verdict
    context["due"] = verdict.extended_due_date if verdict.allowed else verdict.original_due_date


@then(parsers.parse("the extension is {verdict}"))
def extension_verdict(context, verdict):
    assert context["verdict"].allowed is (verdict == "allowed"), context["verdict"].problems


@given(parsers.re(r"the controller asked for (?P<what>.+) on (?P<asked>\S+) and had the answer on "
                  r"(?P<answered>\S+)"))
def paused(context, app, what, asked, answered):
    days = days_paused(datetime.fromisoformat(asked + NOON), datetime.fromisoformat(answered + NOON),
                       app.config["TIMEZONE"])
    context["paused_days"] = days
    context["due"] = compute_due_date(context["received_at"], paused_days=days, **_settings(app))


@then(parsers.parse("the clock stood still for {days:d} days"))
def stood_still(context, days):
    assert context["paused_days"] == days


@given("a request for access received today")
def access_today(context, make_subject):
    subject = make_subject()
    context["request"] = services.submit_request(CLI_ACTOR, {"type": "access", "subject_id": subject.id,
                                                             "received_at": datetime.now(UTC)})


@when("the DPO asks for proof of identity and the proof arrives 4 days later")
def identity_four_days(context):
    request_id = context["request"].id
    asked = services.start_verification(CLI_ACTOR, request_id)
    assert asked.paused_at is not None and asked.pause_reason == "identity"
    with unit_of_work():  # the clock stopped 4 days ago
        for row in (db.session.get(SubjectRequest, request_id), *pauses_of(request_id)):
            row.paused_at = as_utc(row.paused_at) - timedelta(days=4)
    db.session.expire_all()
    context["done"] = services.verify_identity(CLI_ACTOR, request_id, "id_document")


@then("the request records a pause for identity of 4 days")
def recorded_pause(context):
    [pause] = pauses_of(context["request"].id)
    assert (pause.reason, pause.days) == ("identity", 4) and pause.resumed_at is not None
    assert context["done"].paused_days == 4 and context["done"].paused_at is None


@then("the due date moved 4 days from one month after receipt, to the next working day")
def due_moved(context, app):
    received = as_utc(context["request"].received_at)
    unpaused = Period(months=1).add_to(receipt_date(received, app.config["TIMEZONE"]))
    expected = next_working_day(unpaused + timedelta(days=4), app.config["CONTROLLER_COUNTRY"])
    assert context["done"].due_date == expected


@then(parsers.parse("the answer is due by the end of {due}"))
def due_by(context, app, due):
    actual = context.get("due") or compute_due_date(context["received_at"], **_settings(app))
    assert actual == date.fromisoformat(due)


# --- shared: a candidate and their request ---------------------------------------------------
def _candidate(context, make_subject, name):
    subject = make_subject(name=name, email=f"{name.split()[0].lower()}@example.com")
    context["subject"] = subject
    return subject


@given(parsers.parse('a candidate "{name}" whose CV was sent to "{client}" and who was placed there'))
def placed_candidate(context, make_subject, name, client):
    subject = _candidate(context, make_subject, name)
    member = make_subject(kind="member", membership_start=date.today() - timedelta(days=400))
    record_consent(CLI_ACTOR, subject.id, {"purpose": "cv_sharing", "action": "grant",
                                           "scope": client, "channel": "api"})
    record_cv_submission(CLI_ACTOR, {"member_id": member.id, "candidate_id": subject.id,
                                     "client_name": client, "client_country": "FI"})
    create_placement(CLI_ACTOR, _placement(member.id, subject.id, client))


def _placement(member_id, candidate_id, client) -> dict:
    return {"member_id": member_id, "candidate_id": candidate_id, "client_name": client,
            "client_country": "FI", "work_country": "FI", "placement_type": "permanent",
            "start_date": date.today() - timedelta(days=20), "fee": "12000.00", "currency": "EUR",
            "role_title": "Engineer"}


@given(parsers.parse('a candidate "{name}" who was only registered'))
def registered_candidate(context, make_subject, name):
    _candidate(context, make_subject, name)


def _verified_request(context, kind):
    request = services.submit_request(CLI_ACTOR, {"type": kind, "subject_id": context["subject"].id})
    services.verify_identity(CLI_ACTOR, request.id, "id_document")
    context["request_id"] = request.id


@given(parsers.re(r"\w+ asks for (her|his) data to be erased and (her|his) identity is verified"))
def erasure_requested(context):
    _verified_request(context, "erasure")


@given(parsers.parse('{who} is under a legal hold "{reason}" until {days:d} days from today'))
def on_hold(context, who, reason, days):
    place_hold(CLI_ACTOR, context["subject"].id, {"reason": reason,
                                                  "until": date.today() + timedelta(days=days)})


@when("the DPO fulfils the request")
def fulfil(context):
    try:
        context["outcome"] = services.complete_request(CLI_ACTOR, context["request_id"]).outcome
    except ProcessingRefused as refused:
        context["refused"] = refused


# --- erasure ---------------------------------------------------------------------------------
@then(parsers.re(r"\w+'s personal data can no longer be read by anyone"))
def unreadable(context):
    db.session.expire_all()
    view = decrypt_subject(load_subject(CLI_ACTOR, context["subject"].id))
    assert view.status == "erased" and view.name is None and view.email is None


@given(parsers.parse('a candidate "{name}" placed at "{client}" in a placement that ended {years:d} '
                     'years ago'))
def placement_ended(context, make_subject, name, client, years):
    subject = _candidate(context, make_subject, name)
    member = make_subject(kind="member", membership_start=date.today() - timedelta(days=400))
    ended = date.today() - timedelta(days=365 * years + 3)
    create_placement(CLI_ACTOR, {**_placement(member.id, subject.id, client),
                                 "start_date": ended - timedelta(days=200)})
    _end_placements(ended)


def _end_placements(ended):
    with db.engine.begin() as conn:  # time passing: the placement ended long ago
        conn.execute(text("UPDATE placements SET end_date = :ended, status = 'ended'"), {"ended": ended})
    db.session.expire_all()


@given(parsers.parse('a member "{name}" whose membership runs and who placed a candidate at "{client}" '
                     'last month'))
def member_placing(context, make_subject, name, client):
    member = make_subject(kind="member", name=name, email="kalle@example.com",
                          membership_start=date.today() - timedelta(days=400))
    context["subject"] = member
    candidate = make_subject(name="Placed Candidate")
    create_placement(CLI_ACTOR, _placement(member.id, candidate.id, client))


@then(parsers.re(r"of \w+'s personal data (?P<readable>.+) can still be read"))
def readable_fields(context, readable):
    db.session.expire_all()
    view = decrypt_subject(load_subject(CLI_ACTOR, context["subject"].id))
    expected = set() if readable == "nothing" else {f.strip() for f in readable.split(",")}
    assert {f for f in ("name", "email", "phone", "date_of_birth") if getattr(view, f)} == expected
    assert view.status == ("erased" if readable == "nothing" else "partially_erased")


@then(parsers.parse("the outcome gives the grounds {grounds}"))
def grounds(context, grounds):
    given = {r.get("ground") for r in context["outcome"]["retained"]} - {None}
    assert given == (set() if grounds == "none" else {g.strip() for g in grounds.split(",")})
    assert all(r["until"] or r.get("ground") == "running_contract" for r in context["outcome"]["retained"])


@then("the subject is partially erased and the outcome says so")
def partially_erased(context):
    assert context["outcome"]["partially_erased"] is True
    assert context["outcome"]["subject_status"] == "partially_erased"
    assert context["outcome"]["key_shredded"] is False


@then(parsers.parse('his data may serve "{allowed}" but no longer "{refused}"'))
def serves_only(context, allowed, refused):
    assert can_process(context["subject"].id, allowed).allowed
    assert not can_process(context["subject"].id, refused).allowed


@when("his membership and the placement ended 9 years ago and the retention sweep runs")
def sweep_later(context):
    ended = date.today() - timedelta(days=365 * 9 + 3)
    _end_placements(ended)
    with unit_of_work():
        db.session.execute(update(Subject).where(Subject.id == context["subject"].id)
                           .values(membership_end=ended).execution_options(synchronize_session=False))
    db.session.expire_all()
    run_sweep(CLI_ACTOR, current_policies(), date.today())


@then(parsers.parse("the outcome keeps {kept}"))
def kept(context, kept):
    categories = {r["category"]: r for r in context["outcome"]["retained"]}
    assert set(categories) == {k.strip() for k in kept.split(",")}
    assert all(r["citation"] for r in categories.values())


@then(parsers.parse("the outcome names {recipients} as recipients to notify"))
def recipients(context, recipients):
    names = [r["client_name"] for r in context["outcome"]["recipients_to_notify"]]
    assert names == ([] if recipients == "nobody" else [recipients])


@then(parsers.parse('the erasure is refused because of a legal hold, naming "{words}"'))
def refused_for_hold(context, words):
    assert context["refused"].reason == "legal_hold" and words in context["refused"].message


@then(parsers.re(r"\w+'s personal data can still be read"))
def still_readable(context):
    db.session.expire_all()
    assert decrypt_subject(load_subject(CLI_ACTOR, context["subject"].id)).name == "Jaan Tamm"


# --- restriction -----------------------------------------------------------------------------
@given(parsers.parse('a candidate "{name}" whose processing was restricted at her request'))
def restricted(context, make_subject, name):
    subject = _candidate(context, make_subject, name)
    record_consent(CLI_ACTOR, subject.id, {"purpose": "talent_pool", "action": "grant", "channel": "api"})
    record_consent(CLI_ACTOR, subject.id, {"purpose": "cv_sharing", "action": "grant",
                                           "scope": "Acme Oy", "channel": "api"})
    context["member"] = make_subject(kind="member", membership_start=date.today() - timedelta(days=400))
    _verified_request(context, "restriction")
    services.complete_request(CLI_ACTOR, context["request_id"])


@when(parsers.parse("a member tries to {action}"))
def try_processing(context, action):
    subject_id, member_id = context["subject"].id, context["member"].id
    attempts = {
        "use her talent-pool consent": lambda: _require(subject_id, "talent_pool"),
        'share her CV with "Acme Oy"': lambda: record_cv_submission(CLI_ACTOR, {
            "member_id": member_id, "candidate_id": subject_id, "client_name": "Acme Oy",
            "client_country": "FI"}),
        'record her placement at "Acme Oy"': lambda: create_placement(
            CLI_ACTOR, _placement(member_id, subject_id, "Acme Oy")),
    }
    with pytest.raises(ProcessingRefused) as refused:
        attempts[action]()
    context["refused"] = refused.value


def _require(subject_id, purpose):
    from compliance.consent.services import require_processing

    require_processing(subject_id, purpose)


@then(parsers.parse('while restricted, processing for "{purpose}" is {verdict}'))
def restricted_verdict(context, purpose, verdict):
    found = can_process(context["subject"].id, purpose)
    assert found.allowed is (verdict == "allowed"), found.message
    if verdict == "allowed":
        assert "Art 18(2)" in found.message
    else:
        assert found.reason == "restricted"


@when(parsers.re(r"Liis (?P<gives>renews|does not renew) her talent-pool consent while restricted"))
def consent_while_restricted(context, gives):
    if gives == "renews":
        record_consent(CLI_ACTOR, context["subject"].id,
                       {"purpose": "talent_pool", "action": "renew", "channel": "email"})


@then("it is refused because processing is restricted")
def refused_restricted(context):
    assert context["refused"].reason == "restricted"


@when(parsers.re(r"the DPO lifts the restriction, having told \w+ first"))
def lift(context):
    told = datetime.now().astimezone()
    context["lifted"] = services.lift_restriction(CLI_ACTOR, context["request_id"], told)


@when(parsers.re(r"the DPO lifts the restriction, having told \w+ the day before it was granted"))
def lift_told_too_early(context):
    told = datetime.now().astimezone() - timedelta(days=1)
    with pytest.raises(ValidationFailed) as refused:
        services.lift_restriction(CLI_ACTOR, context["request_id"], told)
    context["refused"] = refused.value


@then("the lifting is refused: she was told before the restriction was granted")
def lift_refused(context):
    assert "restriction was granted" in context["refused"].errors["notified_at"][0]


@then("her processing is still restricted")
def still_restricted(context):
    assert can_process(context["subject"].id, "talent_pool").reason == "restricted"


@then("her data may be used for the talent pool again")
def usable_again(context):
    assert can_process(context["subject"].id, "talent_pool").allowed


@then(parsers.re(r"the lifting records when \w+ was told"))
def lifting_recorded(context):
    assert context["lifted"].lift_notified_at is not None


# --- objection -------------------------------------------------------------------------------
BALANCING = "Matching him is needed to place him under the running framework agreement."


@given(parsers.parse('a candidate "{name}" in the talent pool whose CV went to "{client}" with consent'))
def pool_candidate(context, make_subject, name, client):
    subject = _candidate(context, make_subject, name)
    context["client"] = client
    for purpose, scope in (("talent_pool", None), ("job_alerts", None), ("cv_sharing", client)):
        record_consent(CLI_ACTOR, subject.id, {"purpose": purpose, "action": "grant", "scope": scope,
                                               "channel": "api"})
    member = make_subject(kind="member", membership_start=date.today() - timedelta(days=400))
    create_placement(CLI_ACTOR, _placement(member.id, subject.id, client))


@given(parsers.parse('he objects to "{purpose}" and his identity is verified'))
def objects_to(context, purpose):
    request = services.submit_request(CLI_ACTOR, {"type": "objection", "subject_id": context["subject"].id,
                                                  "purposes": [purpose]})
    services.verify_identity(CLI_ACTOR, request.id, "id_document")
    context["request_id"], context["purpose"] = request.id, purpose


_DECISIONS = {
    "upholds the objection": {"decision": "upheld"},
    "refuses it on compelling_grounds": {"decision": "refused", "ground": "compelling_grounds",
                                         "balancing": BALANCING},
    "refuses it on legal_claims": {"decision": "refused", "ground": "legal_claims",
                                   "balancing": "Needed to defend the client's claim under the contract."},
    "refuse it on compelling_grounds with no text": {"decision": "refused", "ground": "compelling_grounds"},
    "refuse it without a ground": {"decision": "refused", "balancing": BALANCING},
    "refuse it on compelling_grounds": {"decision": "refused", "ground": "compelling_grounds",
                                        "balancing": BALANCING},
}


@when(parsers.re(r"the DPO (?P<decides>has nothing to weigh|closes the request|upholds the objection"
                 r"|refuses it on \w+|tries to .+)$"))
def dpo_decides(context, decides):
    if decides == "has nothing to weigh":
        return
    if decides == "closes the request":
        context["outcome"] = services.complete_request(CLI_ACTOR, context["request_id"]).outcome
        return
    if decides.startswith("tries to "):
        action = decides.removeprefix("tries to ")
        try:
            if action == "close the request before deciding":
                services.complete_request(CLI_ACTOR, context["request_id"])
            else:
                _decide(context, _DECISIONS[action])
        except ValidationFailed as refused:
            context["refused"] = refused
        return
    _decide(context, _DECISIONS[decides])


def _decide(context, decision):
    services.decide_objection(CLI_ACTOR, context["request_id"], {"purpose": context["purpose"], **decision})


@then(parsers.parse('the outcome records "{purpose}" as {decision} under {citation}'))
def outcome_records(context, purpose, decision, citation):
    recorded = {o["purpose"]: o for o in context["outcome"]["objections"]}
    assert recorded[purpose]["decision"] == decision
    assert recorded[purpose]["citation"] == citation


@then(parsers.parse('processing for "{purpose}" is {verdict}'))
def processing_verdict(context, purpose, verdict):
    verdict_now = can_process(context["subject"].id, purpose, context.get("client"))
    assert verdict_now.allowed is (verdict == "allowed"), verdict_now.message


@then(parsers.parse('the decision is refused, naming "{field}"'))
def decision_refused(context, field):
    assert field in context["refused"].errors


@then("the recorded balancing is stored encrypted and reads back as written")
def balancing_encrypted(context, raw_sql):
    blob = raw_sql("SELECT balancing_ciphertext FROM purpose_objections").scalar_one()
    assert blob and BALANCING.encode() not in bytes(blob)
    views = objection_views(context["request_id"], with_balancing=True)
    assert [v.balancing for v in views] == [BALANCING]
