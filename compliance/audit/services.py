"""Recording and verifying the audit trail.

``record_event`` adds the event to the current transaction: it is committed together with the
change it records, by the service that owns the unit of work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update

from compliance.audit.models import AuditEvent, AuditHead
from compliance.audit.rules import (
    GENESIS_HASH,
    ChainBreak,
    EventContent,
    chain_hash,
    find_first_break,
)
from compliance.auth.rules import STAFF
from compliance.extensions import db
from compliance.pagination import paginate
from compliance.timeutil import as_utc, utcnow

HEAD_ID = 1


@dataclass(frozen=True)
class Actor:
    """Who acts: ``user:<uuid>``, ``cli``, ``public`` or ``system:<job>``. Never an email."""

    ref: str
    role: str | None = None
    user_id: object | None = None

    @property
    def is_privileged(self) -> bool:
        return self.role in STAFF or self.ref == "cli" or self.ref.startswith("system:")


CLI_ACTOR = Actor("cli", role="admin")
PUBLIC_ACTOR = Actor("public")


def record_event(actor: Actor, action: str, object_type: str | None = None,
                 object_id: object | None = None, details: Mapping | None = None) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction (flushes, never commits)."""
    head = _locked_head()
    content = EventContent(
        sequence=head.sequence + 1,
        occurred_at=utcnow(),
        actor=actor.ref,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        details=dict(details or {}),
    )
    digest = chain_hash(head.hash, content)
    event = AuditEvent(
        sequence=content.sequence, occurred_at=content.occurred_at, actor=content.actor,
        action=action, object_type=object_type, object_id=content.object_id,
        details=content.details, prev_hash=head.hash, hash=digest,
    )
    db.session.add(event)
    head.sequence, head.hash = content.sequence, digest
    db.session.flush()
    return event


def _locked_head() -> AuditHead:
    # Row lock on PostgreSQL; on SQLite the UPDATE takes the write lock before we read.
    db.session.execute(update(AuditHead).where(AuditHead.id == HEAD_ID).values(id=HEAD_ID))
    head = db.session.execute(
        select(AuditHead).where(AuditHead.id == HEAD_ID).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        db.session.execute(insert(AuditHead).values(id=HEAD_ID, sequence=0, hash=GENESIS_HASH))
        head = db.session.get(AuditHead, HEAD_ID)
    return head


def head_hash() -> str:
    """The newest hash of the chain (exports quote it)."""
    head = db.session.get(AuditHead, HEAD_ID)
    return head.hash if head else GENESIS_HASH


def verify_chain(progress: Callable[[int], None] | None = None) -> tuple[int, ChainBreak | None]:
    """Recompute every link, streaming. Returns (events checked, first break or None)."""
    total = db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    head = db.session.get(AuditHead, HEAD_ID)
    stored_head = (head.sequence, head.hash) if head else None
    stream = _stream(progress)
    try:
        found = find_first_break(stream, stored_head)
    finally:
        stream.close()  # closes the server-side cursor when a break stops the walk early
    return total, found


def _stream(progress: Callable[[int], None] | None) -> Iterator[tuple[EventContent, str, str]]:
    result = db.session.execute(
        select(AuditEvent).order_by(AuditEvent.sequence).execution_options(yield_per=2000)
    )
    try:
        for count, row in enumerate(result.scalars(), 1):
            if progress and count % 2000 == 0:
                progress(2000)
            yield (
                EventContent(row.sequence, as_utc(row.occurred_at), row.actor, row.action,
                             row.object_type, row.object_id, row.details),
                row.prev_hash,
                row.hash,
            )
    finally:
        result.close()


def list_events(filters: Mapping, page: int, per_page: int) -> tuple[list[AuditEvent], int]:
    """Newest first, filtered by exact action/object/actor."""
    query = select(AuditEvent)
    for name in ("action", "object_type", "object_id", "actor"):
        if filters.get(name):
            query = query.where(getattr(AuditEvent, name) == filters[name])
    return paginate(query.order_by(AuditEvent.sequence.desc()), page, per_page)
