"""Step definitions for features/retention/*.feature."""

import dataclasses
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import func, select, update

from compliance.audit.services import CLI_ACTOR
from compliance.extensions import db
from compliance.policies import Period, RetentionOverride
from compliance.policy_context import current_policies
from compliance.retention import queries, sweep
from compliance.retention.models import ErasureLogEntry, LegalHold
from compliance.retention.services import place_hold, release_hold
from compliance.subjects.models import Subject

scenarios("retention/retention.feature")

AS_OF = date(2030, 6, 1)


class Killed(RuntimeError):
    pass


def months_before(months: int) -> date:
    return Period(months=-months).add_to(AS_OF)


def make_one(make_subject, kind, country, trigger, months):
    extra = {"membership_start": date(2015, 1, 1)} if kind == "member" else {}
    subject_id = make_subject(kind=kind, country=country, **extra).id
    day = months_before(months)
    values = ({"membership_end": day} if trigger == "membership_end"
              else {"last_activity_at": datetime(day.year, day.month, day.day, 12, tzinfo=UTC)})
    db.session.execute(update(Subject).where(Subject.id == subject_id).values(**values))
    db.session.commit()
    return subject_id


@pytest.fixture
def policies(app):
    return current_policies()


@given(parsers.parse('a "{kind}" in "{country}" whose "{trigger}" was {months:d} months before the sweep'),
       target_fixture="subject_id")
def one_subject(make_subject, kind, country, trigger, months):
    return make_one(make_subject, kind, country, trigger, months)


@given(parsers.parse('{count:d} "{kind}" subjects in "{country}" whose "{trigger}" was {months:d} months '
                     'before the sweep'), target_fixture="subject_ids")
def many_subjects(make_subject, count, kind, country, trigger, months):
    return [make_one(make_subject, kind, country, trigger, months) for _ in range(count)]


@given(parsers.parse('the policy keeps candidate profiles in "{country}" for {years:d} years'),
       target_fixture="policies")
def override_policy(app, country, years):
    base = current_policies()
    rule = base.retention["candidate_profile"]
    override = RetentionOverride(Period(years=years), "scenario override", False, ())
    changed = dataclasses.replace(rule, country_overrides=MappingProxyType({country: override}))
    return dataclasses.replace(base, retention=MappingProxyType(
        {**base.retention, "candidate_profile": changed}))


@given(parsers.parse("a legal hold on the subject {hold}"))
def legal_hold(subject_id, hold):
    placed = place_hold(CLI_ACTOR, subject_id, {"reason": "Claim pending", "until": None})
    if hold == "that was released":
        release_hold(CLI_ACTOR, placed.id)
    elif hold == "that ended before the sweep":
        db.session.execute(update(LegalHold).where(LegalHold.id == placed.id)
                           .values(until=AS_OF - timedelta(days=1)))
        db.session.commit()


@when("the retention sweep runs")
@when("the retention sweep runs with that policy")
@when("the retention sweep runs again")
def run(policies):
    sweep.run_sweep(CLI_ACTOR, policies, AS_OF, batch_size=2)


@when(parsers.parse("the retention sweep is killed after its first batch of {batch:d}"))
def killed(policies, batch):
    def kill(_done):
        raise Killed

    with pytest.raises(Killed):
        sweep.run_sweep(CLI_ACTOR, policies, AS_OF, batch_size=batch, after_batch=kill)
    db.session.rollback()


@when("a dry run of the retention sweep runs", target_fixture="report")
def dry_run(policies):
    return queries.survey(policies, AS_OF)


@then(parsers.parse("the subject is {status}"))
def subject_status(subject_id, status):
    db.session.expire_all()
    subject = db.session.get(Subject, subject_id)
    assert subject.status == status
    assert (subject.name_ciphertext is None) is (status == "erased")


@then(parsers.parse('the erasure log names "{category}" and the policy version'))
def logged(subject_id, category):
    entry = db.session.execute(select(ErasureLogEntry).where(
        ErasureLogEntry.subject_id == subject_id)).scalar_one()
    assert (entry.category, entry.policy_version) == (category, current_policies().version)


@then("the erasure log is empty")
def nothing_logged():
    assert db.session.scalar(select(func.count()).select_from(ErasureLogEntry)) == 0


@then(parsers.parse("all {count:d} subjects are erased with exactly one erasure log entry each"))
def all_erased_once(subject_ids, count):
    statuses = db.session.execute(select(Subject.status).where(Subject.id.in_(subject_ids))).scalars()
    assert list(statuses) == ["erased"] * count
    logged = db.session.execute(select(ErasureLogEntry.subject_id)).scalars().all()
    assert sorted(logged) == sorted(subject_ids)


@then(parsers.parse('it reports {count:d} due for "{category}" in "{country}"'))
def reported(report, count, category, country):
    assert report.due == {(category, country): count}
