"""The register of assessments: DPIAs (GDPR Art 35-36) with their risks, legitimate interests
assessments (Art 6(1)(f)) and the AI systems and automated decisions in use (Art 22, AI Act).

Assessments describe processing, not people: their texts are business text written by staff and
are stored as such (no personal data belongs in them; the forms say so).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from compliance.assessments.rules import DpiaStatus, LiaStatus, RiskScore
from compliance.extensions import db
from compliance.timeutil import utcnow


class Dpia(db.Model):
    __tablename__ = "dpias"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    activities: Mapped[list] = mapped_column(JSON, default=list)  # processing activity ids (policy)
    status: Mapped[str] = mapped_column(String(32), default=DpiaStatus.DRAFT.value, index=True)
    # CNIL method: context, then fundamental principles (necessity and proportionality, rights).
    context: Mapped[str | None] = mapped_column(Text)
    necessity: Mapped[str | None] = mapped_column(Text)
    dpo_opinion: Mapped[str | None] = mapped_column(Text)
    subjects_opinion: Mapped[str | None] = mapped_column(Text)  # Art 35(9), where appropriate
    consultation_authority: Mapped[str | None] = mapped_column(String(120))
    consultation_submitted_on: Mapped[date | None] = mapped_column(Date)
    consultation_answered_on: Mapped[date | None] = mapped_column(Date)
    consultation_outcome: Mapped[str | None] = mapped_column(Text)
    validated_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    validated_by: Mapped[str | None] = mapped_column(String(80))
    review_due: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer, default=1)

    risks: Mapped[list[DpiaRisk]] = relationship(back_populates="dpia", cascade="all, delete-orphan",
                                                 order_by="DpiaRisk.kind")

    __mapper_args__ = {"version_id_col": version}

    @property
    def scores(self) -> list[RiskScore]:
        return [risk.score for risk in self.risks]


class DpiaRisk(db.Model):
    """One feared event of a DPIA, scored before and after the planned measures."""

    __tablename__ = "dpia_risks"
    __table_args__ = (UniqueConstraint("dpia_id", "kind"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    dpia_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dpias.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    impacts: Mapped[str | None] = mapped_column(Text)
    threats: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[str | None] = mapped_column(Text)
    measures: Mapped[str | None] = mapped_column(Text)
    severity_before: Mapped[int] = mapped_column(Integer)
    likelihood_before: Mapped[int] = mapped_column(Integer)
    severity_after: Mapped[int] = mapped_column(Integer)
    likelihood_after: Mapped[int] = mapped_column(Integer)

    dpia: Mapped[Dpia] = relationship(back_populates="risks")

    @property
    def score(self) -> RiskScore:
        return RiskScore(self.kind, self.severity_before, self.likelihood_before, self.severity_after,
                         self.likelihood_after)


class Lia(db.Model):
    """A legitimate interests assessment of one purpose: the three-part test of Art 6(1)(f)."""

    __tablename__ = "lias"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    purpose: Mapped[str] = mapped_column(String(64), index=True)  # purpose id (policy)
    interest: Mapped[str] = mapped_column(Text)  # purpose test: the interest pursued
    purpose_outcome: Mapped[str] = mapped_column(String(16))
    necessity: Mapped[str | None] = mapped_column(Text)
    necessity_outcome: Mapped[str] = mapped_column(String(16))
    balancing: Mapped[str | None] = mapped_column(Text)
    balancing_outcome: Mapped[str] = mapped_column(String(16))
    safeguards: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=LiaStatus.DRAFT.value, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(80))
    review_due: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class AiSystem(db.Model):
    """An AI system or automated decision-making use (GDPR Art 22, 15(1)(h); AI Act Annex III)."""

    __tablename__ = "ai_systems"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200))
    purposes: Mapped[list] = mapped_column(JSON, default=list)  # purpose ids (policy)
    annex_iii: Mapped[str] = mapped_column(String(8))
    solely_automated: Mapped[bool] = mapped_column(Boolean, default=False)
    significant_effect: Mapped[bool] = mapped_column(Boolean, default=False)
    art22_exception: Mapped[str | None] = mapped_column(String(1))
    logic: Mapped[str] = mapped_column(Text)  # Art 15(1)(h): meaningful information about the logic
    significance: Mapped[str] = mapped_column(Text)  # ... and the significance and envisaged consequences
    human_oversight: Mapped[str | None] = mapped_column(Text)
    log_retention: Mapped[str | None] = mapped_column(String(16))  # ISO 8601 period
    information_given: Mapped[str | None] = mapped_column(Text)
    dpia_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("dpias.id"), index=True)
    in_use: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer, default=1)

    dpia: Mapped[Dpia | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
