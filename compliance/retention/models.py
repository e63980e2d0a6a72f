"""Legal holds and the erasure log of retention sweeps."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from compliance.extensions import db
from compliance.timeutil import utcnow


class LegalHold(db.Model):
    """Keeps a subject (or one of its records) from sweeps and erasure until released or ``until``.

    ``reason`` is staff free text that may name people: it is stored encrypted under the subject's
    key (``reason_ciphertext``) and never written to the audit trail.
    """

    __tablename__ = "legal_holds"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id"), index=True)
    record_type: Mapped[str | None] = mapped_column(String(40))  # None: the whole subject
    record_id: Mapped[str | None] = mapped_column(String(64))
    reason_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    until: Mapped[date | None] = mapped_column(Date)  # None: until released
    placed_by: Mapped[str] = mapped_column(String(64))
    placed_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    released_by: Mapped[str | None] = mapped_column(String(64))


class ErasureLogEntry(db.Model):
    """One action a retention sweep took: what, under which rule and policy version. No personal data.

    The unique constraint makes a second action on the same subject and category impossible,
    whatever happens to the sweep that tries.
    """

    __tablename__ = "erasure_log_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    category: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(10))
    rule: Mapped[str] = mapped_column(String(80))  # e.g. "last_activity+P24M (DE)"
    country: Mapped[str] = mapped_column(String(2))
    policy_version: Mapped[str] = mapped_column(String(40))
    sweep_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    acted_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("subject_id", "category",
                                       name="uq_erasure_log_subject_category"),)
