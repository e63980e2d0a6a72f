"""Retention sweeps on a real database: exactly what policy says, never what a hold protects,
idempotent, crash-safe, and alone on PostgreSQL."""

import dataclasses
from datetime import UTC, date, datetime
from types import MappingProxyType

import pytest
from sqlalchemy import select, update

from compliance.audit.services import CLI_ACTOR
from compliance.extensions import db
from compliance.keystore.services import has_key
from compliance.policies import Period, RetentionOverride
from compliance.policy_context import current_policies
from compliance.retention import queries, sweep
from compliance.retention.models import ErasureLogEntry, LegalHold
from compliance.retention.services import place_hold, release_hold
from compliance.subjects.models import Subject
from tests.conftest import on_postgres

AS_OF = date(2030, 6, 1)
OLD = datetime(2027, 1, 1, tzinfo=UTC)  # > 24 months before AS_OF
RECENT = datetime(2030, 1, 1, tzinfo=UTC)


def set_fields(subject_id, **values):
    db.session.execute(update(Subject).where(Subject.id == subject_id).values(**values))
    db.session.commit()


@pytest.fixture
def population(make_subject):
    """Due, not due, held and restricted subjects of each enforced kind."""
    made = {}
    for name, kind, when in [("due1", "candidate", OLD), ("due2", "candidate", OLD),
                             ("fresh", "candidate", RECENT), ("held", "candidate", OLD),
                             ("restricted", "candidate", OLD), ("contact_due", "client_contact", OLD),
                             ("contact_fresh", "client_contact", RECENT)]:
        made[name] = make_subject(kind=kind, country="DE" if name == "due2" else "EE").id
        set_fields(made[name], last_activity_at=when)
    made["member_due"] = make_subject(kind="member", membership_start=date(2020, 1, 1)).id
    set_fields(made["member_due"], membership_end=date(2021, 12, 31))
    set_fields(made["restricted"], status="restricted")
    place_hold(CLI_ACTOR, made["held"], {"reason": "Pending discrimination claim", "until": None})
    return made


def end_state():
    subjects = db.session.execute(select(Subject.id, Subject.status, Subject.name_ciphertext)
                                  .order_by(Subject.id)).all()
    log = db.session.execute(select(ErasureLogEntry.subject_id, ErasureLogEntry.category)
                             .order_by(ErasureLogEntry.subject_id)).all()
    return [(s.id, s.status, s.name_ciphertext is None) for s in subjects], log


def test_dry_run_counts_per_category_and_country_and_changes_nothing(population):
    before = end_state()
    report = queries.survey(current_policies(), AS_OF)
    assert report.due == {("candidate_profile", "DE"): 1, ("candidate_profile", "EE"): 1,
                          ("client_contact", "EE"): 1, ("member_records", "EE"): 1}
    assert report.held == {"candidate_profile": 1}
    assert report.restricted == {"candidate_profile": 1}
    assert "rejected_candidate" not in report.not_enforced
    assert report.rules[("candidate_profile", "EE")] == "last_activity+P24M (*)"
    assert end_state() == before


def test_sweep_acts_exactly_on_what_is_due(population):
    report = sweep.run_sweep(CLI_ACTOR, current_policies(), AS_OF, batch_size=2)
    assert report.acted == {"candidate_profile": 2, "client_contact": 1, "member_records": 1}
    erased = {sid for sid, status, _ in end_state()[0] if status == "erased"}
    assert erased == {population[n] for n in ("due1", "due2", "contact_due", "member_due")}
    assert not has_key(population["due1"]) and has_key(population["held"])
    member = db.session.get(Subject, population["member_due"])
    assert member.membership_end == date(2021, 12, 31) and member.name_ciphertext is None  # anonymised
    entry = db.session.execute(select(ErasureLogEntry).where(
        ErasureLogEntry.subject_id == population["due2"])).scalar_one()
    assert (entry.category, entry.rule, entry.country) == (
        "candidate_profile", "last_activity+P24M (*)", "DE")
    assert entry.policy_version == current_policies().version


