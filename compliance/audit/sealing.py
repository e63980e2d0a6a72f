"""Sealing: chain appended events, in id order, shortly after they commit.

Writers only insert (``record_event``): the id comes from the sequence ``audit_events_id_seq``,
with no lock and no chain work in their transaction. Ids are therefore handed out in one order
and committed in another, and a rolled-back transaction leaves a gap for good. The sealer must
never chain past an id whose transaction may still commit. On PostgreSQL it finds a horizon:

1. read the sequence's last value L;
2. then, in a later statement, note the xmax X of a fresh snapshot (the first transaction id not
   yet handed out);
3. wait until no transaction older than X is running (xmin of a fresh snapshot >= X).

Every id <= L was taken by a transaction that already had its transaction id (``record_event``
assigns one before it takes the id), so one older than X. Once all those have ended, every id <= L
is committed or never will be: the visible ones are chained in id order, the others are gaps. The
horizon is not reached while an older transaction stays open: nothing is sealed that round.

One sealer at a time: a PostgreSQL advisory lock that a second sealer does not wait for (it
skips). Each batch (its events and the head) commits in one transaction, so a crash leaves the
chain as of the last batch and the next run continues from the head. On SQLite a writer holds the
write lock from its first write to its commit, so ids commit in order; the sealer takes the write
lock before reading the head, and everything it sees is final.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.engine import Connection

from compliance.audit.models import AuditEvent, AuditHead
from compliance.audit.rules import GENESIS_HASH, EventContent, chain_hash
from compliance.extensions import db
from compliance.timeutil import as_utc
from compliance.transaction import own_transaction

SEAL_LOCK = 0x5E7E_A5EA  # PostgreSQL advisory lock key: one sealer at a time
LAST_ID = "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM audit_events_id_seq"
HEAD_ID = 1
EVENTS, HEAD = AuditEvent.__table__, AuditHead.__table__


class SealRefused(RuntimeError):
    """The stored head does not match the sealed events: the trail was tampered with."""


class SealStatus(StrEnum):
    SEALED = "sealed"  # possibly 0 events
    BUSY = "busy"  # another sealer runs
    WAITING = "waiting"  # an older transaction is still open: the horizon was not reached


@dataclass(frozen=True)
class SealResult:
    status: SealStatus
    sealed: int = 0
    head: tuple[int, str] | None = None  # after sealing (None when there was nothing to seal)


def seal_pending(max_wait: float = 5.0, batch_size: int = 1000) -> SealResult:
    """Chain every committed, unsealed event (idempotent; safe to call from any process)."""
    if not _anything_pending():
        return SealResult(SealStatus.SEALED, 0, None)
    if db.engine.dialect.name != "postgresql":
        return _seal(None, batch_size)
    # The lock's own connection, in autocommit: it never holds a transaction (or an id) open.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if not conn.execute(select(func.pg_try_advisory_lock(SEAL_LOCK))).scalar():
            return SealResult(SealStatus.BUSY)
        try:
            horizon = _safe_horizon(conn, max_wait)
            return SealResult(SealStatus.WAITING) if horizon is None else _seal(horizon, batch_size)
        finally:
            conn.execute(select(func.pg_advisory_unlock(SEAL_LOCK)))


def _anything_pending() -> bool:
    unsealed = select(EVENTS.c.id).where(EVENTS.c.sequence.is_(None)).limit(1)
    with db.engine.connect() as conn:
        return conn.execute(unsealed).first() is not None


def _safe_horizon(conn: Connection, max_wait: float) -> int | None:
    """The largest id below which no event can still appear (PostgreSQL), or None on timeout.

    ``conn`` is in autocommit: each read is its own statement with a fresh snapshot, and nothing
    here holds a transaction id that the wait would wait for. The first two reads come in this
    order on purpose.
    """
    last = conn.execute(text(LAST_ID)).scalar()
    xmax = conn.execute(text("SELECT pg_snapshot_xmax(pg_current_snapshot())::text")).scalar()
    reached = text("SELECT pg_snapshot_xmin(pg_current_snapshot()) >= CAST(:x AS xid8)")
    deadline, pause = time.monotonic() + max_wait, 0.002
    while not conn.execute(reached, {"x": xmax}).scalar():
        if time.monotonic() >= deadline:
            return None
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    return last


def _seal(horizon: int | None, batch_size: int) -> SealResult:
    total, first = 0, True
    while True:
        with own_transaction() as conn:  # one batch and the head, or nothing
            head = _locked_head(conn)
            if first:
                _check_head(conn, head)
                first = False
            pending = select(EVENTS.c.id, EVENTS.c.occurred_at, EVENTS.c.actor, EVENTS.c.action,
                             EVENTS.c.object_type, EVENTS.c.object_id, EVENTS.c.details).where(
                EVENTS.c.sequence.is_(None))
            if horizon is not None:
                pending = pending.where(EVENTS.c.id <= horizon)
            rows = conn.execute(pending.order_by(EVENTS.c.id).limit(batch_size)).all()
            if rows:
                head = _chain(conn, head or (0, GENESIS_HASH), rows)
        total += len(rows)
        if len(rows) < batch_size:  # the last batch: nothing was left behind it
            return SealResult(SealStatus.SEALED, total, head or (0, GENESIS_HASH))


def _locked_head(conn: Connection) -> tuple[int, str] | None:
    # SQLite: the UPDATE takes the database write lock before anything is read.
    conn.execute(update(HEAD).where(HEAD.c.id == HEAD_ID).values(id=HEAD_ID))
    row = conn.execute(select(HEAD.c.sequence, HEAD.c.hash).where(HEAD.c.id == HEAD_ID)
                       .with_for_update()).first()
    return (row.sequence, row.hash) if row else None


def _check_head(conn: Connection, head: tuple[int, str] | None) -> None:
    """Never extend a chain whose head disagrees with its events (``audit verify`` says how)."""
    newest = conn.execute(select(func.max(EVENTS.c.sequence))).scalar()
    if head is None:
        if newest is not None:
            raise SealRefused("the audit head record is missing although events are sealed; "
                              "sealing stopped: run `compliance audit verify`")
        return
    stored = conn.execute(select(EVENTS.c.hash).where(EVENTS.c.sequence == head[0])).scalar()
    if newest != (head[0] or None) or (head[0] and stored != head[1]):
        raise SealRefused(f"the audit head (event {head[0]}) does not match the sealed events; "
                          "sealing stopped: run `compliance audit verify`")


def _chain(conn: Connection, head: tuple[int, str], rows) -> tuple[int, str]:
    sequence, prev = head
    updates = []
    for row in rows:
        sequence += 1
        content = EventContent(sequence, as_utc(row.occurred_at), row.actor, row.action,
                               row.object_type, row.object_id, row.details)
        digest = chain_hash(prev, content)
        updates.append({"b_id": row.id, "b_seq": sequence, "b_prev": prev, "b_hash": digest})
        prev = digest
    conn.execute(update(EVENTS).where(EVENTS.c.id == bindparam("b_id")).values(
        sequence=bindparam("b_seq"), prev_hash=bindparam("b_prev"), hash=bindparam("b_hash")), updates)
    if head[0] == 0 and conn.execute(select(HEAD.c.id)).first() is None:
        conn.execute(insert(HEAD).values(id=HEAD_ID, sequence=sequence, hash=prev))
    else:
        conn.execute(update(HEAD).where(HEAD.c.id == HEAD_ID).values(sequence=sequence, hash=prev))
    return sequence, prev
