"""Step definitions for features/consent/*.feature."""

from datetime import date, timedelta

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from compliance.audit.services import CLI_ACTOR
from compliance.consent import renewal, services
from compliance.policy_context import current_policies
from compliance.timeutil import controller_today

scenarios("consent/consent.feature", "consent/cv_sharing.feature", "consent/age_of_consent.feature")


def birth_for(age: int) -> date:
    """Born on 1 January: ``age`` completed years today."""
    return date(controller_today().year - age, 1, 1)


@given(parsers.parse('a candidate living in "{country}"'), target_fixture="subject")
def candidate(make_subject, country):
    return make_subject(country=country)


@given(parsers.parse('a candidate living in "{country}" aged {age:d}'), target_fixture="subject")
def candidate_aged(make_subject, country, age):
    return make_subject(country=country, date_of_birth=birth_for(age))


def record(subject, purpose, action, channel="web_form", scope=None, evidence=None):
    return services.record_consent(CLI_ACTOR, subject.id, {
        "purpose": purpose, "action": action, "scope": scope, "channel": channel,
        "notice_version": "v1", "evidence": evidence or {"form_id": "bdd", "ip": "192.0.2.1"}})


@given(parsers.parse('consent to "{purpose}" is recorded through "{channel}" with notice "v1"'),
       target_fixture="event")
@when(parsers.parse('consent to "{purpose}" is recorded through "{channel}" with notice "v1"'),
      target_fixture="event")
def consent_recorded(subject, purpose, channel):
    return record(subject, purpose, "grant", channel)


@given(parsers.parse('consent to "{purpose}" is recorded {parental} parental consent'))
def consent_with_parent(subject, purpose, parental):
    record(subject, purpose, "grant", evidence={"parental_consent": parental == "with"})


@given(parsers.parse('consent to share the CV with "{client}"'))
def cv_consent(subject, client):
    record(subject, "cv_sharing", "grant", scope=client)


@when(parsers.parse('the candidate withdraws consent to "{purpose}"'))
def withdraw(subject, purpose):
    record(subject, purpose, "withdraw", "email")


@when(parsers.parse('the candidate renews consent to "{purpose}"'))
def renew(subject, purpose):
    record(subject, purpose, "renew")


@when(parsers.parse("{days:d} days pass after the end of its validity and the expiry job runs"),
      target_fixture="on")
def expiry(event, days):
    on = date.fromisoformat(event["valid_until"]) + timedelta(days=days)
    assert renewal.expire_consents(on=on) == 1
    return on


@when(parsers.parse('a member asks to share the CV with "{client}"'), target_fixture="verdict")
@when('a member asks to share the CV with ""', target_fixture="verdict")
def share(subject, client=""):
    return services.can_process(subject.id, "cv_sharing", client or None)


@then(parsers.parse("the ledger proves who collected it, when, through \"{channel}\" "
                    "and the notice's SHA-256"))
def proof(subject, channel):
    [event] = services.export_subject_consents(subject.id)
    purpose = current_policies().purposes[event["purpose"]]
    notice = current_policies().notice(purpose.notice_id, "v1")
    assert (event["collected_by"], event["channel"]) == ("cli", channel)
    assert event["notice_sha256"] == notice.sha256
    assert event["occurred_at"] and event["evidence"]["ip"] == "192.0.2.1"


@then(parsers.parse('processing for "{purpose}" is allowed until the end of its validity of '
                    '{months:d} months'))
def allowed_until(subject, purpose, months):
    verdict = services.can_process(subject.id, purpose)
    assert verdict.allowed, verdict.message
    today = controller_today()
    assert verdict.valid_until == current_policies().purposes[purpose].consent_validity.add_to(today)
    assert current_policies().purposes[purpose].consent_validity.months == months


@then(parsers.parse('processing for "{purpose}" is refused because "{reason}"'))
def refused(subject, purpose, reason, request):
    on = request.getfixturevalue("on") if "on" in request.fixturenames else None
    assert services.can_process(subject.id, purpose, on=on).reason == reason


@then(parsers.re(r'processing for "(?P<purpose>\w+)" is (?P<outcome>allowed|refused because "\w+")$'))
def outcome_for(subject, purpose, outcome):
    check(services.can_process(subject.id, purpose), outcome)


@then(parsers.parse("sharing is {outcome}"))
def sharing(verdict, outcome):
    check(verdict, outcome)


def check(verdict, outcome):
    if outcome == "allowed":
        assert verdict.allowed, verdict.message
    else:
        assert not verdict.allowed and outcome == f'refused because "{verdict.reason}"', verdict


@pytest.fixture
def on():
    return None
