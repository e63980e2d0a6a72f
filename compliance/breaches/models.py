"""Personal data breaches (GDPR Art 33-34) and the notifications made about them.

Free-text fields (nature, consequences, measures, reasoning) are written by staff about an
incident: business text, stored as such; people affected are linked by subject id only.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from compliance.breaches.rules import BreachStatus
from compliance.extensions import db
from compliance.timeutil import utcnow


class Breach(db.Model):
    __tablename__ = "breaches"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    aware_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True))
    # GDPR Art 33(1): aware_at + 72 elapsed hours; stored so running clocks are one indexed query.
    notify_by: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), index=True)
    occurred_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    discovered_how: Mapped[str | None] = mapped_column(Text)
    nature: Mapped[str] = mapped_column(Text)
    subject_categories: Mapped[list] = mapped_column(JSON, default=list)
    approx_subjects: Mapped[int | None] = mapped_column(Integer)
    record_categories: Mapped[list] = mapped_column(JSON, default=list)
    approx_records: Mapped[int | None] = mapped_column(Integer)
    likely_consequences: Mapped[str | None] = mapped_column(Text)
    measures: Mapped[str | None] = mapped_column(Text)
    dpo_contact: Mapped[str] = mapped_column(String(200))
    risk: Mapped[str | None] = mapped_column(String(16))
    notify_decision: Mapped[bool | None] = mapped_column(Boolean)
    decision_reasoning: Mapped[str | None] = mapped_column(Text)
    # First (initial) notification to the supervisory authority: freezes the clock.
    notified_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    subjects_told_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    art34_ground: Mapped[str | None] = mapped_column(String(1))
    status: Mapped[str] = mapped_column(String(16), default=BreachStatus.OPEN.value, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer, default=1)

    notifications: Mapped[list[BreachNotification]] = relationship(
        back_populates="breach", order_by="BreachNotification.sent_at", lazy="selectin",
        cascade="all, delete-orphan")
    subject_links: Mapped[list[BreachSubject]] = relationship(
        lazy="selectin", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    @property
    def subject_ids(self) -> list[uuid.UUID]:
        return sorted((link.subject_id for link in self.subject_links), key=str)


class BreachNotification(db.Model):
    """A communication about a breach: to the authority (Art 33, in phases) or to subjects (Art 34)."""

    __tablename__ = "breach_notifications"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    breach_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("breaches.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(16))  # authority | subjects
    phase: Mapped[str] = mapped_column(String(16))  # initial | follow_up | final (Art 33(4))
    sent_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True))
    authority: Mapped[str | None] = mapped_column(String(120))
    authority_reference: Mapped[str | None] = mapped_column(String(80))
    channel: Mapped[str | None] = mapped_column(String(40))
    late_reasons: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(80))

    breach: Mapped[Breach] = relationship(back_populates="notifications")


class BreachSubject(db.Model):
    """A data subject known to be affected (a reference; nothing about them is copied here)."""

    __tablename__ = "breach_subjects"

    breach_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("breaches.id"), primary_key=True)
    subject_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("subjects.id"), primary_key=True, index=True)
