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
from datetime import date

from sqlalchemy import func, insert, select

from compliance.audit.services import Actor, record_event
from compliance.errors import Conflict
from compliance.extensions import db
from compliance.policies import Policies
from compliance.requests.exemptions import finish_partial_erasures
from compliance.retention.models import ErasureLogEntry
from compliance.retention.queries import (
    count_due,
    due_condition,
    due_groups,
    not_enforced,
    rejection_verdicts,
)
from compliance.retention.rules import REJECTION, DueGroup, SweepReport
from compliance.subjects.erasure import erase_subjects
from compliance.subjects.models import Subject
from compliance.subjects.rules import ErasureAction
from compliance.timeutil import utcnow
from compliance.transaction import unit_of_work

# Subjects an erasure request left partially erased (GDPR Art 17(3)), erased once nothing keeps them.
PARTIAL_ERASURE = "partial_erasure_completed"
ADVISORY_LOCK_KEY = 0x5E7E_4711  # one sweep at a time across all hosts (PostgreSQL)


class SweepLocked(Conflict):
    """Another sweep is running."""


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
        report = SweepReport(as_of, policies.version, False, not_enforced=not_enforced(policies))
        groups = due_groups(policies, as_of)
        if on_total:
            on_total(count_due(policies, as_of))
        sweep_id = uuid.uuid4()
        for group in groups:
            while done := act_on_batch(actor, group, as_of, batch_size, sweep_id, policies):
                report.acted[group.category] = report.acted.get(group.category, 0) + done
                if progress:
                    progress(done)
                if after_batch:
                    after_batch(done)
        with unit_of_work():
            finished = finish_partial_erasures(actor, as_of)
        if finished:
            report.acted[PARTIAL_ERASURE] = finished
    return report


def act_on_batch(actor: Actor, group: DueGroup, as_of: date, batch_size: int, sweep_id: uuid.UUID,
                 policies: Policies) -> int:
    """Erase or anonymise up to ``batch_size`` due subjects and log each action: one unit of work.

    Order for crash safety (see compliance.subjects.erasure): the tombstones are written but not
    committed, the keys are deleted and committed on the key store, then the tombstones and the
    log rows commit together.
    """
    with unit_of_work():
        # No ORDER BY: the planner walks an index range instead of re-sorting every due row per batch.
        batch = select(Subject.id).where(due_condition(group, as_of)).limit(batch_size)
        result = erase_subjects(batch, reference=f"retention:{group.category}",
                                action=ErasureAction(group.action), on=as_of)
        if result.erased:
            _log(actor, group, _what_applied(policies, group, result.erased), sweep_id, policies.version)
        return len(result.erased)


def _what_applied(policies: Policies, group: DueGroup, erased) -> list[tuple[uuid.UUID, str, str]]:
    """(subject, rule, country) per subject acted on: for rejected applicants the rule and the
    vacancy's work country that decided (the applications keep both after erasure)."""
    if group.trigger != REJECTION:
        return [(sid, group.rule, country) for sid, country in erased]
    verdicts = rejection_verdicts(policies, [sid for sid, _ in erased])
    return [(sid, verdicts[sid].rule, verdicts[sid].country) for sid, _ in erased]


def _log(actor: Actor, group: DueGroup, acted, sweep_id: uuid.UUID, policy_version: str) -> None:
    now = utcnow()
    db.session.execute(insert(ErasureLogEntry.__table__), [  # Core executemany, no ORM bulk path
        {"subject_id": sid, "category": group.category, "action": group.action, "rule": rule,
         "country": country, "policy_version": policy_version, "sweep_id": sweep_id,
         "acted_at": now} for sid, rule, country in acted])
    record_event(actor, "retention.swept", None, None, {
        "sweep_id": str(sweep_id), "category": group.category, "rule": group.rule,
        "action": group.action, "count": len(acted), "policy_version": policy_version})
