"""Append-only audit events, sealed into a SHA-256 chain after commit.

An event is appended with only an ``id`` from the database's sequence (no lock, no chain work in
the writer's transaction). The sealer later gives it its place in the chain (``sequence``,
1, 2, 3... without gaps) and ``prev_hash``/``hash``; until then the three are NULL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from compliance.extensions import db

BIGINT = BigInteger().with_variant(Integer, "sqlite")


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BIGINT, primary_key=True, autoincrement=True)
    sequence: Mapped[int | None] = mapped_column(BIGINT, unique=True)
    occurred_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(80), index=True)
    action: Mapped[str] = mapped_column(String(80), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(80))
    details: Mapped[dict] = mapped_column(JSON)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    __table_args__ = (
        db.Index("ix_audit_events_object", "object_type", "object_id"),
        {"sqlite_autoincrement": True},  # ids are never reused, even after the newest row is deleted
    )


class AuditHead(db.Model):
    """One row: the newest sealed sequence and hash. Only the sealer writes it."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sequence: Mapped[int] = mapped_column(BIGINT)
    hash: Mapped[str] = mapped_column(String(64))
