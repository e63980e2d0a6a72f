"""Step definitions for features/retention/rejected_applicants.feature: applications recorded
through the services, the real sweep and its dry run on the dates the examples name."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from compliance.applications.services import record_application, record_outcome
from compliance.audit.services import CLI_ACTOR
from compliance.consent.services import record_consent
from compliance.extensions import db
from compliance.placements.services import create_placement
from compliance.policy_context import current_policies
from compliance.retention import queries, sweep
from compliance.retention.models import ErasureLogEntry
from compliance.retention.services import place_hold
from compliance.subjects.models import Subject
from compliance.subjects.rules import SubjectStatus

scenarios("retention/rejected_applicants.feature")

CLIENT = "Beispiel Maschinenbau GmbH"


@pytest.fixture
def member(make_subject):
    return make_subject(kind="member", country="EE", membership_start=date(2020, 1, 1))


@given(parsers.parse('a candidate living in "{residence}"'), target_fixture="candidate_id")
def candidate(make_subject, residence):
    subject_id = make_subject(kind="candidate", country=residence).id
    record_consent(CLI_ACTOR, subject_id, {"purpose": "cv_sharing", "action": "grant", "scope": CLIENT,
                                           "channel": "api"})
    return subject_id


def _apply(candidate_id, member, work: str, outcome: str | None, on: date | None):
    application = record_application(CLI_ACTOR, {
        "candidate_id": candidate_id, "member_id": member.id, "client_name": CLIENT,
        "client_country": "AT", "vacancy_title": "Process Engineer", "work_country": work,
        "applied_on": (on or date(2026, 1, 1)) - timedelta(days=10)})
    if outcome:
        record_outcome(CLI_ACTOR, application.id, {
            "outcome": outcome, "on": on, "stage": "interview" if outcome == "rejected" else None})


@given(parsers.parse('an application for a vacancy in "{work}" that ended "{outcome}" on {on}'))
def application(candidate_id, member, work, outcome, on):
    _apply(candidate_id, member, work, outcome, date.fromisoformat(on))


@given("no other application")
def no_other():
    pass


@given(parsers.parse('another for a vacancy in "{work}" that ended "{outcome}" on {on}'))
def another(candidate_id, member, work, outcome, on):
    _apply(candidate_id, member, work, outcome, date.fromisoformat(on))


@given(parsers.parse('another for a vacancy in "{work}" that is still running'))
def running(candidate_id, member, work):
    _apply(candidate_id, member, work, None, None)


@given("a placement of the candidate")
def placement(candidate_id, member):
    create_placement(CLI_ACTOR, {
        "member_id": member.id, "candidate_id": candidate_id, "client_name": CLIENT,
        "client_country": "AT", "placement_type": "permanent", "role_title": "Process Engineer",
        "work_country": "DE", "start_date": date(2026, 2, 1), "fee": Decimal("1000.00"),
        "currency": "EUR"})


@given("the candidate's talent pool consent in force")
def talent_pool(candidate_id):
    record_consent(CLI_ACTOR, candidate_id, {"purpose": "talent_pool", "action": "grant", "channel": "api"})


@given("a legal hold on the candidate")
def hold(candidate_id):
    place_hold(CLI_ACTOR, candidate_id, {"reason": "Claim pending", "until": None})


@when(parsers.parse("the retention sweep runs on {day}"))
def run(day):
    sweep.run_sweep(CLI_ACTOR, current_policies(), date.fromisoformat(day), batch_size=2)


@when(parsers.parse("a dry run of the retention sweep runs on {day}"), target_fixture="dry_run")
def dry_run(day):
    as_of = date.fromisoformat(day)
    return queries.due_items(current_policies(), as_of), queries.survey(current_policies(), as_of)


@then("the candidate is still there")
def still_there(candidate_id):
    db.session.expire_all()
    assert db.session.get(Subject, candidate_id).status == SubjectStatus.ACTIVE
    logged = select(ErasureLogEntry).where(ErasureLogEntry.subject_id == candidate_id)
    assert db.session.scalar(logged) is None


@then(parsers.parse('the candidate is erased as a rejected applicant under "{rule}"'))
def erased(candidate_id, rule):
    db.session.expire_all()
    assert db.session.get(Subject, candidate_id).status == SubjectStatus.ERASED
    logged = select(ErasureLogEntry).where(ErasureLogEntry.subject_id == candidate_id)
    entry = db.session.execute(logged).scalar_one()
    assert (entry.category, entry.rule) == ("rejected_candidate", rule)
    assert entry.country == rule.split("(")[1][:2]


@then(parsers.parse('it lists the candidate under "{category}", "{rule}" in "{country}"'))
def listed(dry_run, candidate_id, category, rule, country):
    (items, total), report = dry_run
    assert total == 1
    assert [(i.subject_id, i.category, i.rule, i.country) for i in items] == [
        (candidate_id, category, rule, country)]
    assert report.due == {(category, country): 1}
    assert db.session.get(Subject, candidate_id).status == SubjectStatus.ACTIVE


@then(parsers.parse('it says "{why}"'))
def says(dry_run, why):
    (items, _), report = dry_run
    assert items[0].note == why
    assert why in next(iter(report.rules.values()))
