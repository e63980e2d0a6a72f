"""Placements, CV submissions, members' host-state authorisations, PI policies and claims.

No personal free text is stored: client names are companies, people are referenced as subjects,
and the one personal identifier (an authorisation number of a member) is encrypted under the
member's data key.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, Integer, LargeBinary, Numeric, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from compliance.extensions import db
from compliance.placements.rules import ClaimStatus, PlacementStatus
from compliance.timeutil import utcnow

Money = Numeric(14, 2)
DEFAULT_CONTRACT_LAW = "Austrian law; courts of Vienna"


class Placement(db.Model):
    __tablename__ = "placements"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id"), index=True)
    candidate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id"), index=True)
    client_name: Mapped[str] = mapped_column(String(200))  # a company, not a person
    client_country: Mapped[str] = mapped_column(String(2))
    client_contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("subjects.id"), index=True
    )
    placement_type: Mapped[str] = mapped_column(String(32), index=True)
    role_title: Mapped[str] = mapped_column(String(200))
    work_country: Mapped[str] = mapped_column(String(2), index=True)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    fee: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    contract_law: Mapped[str] = mapped_column(String(120), default=DEFAULT_CONTRACT_LAW)
    status: Mapped[str] = mapped_column(String(16), default=PlacementStatus.ACTIVE.value, index=True)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(60))  # actor ref, never an email
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def reference(self) -> str:
        return placement_reference(self.id)


def placement_reference(placement_id: uuid.UUID) -> str:
    """A short, non-personal label for messages (derived from the id, so never stored)."""
    return f"PL-{placement_id.hex[:10].upper()}"


class CvSubmission(db.Model):
    """A candidate's CV sent to a client: when, by which member (GDPR Art 30(1)(d) recipients)."""

    __tablename__ = "cv_submissions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    candidate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id"), index=True)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id"), index=True)
    client_name: Mapped[str] = mapped_column(String(200))
    client_country: Mapped[str] = mapped_column(String(2))
    placement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("placements.id"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(60))


class Authorisation(db.Model):
    """A member's registration, notification, licence, authorisation or concession in a state."""

    __tablename__ = "member_authorisations"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(16))
    activity: Mapped[str] = mapped_column(String(32), default="placement")
    # The register number identifies the member (often a sole trader): encrypted.
    number_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    valid_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)


class InsurancePolicy(db.Model):
    """A professional indemnity policy schedule (claims-made)."""

    __tablename__ = "insurance_policies"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    insurer: Mapped[str] = mapped_column(String(200))
    policy_number: Mapped[str] = mapped_column(String(60), unique=True)
    per_claim_limit: Mapped[Decimal] = mapped_column(Money)
    aggregate_limit: Mapped[Decimal] = mapped_column(Money)
    excess: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    currency: Mapped[str] = mapped_column(String(3))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    retroactive_date: Mapped[date | None] = mapped_column(Date)
    territories: Mapped[list] = mapped_column(JSON)  # ISO codes, or ["*"] for worldwide
    excluded_jurisdictions: Mapped[list] = mapped_column(JSON, default=list)
    excluded_activities: Mapped[list] = mapped_column(JSON, default=list)  # placement types
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)


class InsuranceClaim(db.Model):
    """A claim notified under a policy; reserved + paid erode the policy's aggregate."""

    __tablename__ = "insurance_claims"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    policy_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("insurance_policies.id"), index=True)
    placement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("placements.id"), index=True)
    claim_reference: Mapped[str] = mapped_column(String(60))
    notified_on: Mapped[date] = mapped_column(Date)
    reserved: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    paid: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    status: Mapped[str] = mapped_column(String(16), default=ClaimStatus.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
