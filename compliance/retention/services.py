"""Legal holds: place, release, list; ``active_holds`` is what every eraser asks first."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from compliance.audit.services import Actor, record_event
from compliance.auth.rules import refuse_personal_data_to_auditors
from compliance.errors import Conflict, NotFound, ValidationFailed
from compliance.extensions import db
from compliance.keystore.texts import decrypted_view, open_field, seal_field
from compliance.policy_context import current_policies
from compliance.retention.models import LegalHold
from compliance.retention.queries import hold_is_active, survey
from compliance.subjects.rules import SubjectStatus
from compliance.subjects.services import load_subject
from compliance.timeutil import controller_today, utcnow
from compliance.transaction import use_case


@dataclass(frozen=True)
class HoldView:
    """A legal hold with its reason decrypted (None once the subject was erased)."""

    id: uuid.UUID
    subject_id: uuid.UUID
    record_type: str | None
    record_id: str | None
    reason: str | None
    until: date | None
    placed_by: str
    placed_at: datetime
    released_at: datetime | None
    released_by: str | None


def active_holds(subject_id: uuid.UUID, on_date: date | None = None) -> list[LegalHold]:
    """Holds protecting the subject or any of its records on ``on_date`` (default: today)."""
    on_date = on_date or controller_today()
    return list(db.session.execute(
        select(LegalHold).where(LegalHold.subject_id == subject_id, hold_is_active(on_date))
        .order_by(LegalHold.placed_at)).scalars())


@use_case
def place_hold(actor: Actor, subject_id: uuid.UUID, data: Mapping) -> HoldView:
    """Put a subject (or one record of it) on hold; the reason is stored encrypted."""
    subject = load_subject(actor, subject_id)
    if subject.status == SubjectStatus.ERASED:
        raise Conflict("The subject was already erased; there is nothing left to hold.")
    if data.get("until") is not None and data["until"] < controller_today():
        raise ValidationFailed("The hold would already be over.", {"until": ["Must not be in the past."]})
    if bool(data.get("record_type")) != bool(data.get("record_id")):
        raise ValidationFailed("A record hold names both the record type and id.",
                               {"record_id": ["Give record_type and record_id together."]})
    hold = LegalHold(id=uuid.uuid4(), subject_id=subject.id, record_type=data.get("record_type"),
                     record_id=data.get("record_id"), until=data.get("until"),
                     placed_by=actor.ref, placed_at=utcnow())
    seal_field(hold, "reason", data["reason"], owner_id=subject.id)
    db.session.add(hold)
    db.session.flush()
    record_event(actor, "retention.hold_placed", "subject", subject.id, {
        "hold_id": str(hold.id), "record_type": hold.record_type,
        "until": hold.until.isoformat() if hold.until else None})
    return hold_view(hold)


@use_case
def release_hold(actor: Actor, hold_id: uuid.UUID) -> HoldView:
    hold = db.session.get(LegalHold, hold_id)
    if hold is None:
        raise NotFound("No such legal hold.")
    load_subject(actor, hold.subject_id)
    if hold.released_at is not None:
        raise Conflict("The hold was already released.")
    hold.released_at, hold.released_by = utcnow(), actor.ref
    record_event(actor, "retention.hold_released", "subject", hold.subject_id,
                 {"hold_id": str(hold.id)})
    return hold_view(hold)


@use_case
def list_holds(actor: Actor, subject_id: uuid.UUID, include_released: bool = False) -> list[HoldView]:
    """The subject's holds with their reasons decrypted (the read is audited; not for auditors)."""
    refuse_personal_data_to_auditors(actor.role)
    load_subject(actor, subject_id)
    query = select(LegalHold).where(LegalHold.subject_id == subject_id)
    if not include_released:
        query = query.where(LegalHold.released_at.is_(None))
    holds = [hold_view(h) for h in db.session.execute(query.order_by(LegalHold.placed_at)).scalars()]
    record_event(actor, "retention.holds_read", "subject", subject_id, {"count": len(holds)})
    return holds


def hold_view(hold: LegalHold) -> HoldView:
    """The hold with its reason decrypted (None once the subject was erased); callers audit."""
    return decrypted_view(HoldView, hold, reason=open_field(hold, "reason", owner_id=hold.subject_id))


def preview_due(days: int) -> dict:
    """What falls due within ``days`` (counts per category and country, holds, unenforced)."""
    report = survey(current_policies(), controller_today() + timedelta(days=days))
    return {"as_of": report.as_of, "policy_version": report.policy_version, "total": report.total_due,
            "due": [{"category": c, "country": k, "count": n, "rule": report.rules.get((c, k), "")}
                    for (c, k), n in sorted(report.due.items())],
            "held": report.held, "restricted": report.restricted, "not_enforced": report.not_enforced}
