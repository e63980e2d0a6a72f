"""Stopping the clock (EDPB Guidelines 01/2022 (v2) §159; ICO, "Right of access: stopping the
clock"): while the controller waits for proof of identity (Art 12(6)) or for a clarification it
asked for (recital 63), the period does not run. Each stop and restart is recorded and audited;
on restart the days paused are added to the due date (rules.compute_due_date)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select

from compliance.audit.services import Actor, record_event
from compliance.errors import Conflict, ValidationFailed
from compliance.extensions import db
from compliance.requests.clock import clock_settings, due_date_for, extended_due_date_for
from compliance.requests.models import ClockPause, SubjectRequest
from compliance.requests.rules import PauseReason, RequestStatus, days_paused
from compliance.timeutil import as_utc, utcnow

CLOCK_SKEW = timedelta(minutes=2)


def pause(actor: Actor, request: SubjectRequest, reason: str, at: datetime | None = None) -> None:
    """Stop the clock of an open request (flushes, audits)."""
    if not RequestStatus(request.status).is_open:
        raise Conflict(f"The request is {request.status}; only an open request's clock can stop.")
    if request.paused_at is not None:
        raise Conflict("The clock already stands still for this request.")
    try:
        parsed = PauseReason(reason)
    except ValueError:
        raise ValidationFailed("Unknown reason.",
                               {"reason": ["Must be identity or clarification."]}) from None
    moment = at or utcnow()
    request.paused_at, request.pause_reason = moment, parsed.value
    db.session.add(ClockPause(id=uuid.uuid4(), request_id=request.id, reason=parsed.value, paused_at=moment))
    request.updated_at = utcnow()
    db.session.flush()
    record_event(actor, "request.clock_paused", "subject_request", request.id,
                 {"reference": request.reference, "reason": parsed.value})


def resume(actor: Actor, request: SubjectRequest, at: datetime | None = None) -> int:
    """Restart the clock; the days paused move the due date. Returns the days added."""
    if request.paused_at is None:
        raise Conflict("The clock of this request is running.")
    moment = at or utcnow()
    started = as_utc(request.paused_at)
    if moment < started or moment > utcnow() + CLOCK_SKEW:
        raise ValidationFailed("The clock restarts between its stop and now.",
                               {"resumed_at": ["Must be after the pause and not in the future."]})
    days = days_paused(started, moment, clock_settings()["tz"])
    open_pause = db.session.execute(select(ClockPause).where(
        ClockPause.request_id == request.id, ClockPause.resumed_at.is_(None))).scalar_one()
    open_pause.resumed_at, open_pause.days = moment, days
    request.paused_days = (request.paused_days or 0) + days
    request.paused_at = request.pause_reason = None
    received = as_utc(request.received_at)
    request.original_due_date = due_date_for(received, request.paused_days)
    request.due_date = (extended_due_date_for(received, request.paused_days) if request.extended
                        else request.original_due_date)
    request.updated_at = utcnow()
    db.session.flush()
    record_event(actor, "request.clock_resumed", "subject_request", request.id, {
        "reference": request.reference, "reason": open_pause.reason, "days": days,
        "paused_days": request.paused_days, "due_date": request.due_date.isoformat()})
    return days


def pauses_of(request_id: uuid.UUID) -> list[ClockPause]:
    return list(db.session.execute(select(ClockPause).where(ClockPause.request_id == request_id)
                                   .order_by(ClockPause.paused_at)).scalars())
