"""Recording the audit trail, and the checkpoints that vouch for it.

``record_event`` adds the event to the current transaction: it is committed together with the
change it records, by the service that owns the unit of work. It takes no lock: its order comes
from the database sequence, and the sealer (``compliance.audit.sealing``) chains it after commit.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import insert, select, text

from compliance.audit.checkpoints import Checkpoint, CheckpointLog, public_key_id, sign_checkpoint
from compliance.audit.models import AuditEvent, AuditHead
from compliance.audit.rules import GENESIS_HASH, ChainWalk, EventContent, Problem, SealedEvent
from compliance.audit.sealing import HEAD_ID, SealRefused, SealResult, seal_pending
from compliance.auth.rules import STAFF
from compliance.crypto import KeyMaterialError
from compliance.extensions import db
from compliance.keystore.services import keyring
from compliance.pagination import paginate
from compliance.timeutil import as_utc, utcnow

APPENDED = "compliance.audit_appended"  # session.info flag: wake the sealer after commit

# PostgreSQL: the transaction gets its id (pg_current_xact_id) before the event takes its id from
# the sequence (the column default, evaluated after the CTE row exists); the sealer relies on it.
_PG_APPEND = text(
    "WITH xact AS MATERIALIZED (SELECT pg_current_xact_id() AS xid) "
    "INSERT INTO audit_events (occurred_at, actor, action, object_type, object_id, details) "
    "SELECT :occurred_at, :actor, :action, :object_type, :object_id, CAST(:details AS JSON) "
    "FROM xact WHERE xact.xid IS NOT NULL"
)
_APPEND = insert(AuditEvent.__table__)
log = logging.getLogger(__name__)


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
SYSTEM_ACTOR = Actor("system:audit")


def record_event(actor: Actor, action: str, object_type: str | None = None,
                 object_id: object | None = None, details: Mapping | None = None) -> None:
    """Append one event inside the caller's transaction (flushes, never commits, never locks)."""
    if not current_app.config["AUDIT_EVENTS"]:
        return  # only the audited-read benchmark switches the trail off
    values = {"occurred_at": utcnow(), "actor": actor.ref, "action": action, "object_type": object_type,
              "object_id": None if object_id is None else str(object_id), "details": dict(details or {})}
    session = db.session
    session.flush()
    if session.get_bind(mapper=AuditEvent).dialect.name == "postgresql":
        session.execute(_PG_APPEND, {**values, "details": json.dumps(values["details"])})
    else:
        session.execute(_APPEND, values)
    session.info[APPENDED] = True


def sealed_head() -> tuple[int, str]:
    """(sequence, hash) of the newest sealed event; (0, genesis) for an empty trail."""
    head = db.session.get(AuditHead, HEAD_ID, populate_existing=True)
    return (head.sequence, head.hash) if head else (0, GENESIS_HASH)


def head_hash() -> str:
    """The newest sealed hash of the chain (exports and answer packages quote it)."""
    return sealed_head()[1]


def list_events(filters: Mapping, page: int, per_page: int) -> tuple[list[AuditEvent], int]:
    """Newest first (sealed or not), filtered by exact action/object/actor."""
    query = select(AuditEvent)
    for name in ("action", "object_type", "object_id", "actor"):
        if filters.get(name):
            query = query.where(getattr(AuditEvent, name) == filters[name])
    return paginate(query.order_by(AuditEvent.id.desc()), page, per_page)


# -- checkpoints ---------------------------------------------------------------------------
def checkpoint_log() -> CheckpointLog:
    return CheckpointLog(Path(current_app.config["AUDIT_CHECKPOINT_PATH"]))


def signing_key() -> bytes:
    key = keyring().audit_signing_key
    if not key:
        raise KeyMaterialError("the key-material file holds no audit signing key (restart the service once "
                               "to add one)")
    return key


def latest_checkpoint() -> Checkpoint | None:
    """The newest checkpoint issued on this host (None before the first)."""
    return checkpoint_log().latest()


