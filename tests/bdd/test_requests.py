"""Steps for features/requests: the clock, erasure, restriction and objection."""

from datetime import date, datetime, timedelta

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from compliance.audit.services import CLI_ACTOR
from compliance.consent.services import can_process, record_consent
from compliance.errors import ProcessingRefused, ValidationFailed
from compliance.extensions import db
from compliance.placements.services import create_placement, record_cv_submission
from compliance.requests import services
from compliance.requests.rules import ExtensionRequest, can_extend, compute_due_date
from compliance.retention.services import place_hold
from compliance.subjects.services import decrypt_subject, load_subject

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
@given(parsers.parse('a candidate "{name}" who objected and whose objection was upheld'))
def objected(context, make_subject, name):
    subject = _candidate(context, make_subject, name)
    record_consent(CLI_ACTOR, subject.id, {"purpose": "talent_pool", "action": "grant", "channel": "api"})
    _verified_request(context, "objection")
    services.complete_request(CLI_ACTOR, context["request_id"])


@then(parsers.parse('processing for "{purpose}" is {verdict}'))
def processing_verdict(context, purpose, verdict):
    assert can_process(context["subject"].id, purpose).allowed is (verdict == "allowed")
