"""Read-only audit views for the pages: the head of the hash chain."""

from __future__ import annotations

from compliance.audit.models import AuditHead
from compliance.extensions import db


def audit_head() -> tuple[int, str] | None:
    head = db.session.get(AuditHead, 1)
    return (head.sequence, head.hash) if head else None
