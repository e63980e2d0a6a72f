"""Retention sweeps: find due subjects with set-based SQL per (category, country) and act in batches.

Crash safety: a batch's data keys are deleted and committed on the key store before the
subjects' tombstones and the erasure log rows commit together. A crash between the two leaves
active subjects without keys, which the next run finds and finishes; nothing is done twice
(``status = 'active'`` in every due condition, and the log's unique (subject, category)).
Concurrency: a session-level PostgreSQL advisory lock; on SQLite the write lock serialises batches.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, delete, exists, func, insert, select, true, update

from compliance.audit.services import Actor, record_event
from compliance.errors import Conflict
from compliance.extensions import db
from compliance.keystore.models import DataKey
from compliance.policies import Policies
from compliance.retention.models import ErasureLogEntry, LegalHold
from compliance.retention.rules import ENFORCED, NOT_ENFORCED, DueGroup, plan_groups
from compliance.retention.services import hold_is_active
from compliance.subjects.models import Subject
from compliance.timeutil import utcnow
from compliance.transaction import key_store_first, unit_of_work

ADVISORY_LOCK_KEY = 0x5E7E_4711  # one sweep at a time across all hosts (PostgreSQL)
PERSONAL_COLUMNS = ("name_ciphertext", "email_ciphertext", "phone_ciphertext",
                    "date_of_birth_ciphertext", "email_index")
# Erase keeps only the tombstone; anonymise also keeps the non-identifying facts for statistics.
ERASE_ALSO = ("source", "membership_start", "membership_end")


class SweepLocked(Conflict):
    """Another sweep is running."""


@dataclass
class SweepReport:
    as_of: date
    policy_version: str
    dry_run: bool
    due: dict[tuple[str, str], int] = field(default_factory=dict)  # (category, country) -> count
    held: dict[str, int] = field(default_factory=dict)
    restricted: dict[str, int] = field(default_factory=dict)
    acted: dict[str, int] = field(default_factory=dict)
    not_enforced: dict[str, str] = field(default_factory=dict)

    @property
    def total_due(self) -> int:
        return sum(self.due.values())


def due_groups(policies: Policies, as_of: date) -> list[DueGroup]:
    groups = []
    for category in ENFORCED:
        rule = policies.retention[category]
        overrides = {code: (o.period, o.citation) for code, o in rule.country_overrides.items()}
        groups += plan_groups(category, rule.action, (rule.period, rule.legal_citation), overrides, as_of)
    return groups


def _trigger_before(group: DueGroup):
    if group.trigger == "membership_end":
        return Subject.membership_end <= group.last_trigger_date
    cutoff = datetime.combine(group.last_trigger_date + timedelta(days=1), datetime.min.time(), UTC)
    return Subject.last_activity_at < cutoff


def _held(as_of: date):
    return exists().where(LegalHold.subject_id == Subject.id, hold_is_active(as_of))


def _in_group(group: DueGroup):
    country = Subject.country == group.country if group.country else (
        Subject.country.not_in(group.excluded) if group.excluded else true())
    return and_(Subject.kind == group.kind, country, _trigger_before(group))


def due_condition(group: DueGroup, as_of: date):
    """Active subjects of the group whose period has run out and that no hold protects."""
    return and_(_in_group(group), Subject.status == "active", ~_held(as_of))


def survey(policies: Policies, as_of: date, dry_run: bool = True) -> SweepReport:
    """Counts per category and country of what is due on ``as_of``, held, or restricted."""
    report = SweepReport(as_of, policies.version, dry_run, not_enforced=dict(NOT_ENFORCED))
    for group in due_groups(policies, as_of):
        rows = db.session.execute(select(Subject.country, func.count()).where(
            due_condition(group, as_of)).group_by(Subject.country))
        for country, count in rows:
            report.due[(group.category, country)] = count
        _add(report.held, group.category, and_(_in_group(group), Subject.status == "active", _held(as_of)))
        _add(report.restricted, group.category, and_(_in_group(group), Subject.status == "restricted"))
    return report


def _add(counts: dict, category: str, condition) -> None:
    found = db.session.scalar(select(func.count()).select_from(Subject).where(condition)) or 0
    if found:
        counts[category] = counts.get(category, 0) + found


@contextlib.contextmanager
def sweep_lock(wait: bool = False) -> Iterator[None]:
    """Hold the sweep lock for the block; SweepLocked if another sweep has it and not ``wait``."""
    if db.engine.dialect.name != "postgresql":
        yield
        return
    # A session-level lock on a connection of its own, in autocommit: it holds no transaction open.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        fn = func.pg_advisory_lock if wait else func.pg_try_advisory_lock
        got = conn.execute(select(fn(ADVISORY_LOCK_KEY))).scalar()
        if got is False:
            raise SweepLocked("Another retention sweep is running; try again later.")
        try:
            yield
        finally:
            conn.execute(select(func.pg_advisory_unlock(ADVISORY_LOCK_KEY)))


def run_sweep(actor: Actor, policies: Policies, as_of: date, *, batch_size: int = 1000,
              wait: bool = False, progress: Callable[[int], None] | None = None,
              on_total: Callable[[int], None] | None = None,
              after_batch: Callable[[int], None] | None = None) -> SweepReport:
    """Act on everything due on ``as_of``, a commit per batch; returns what was done."""
    with sweep_lock(wait):
        report = SweepReport(as_of, policies.version, False, not_enforced=dict(NOT_ENFORCED))
        groups = due_groups(policies, as_of)
        if on_total:
            on_total(sum(db.session.scalar(select(func.count()).select_from(Subject).where(
                due_condition(g, as_of))) or 0 for g in groups))
        sweep_id = uuid.uuid4()
        for group in groups:
            while done := act_on_batch(actor, group, as_of, batch_size, sweep_id, policies.version):
                report.acted[group.category] = report.acted.get(group.category, 0) + done
                if progress:
                    progress(done)
                if after_batch:
                    after_batch(done)
    return report


def act_on_batch(actor: Actor, group: DueGroup, as_of: date, batch_size: int, sweep_id: uuid.UUID,
                 policy_version: str) -> int:
    """Tombstone up to ``batch_size`` due subjects, shred their keys and log each action.

    Order for crash safety: the tombstones are written but not committed, the keys are deleted
    and committed on the key store, then the tombstones and log rows commit together.
    """
    with unit_of_work():
        return _act_on_batch(actor, group, as_of, batch_size, sweep_id, policy_version)


def _act_on_batch(actor: Actor, group: DueGroup, as_of: date, batch_size: int, sweep_id: uuid.UUID,
                  policy_version: str) -> int:
    now = utcnow()
    # No ORDER BY: the planner walks an index range instead of re-sorting every due row per batch.
    batch = select(Subject.id).where(due_condition(group, as_of)).limit(batch_size)
    cleared = PERSONAL_COLUMNS + (ERASE_ALSO if group.action == "erase" else ())
    rows = db.session.execute(
        update(Subject).where(Subject.id.in_(batch.scalar_subquery()))
        .values(status="erased", erased_at=now, erasure_reference=f"retention:{group.category}",
                version=Subject.version + 1, **dict.fromkeys(cleared))
        .returning(Subject.id, Subject.country)
        .execution_options(synchronize_session=False)).all()
    if not rows:
        return 0
    with key_store_first() as keys:
        keys.execute(delete(DataKey).where(DataKey.key_id.in_([sid for sid, _ in rows])))
    db.session.execute(insert(ErasureLogEntry.__table__), [  # Core executemany, no ORM bulk path
        {"subject_id": sid, "category": group.category, "action": group.action, "rule": group.rule,
         "country": country, "policy_version": policy_version, "sweep_id": sweep_id,
         "acted_at": now} for sid, country in rows])
    record_event(actor, "retention.swept", None, None, {
        "sweep_id": str(sweep_id), "category": group.category, "rule": group.rule,
        "action": group.action, "count": len(rows), "policy_version": policy_version})
    return len(rows)