def test_a_second_run_does_nothing(population):
    sweep.run_sweep(CLI_ACTOR, current_policies(), AS_OF)
    first = end_state()
    again = sweep.run_sweep(CLI_ACTOR, current_policies(), AS_OF)
    assert again.acted == {} and end_state() == first


def test_released_or_expired_hold_no_longer_protects(population):
    hold_id = db.session.execute(select(LegalHold.id)).scalar_one()
    release_hold(CLI_ACTOR, hold_id)
    sweep.run_sweep(CLI_ACTOR, current_policies(), AS_OF)
    assert db.session.get(Subject, population["held"]).status == "erased"


class Crash(RuntimeError):
    pass


def test_killed_after_the_first_batch_then_rerun_equals_one_clean_run(population):
    def crash(_done):
        raise Crash

    with pytest.raises(Crash):
        sweep.run_sweep(CLI_ACTOR, current_policies(), AS_OF, batch_size=1, after_batch=crash)
    db.session.rollback()
    assert len(end_state()[1]) == 1
    sweep.run_sweep(CLI_ACTOR, current_policies(), AS_OF, batch_size=1)
    crashed = end_state()
    assert len(crashed[1]) == len(set(crashed[1])) == 4
    assert {sid for sid, status, _ in crashed[0] if status == "erased"} == {s for s, _ in crashed[1]}


def test_crash_between_key_store_and_main_commit_is_finished_by_the_next_run(population, monkeypatch):
    original = db.session.commit

    def fail_once():
        monkeypatch.setattr(db.session, "commit", original)
        raise Crash

    monkeypatch.setattr(db.session, "commit", fail_once)
    with pytest.raises(Crash):
        sweep.run_sweep(CLI_ACTOR, current_policies(), AS_OF, batch_size=10)
    db.session.rollback()
    assert end_state()[1] == [] and not has_key(population["due1"])  # keys gone, tombstone not yet
    sweep.run_sweep(CLI_ACTOR, current_policies(), AS_OF, batch_size=10)
    assert len(end_state()[1]) == 4


def test_country_override_changes_the_cutoff(population, app):
    rule = current_policies().retention["candidate_profile"]
    override = RetentionOverride(Period(years=5), "test override", False, ())
    changed = dataclasses.replace(rule, country_overrides=MappingProxyType({"DE": override}))
    policies = dataclasses.replace(current_policies(), retention=MappingProxyType(
        {**current_policies().retention, "candidate_profile": changed}))
    report = sweep.run_sweep(CLI_ACTOR, policies, AS_OF)
    assert report.acted["candidate_profile"] == 1
    assert db.session.get(Subject, population["due2"]).status == "active"  # DE keeps 5 years


@pytest.mark.skipif(not on_postgres(), reason="advisory locks are PostgreSQL's")
def test_a_second_sweep_exits_while_one_runs(population):
    with sweep.sweep_lock():
        with pytest.raises(sweep.SweepLocked):
            with sweep.sweep_lock():
                pass
    with sweep.sweep_lock():
        pass  # released


def test_cli_dry_run_and_sweep(population, runner):
    dry = runner.invoke(args=["retention", "sweep", "--dry-run", "--as-of", AS_OF.isoformat()])
    assert dry.exit_code == 0, dry.output
    assert "candidate_profile" in dry.output and "total due: 4" in dry.output
    assert "last_activity+P24M (*)" in dry.output
    assert "rejected_candidate" not in dry.output  # enforced; nobody here was rejected
    done = runner.invoke(args=["retention", "sweep", "--as-of", AS_OF.isoformat()])
    assert done.exit_code == 0, done.output
    assert "acted" in done.output
    assert db.session.get(Subject, population["due1"]).status == "erased"
