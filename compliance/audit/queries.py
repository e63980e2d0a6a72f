"""Read-only audit views for the pages: the sealed head, what still waits to be sealed, the latest
signed checkpoint."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from compliance.audit.checkpoints import Checkpoint
from compliance.audit.models import AuditEvent
from compliance.audit.services import latest_checkpoint, sealed_head
from compliance.extensions import db


@dataclass(frozen=True)
class TrailStatus:
    head: tuple[int, str]  # (0, genesis) before anything is sealed
    pending: int  # appended, not sealed yet
    checkpoint: Checkpoint | None  # the newest one issued on this host


def audit_head() -> tuple[int, str] | None:
    """The sealed head for the overview card (None before anything is sealed)."""
    head = sealed_head()
    return head if head[0] else None


def trail_status() -> TrailStatus:
    pending = db.session.scalar(select(func.count()).select_from(AuditEvent)
                                .where(AuditEvent.sequence.is_(None))) or 0
    return TrailStatus(sealed_head(), pending, latest_checkpoint())
