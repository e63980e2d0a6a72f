"""Data subjects. Personal fields are ciphertexts under the subject's own data key."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, Integer, LargeBinary, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from compliance.extensions import db
from compliance.subjects.rules import SubjectStatus, new_subject_reference
from compliance.timeutil import utcnow


class Subject(db.Model):
    __tablename__ = "subjects"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # What people read and type (SUB-7K4M2-Q9XHT): random, so it says nothing about the subject.
    reference: Mapped[str] = mapped_column(String(16), unique=True, default=new_subject_reference)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    name_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    email_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    phone_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    date_of_birth_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    email_index: Mapped[bytes | None] = mapped_column(LargeBinary(32), index=True)
    # Blind index of the normalised full name (rules.normalise_full_name): exact name search.
    name_index: Mapped[bytes | None] = mapped_column(LargeBinary(32), index=True)
    # Country of residence as an ISO code: a coarse category needed for per-state rules.
    country: Mapped[str] = mapped_column(String(2), index=True)
    source: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default=SubjectStatus.ACTIVE.value)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(
        db.DateTime(timezone=True), default=utcnow, index=True
    )
    membership_start: Mapped[date | None] = mapped_column(Date)
    membership_end: Mapped[date | None] = mapped_column(Date)
    # The user (member) who recorded this subject: members see only their own records.
    created_by_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    # GDPR Art 18: when the current restriction began (a consent given since lets consent purposes
    # that declare the Art 18(2) consent exception go on); None when not restricted.
    restricted_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    # GDPR Art 21: an upheld objection stops legitimate-interest (Art 6(1)(f)) processing.
    objected_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    objection_reference: Mapped[str | None] = mapped_column(String(40))
    erased_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    erasure_reference: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # Serves status filters (prefix) and the retention sweep's range seek for due subjects.
        db.Index("ix_subjects_status_kind_activity", "status", "kind", "last_activity_at"),
    )