class TrailTampered(RuntimeError):
    """The sealed trail no longer extends the latest checkpoint: nothing is signed."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def issue_checkpoint(reason: str = "cli", seal_first: bool = True,
                     max_wait: float = 2.0) -> Checkpoint | None:
    """Sign the sealed head into the checkpoint file (seals pending events first).

    Idempotent: when the newest checkpoint already covers the head, that one is returned. None
    while nothing is sealed. Refuses (TrailTampered) to sign a chain that does not extend the
    newest checkpoint: the events since then are walked and checked first.
    """
    if seal_first:
        seal_pending(max_wait=max_wait)
    key, log = signing_key(), checkpoint_log()
    with log.locked():
        head, latest = sealed_head(), log.latest()
        if head[0] == 0:
            return None
        if latest and (latest.sequence, latest.hash, latest.key_id) == (*head, public_key_id(key)):
            return latest
        _check_extends(latest, head)
        checkpoint = sign_checkpoint(key, head[0], head[1], reason)
        log.append(checkpoint)
        return checkpoint


def export_checkpoint() -> tuple[Checkpoint | None, str]:
    """For an export: the checkpoint signed now (None if none could be) and the head hash it quotes.

    Never fails the export: a trail that cannot be sealed or signed is logged, and ``audit verify``
    names why.
    """
    try:
        checkpoint = issue_checkpoint("export", max_wait=1.0)
    except (SealRefused, TrailTampered) as exc:
        log.error("export without a new audit checkpoint: %s", exc)
        checkpoint = None
    return checkpoint, checkpoint.hash if checkpoint else head_hash()


def checkpoint_due(interval_seconds: float, head: tuple[int, str] | None = None) -> bool:
    """True when sealed events are not yet covered by a checkpoint at least ``interval`` old.
    ``head``: the sealed head if the caller knows it (saves a query)."""
    head, latest = head or sealed_head(), latest_checkpoint()
    if head[0] == 0 or (latest and latest.sequence >= head[0]):
        return False
    if latest is None:
        return True
    issued = datetime.fromisoformat(latest.issued_at.replace("Z", "+00:00"))
    return (utcnow() - issued).total_seconds() >= interval_seconds


def _check_extends(latest: Checkpoint | None, head: tuple[int, str]) -> None:
    if latest is None:
        return
    if head[0] < latest.sequence:
        raise TrailTampered(Problem("truncated", latest.sequence, f"the trail ends at event {head[0]}, "
                                    f"below the checkpoint {latest.label} (event {latest.sequence})"))
    start = db.session.execute(select(AuditEvent.id, AuditEvent.hash)
                               .where(AuditEvent.sequence == latest.sequence)).first()
    if start is None or start.hash != latest.hash:
        raise TrailTampered(Problem("rewritten", latest.sequence, f"event {latest.sequence} no longer has "
                                    f"the hash signed in the checkpoint {latest.label}"))
    walk = ChainWalk(last=(latest.sequence, latest.hash), _last_id=start.id)
    events = AuditEvent.__table__
    rows = db.session.execute(select(events).where(events.c.sequence > latest.sequence,
                                                   events.c.sequence <= head[0])
                              .order_by(events.c.sequence).execution_options(yield_per=2000))
    for row in rows:
        walk.add(sealed_event(row))
    if walk.first_break or walk.last != head:
        raise TrailTampered(walk.first_break or Problem("head_mismatch", head[0], "the head does not match"))


def sealed_event(row) -> SealedEvent:
    """A sealed row as the chain rules see it."""
    return SealedEvent(EventContent(row.sequence, as_utc(row.occurred_at), row.actor, row.action,
                                    row.object_type, row.object_id, row.details),
                       row.id, row.prev_hash, row.hash)


__all__ = ["Actor", "CLI_ACTOR", "PUBLIC_ACTOR", "SYSTEM_ACTOR", "SealResult", "record_event",
           "seal_pending", "issue_checkpoint", "latest_checkpoint", "head_hash", "sealed_head"]
