"""The consent ledger (append-only events with proof), its derived current state, and one-time links.

The client a consent is scoped to is stored encrypted under the subject's key, with a blind index
(``scope_key``) for exact comparison; ``scope_key`` is "" for consents without a client.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, LargeBinary, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from compliance.extensions import db
from compliance.timeutil import utcnow


class ConsentEvent(db.Model):
    """One grant, withdrawal, expiry or renewal, with the proof EDPB 05/2020 §108 asks for."""

    __tablename__ = "consent_events"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    scope_key: Mapped[str] = mapped_column(String(64), default="")
    scope_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    action: Mapped[str] = mapped_column(String(10))
    occurred_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow, index=True)
    valid_until: Mapped[date | None] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16))
    collected_by: Mapped[str] = mapped_column(String(64))  # actor ref: "user:<uuid>", "public", "cli"
    notice_id: Mapped[str | None] = mapped_column(String(40))
    notice_version: Mapped[str | None] = mapped_column(String(20))
    notice_sha256: Mapped[str | None] = mapped_column(String(64))
    # GDPR Art 8: the grant carries evidence that a holder of parental responsibility consented.
    parental_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    policy_version: Mapped[str] = mapped_column(String(40))

    __table_args__ = (Index("ix_consent_events_subject_purpose", "subject_id", "purpose", "scope_key"),)


class ConsentState(db.Model):
    """Current state per (subject, purpose, scope): a projection of the ledger, written with it."""

    __tablename__ = "consent_states"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    scope_key: Mapped[str] = mapped_column(String(64), default="")
    last_event_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    last_action: Mapped[str] = mapped_column(String(10), index=True)
    changed_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True))
    valid_until: Mapped[date | None] = mapped_column(Date, index=True)
    parental_consent: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (UniqueConstraint("subject_id", "purpose", "scope_key",
                                       name="uq_consent_states_subject_purpose_scope"),)


class ConsentLink(db.Model):
    """A signed one-time link e-mailed to the subject (renew or withdraw); used once, then dead."""

    __tablename__ = "consent_links"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    scope_key: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(10))  # "renewal" (renew or withdraw) | "withdrawal"
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    used_for: Mapped[str | None] = mapped_column(String(10))


class PurposeObjection(db.Model):
    """GDPR Art 21: one purpose a subject objected to in one request, and what was decided.

    Written by the requests feature, read by ``can_process``: an ``upheld`` row stops the purpose
    for the subject. A refusal keeps its ground and the DPO's balancing, encrypted with the
    subject's key (it weighs the person's situation), so erasure makes it unreadable.
    """

    __tablename__ = "purpose_objections"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id"), index=True)
    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subject_requests.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    handling: Mapped[str] = mapped_column(String(16))  # absolute | balancing | not_applicable
    decision: Mapped[str] = mapped_column(String(20), index=True)
    refusal_ground: Mapped[str | None] = mapped_column(String(24))
    citation: Mapped[str | None] = mapped_column(String(60))
    balancing_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    decided_by: Mapped[str | None] = mapped_column(String(64))  # actor ref
    decided_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("request_id", "purpose",
                                       name="uq_purpose_objections_request_purpose"),)
