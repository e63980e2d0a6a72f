"""Tampering with the audit trail as someone with write access to the database would: raw
updates, and the chain recomputed with the service's own (public) algorithm afterwards."""

from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select, update

from compliance.audit.models import AuditEvent, AuditHead
from compliance.audit.rules import GENESIS_HASH, EventContent, chain_hash
from compliance.timeutil import as_utc

EVENTS, HEAD = AuditEvent.__table__, AuditHead.__table__

def rechain(conn) -> None:
    """What a careful attacker does after an edit: renumber, recompute every hash, fix the head."""
    sealed = EVENTS.c.sequence.is_not(None)
    rows = conn.execute(select(EVENTS).where(sealed).order_by(EVENTS.c.sequence)).all()
    conn.execute(update(EVENTS).where(sealed).values(sequence=-EVENTS.c.sequence))
    prev = GENESIS_HASH
    for n, row in enumerate(rows, 1):
        content = EventContent(n, as_utc(row.occurred_at), row.actor, row.action, row.object_type,
                               row.object_id, row.details)
        digest = chain_hash(prev, content)
        conn.execute(update(EVENTS).where(EVENTS.c.id == row.id)
                     .values(sequence=n, prev_hash=prev, hash=digest))
        prev = digest
    conn.execute(update(HEAD).values(sequence=len(rows), hash=prev))


def set_event(conn, position: int, **values) -> None:
    conn.execute(update(EVENTS).where(EVENTS.c.sequence == position).values(**values))


def swap(conn, first: int, second: int) -> None:
    set_event(conn, first, sequence=-1)
    set_event(conn, second, sequence=first)
    set_event(conn, -1, sequence=second)


def insert_after(conn, sequence: int) -> None:
    shifted = EVENTS.c.sequence > sequence
    conn.execute(update(EVENTS).where(shifted).values(sequence=-EVENTS.c.sequence - 1))
    conn.execute(update(EVENTS).where(EVENTS.c.sequence < 0).values(sequence=-EVENTS.c.sequence))
    next_id = conn.execute(select(func.max(EVENTS.c.id))).scalar() + 1
    conn.execute(insert(EVENTS).values(id=next_id, sequence=sequence + 1, occurred_at=datetime.now(UTC),
                                       actor="cli", action="subject.read", details={}, prev_hash="x",
                                       hash="y"))


def drop_newest(conn, count: int, move_head: bool) -> None:
    newest = conn.execute(select(func.max(EVENTS.c.sequence))).scalar()
    conn.execute(delete(EVENTS).where(EVENTS.c.sequence > newest - count))
    if move_head:
        kept = newest - count
        digest = conn.execute(select(EVENTS.c.hash).where(EVENTS.c.sequence == kept)).scalar()
        conn.execute(update(HEAD).values(sequence=kept, hash=digest))
