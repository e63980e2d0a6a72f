"""Breach register use cases (GDPR Art 33-34): report, assess, notify, close.

The audit trail gets ids, field names and clock states; never the staff's free text.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from compliance.audit.services import Actor, record_event
from compliance.breaches.models import Breach, BreachNotification, BreachSubject
from compliance.breaches.rules import (
    NOT_REQUIRED,
    OPEN_CLOCKS,
    BreachStatus,
    ClockState,
    closing_problems,
    compute_notify_by,
    decision_problems,
    register_clock_state,
    validate_notification,
)
from compliance.config import current_controller
from compliance.errors import Conflict, NotFound, ValidationFailed
from compliance.extensions import db
from compliance.pagination import paginate
from compliance.policy_context import current_policies
from compliance.subjects.models import Subject
from compliance.timeutil import as_utc, utcnow
from compliance.transaction import use_case

CLOCK_SKEW = timedelta(minutes=5)  # a client clock slightly ahead is not "in the future"
EDITABLE = (
    "aware_at", "occurred_at", "discovered_how", "nature", "subject_categories", "approx_subjects",
    "record_categories", "approx_records", "likely_consequences", "measures", "dpo_contact",
    "risk", "notify_decision", "decision_reasoning", "art34_ground", "status",
)


def clock_state(breach: Breach, now: datetime | None = None) -> str:
    """The register's clock state of ``breach`` at ``now`` (default: the current time)."""
    return register_clock_state(as_utc(breach.aware_at), now or utcnow(),
                                as_utc(breach.notified_at) if breach.notified_at else None,
                                breach.notify_decision)


@use_case
def report_breach(actor: Actor, data: Mapping) -> Breach:
    """Register a breach; the 72-hour clock runs from ``aware_at`` (GDPR Art 33(1))."""
    breach_id = uuid.uuid4()
    aware_at = as_utc(data["aware_at"])
    breach = Breach(
        id=breach_id, reference=f"BR-{aware_at.year}-{breach_id.hex[:8].upper()}",
        aware_at=aware_at, notify_by=compute_notify_by(aware_at), created_by=actor.ref,
        created_at=utcnow(), status=BreachStatus.OPEN,
        dpo_contact=data.get("dpo_contact") or current_controller().dpo_contact,
        **{k: v for k, v in data.items() if k in EDITABLE and k not in ("aware_at", "dpo_contact")},
    )
    _check_facts(data)
    _link_subjects(breach, data.get("subject_ids") or ())
    db.session.add(breach)
    db.session.flush()
    record_event(actor, "breach.reported", "breach", breach.id, {
        "reference": breach.reference, "risk": breach.risk, "clock": clock_state(breach),
        "fields": sorted(k for k, v in data.items() if v not in (None, "", [])),
        "subjects_linked": len(breach.subject_links),
    })
    return breach


def load_breach(breach_id: uuid.UUID, *, for_update: bool = False) -> Breach:
    query = select(Breach).where(Breach.id == breach_id)
    if for_update:
        query = query.with_for_update()
    breach = db.session.execute(query).scalar_one_or_none()
    if breach is None:
        raise NotFound("No such breach.")
    return breach


def list_breaches(filters: Mapping, page: int, per_page: int) -> tuple[list[Breach], int]:
    """Newest awareness first; ``clock`` filters by clock state, ``status`` by open/closed."""
    query = select(Breach)
    if filters.get("status"):
        query = query.where(Breach.status == filters["status"])
    if filters.get("clock"):
        query = query.where(clock_condition(filters["clock"], utcnow()))
    return paginate(query.order_by(Breach.aware_at.desc(), Breach.id), page, per_page)


def clock_condition(state: str, now: datetime):
    """SQL condition selecting breaches whose clock is in ``state`` ("open" = running or overdue)."""
    pending = Breach.notified_at.is_(None)
    undecided_or_yes = or_(Breach.notify_decision.is_(None), Breach.notify_decision.is_(True))
    conditions = {
        ClockState.RUNNING: pending & undecided_or_yes & (Breach.notify_by >= now),
        ClockState.OVERDUE: pending & undecided_or_yes & (Breach.notify_by < now),
        OPEN_CLOCKS: pending & undecided_or_yes,
        ClockState.NOTIFIED: Breach.notified_at.is_not(None) & (Breach.notified_at <= Breach.notify_by),
        ClockState.NOTIFIED_LATE: Breach.notified_at.is_not(None) & (Breach.notified_at > Breach.notify_by),
        NOT_REQUIRED: pending & Breach.notify_decision.is_(False),
    }
    return conditions[state]


def open_clocks(now: datetime | None = None) -> list[tuple[Breach, str]]:
    """Breaches still to be notified, soonest deadline first, with their clock state (dashboard)."""
    now = now or utcnow()
    rows = db.session.execute(
        select(Breach).where(clock_condition(OPEN_CLOCKS, now)).order_by(Breach.notify_by)
    ).scalars()
    return [(breach, clock_state(breach, now)) for breach in rows]


@use_case
def update_breach(actor: Actor, breach_id: uuid.UUID, changes: Mapping) -> Breach:
    """Change facts, assessment, decision or status; audits field names and the clock state.

    Everything is validated against the would-be record before anything changes.
    """
    breach = load_breach(breach_id)
    if "aware_at" in changes and breach.notified_at is not None:
        raise Conflict("The authority was notified; the time of awareness can no longer change.")
    changed = sorted(k for k, v in changes.items()
                     if k != "subject_ids" and _differs(getattr(breach, k), v))
    relink = "subject_ids" in changes and (
        set(changes["subject_ids"]) != {link.subject_id for link in breach.subject_links})
    if not changed and not relink:
        raise ValidationFailed("Nothing to change: every field given already has that value.",
                               {"_schema": ["No field differs from the stored record."]})
    record = {name: getattr(breach, name) for name in (*EDITABLE, "notified_at", "subjects_told_at")}
    record.update({name: changes[name] for name in changed})
    _check_facts(record)
    if "status" in changed and record["status"] == BreachStatus.CLOSED:
        _check_closable(record)
    for name in changed:
        setattr(breach, name, changes[name])
    if "aware_at" in changed:
        breach.aware_at = as_utc(changes["aware_at"])
        breach.notify_by = compute_notify_by(breach.aware_at)
    if relink:
        _relink_subjects(breach, changes["subject_ids"])
        changed.append("subject_ids")
    if "status" in changed:
        breach.closed_at = utcnow() if breach.status == BreachStatus.CLOSED else None
    record_event(actor, "breach.updated", "breach", breach.id,
                 {"fields": changed, "clock": clock_state(breach)})
    return breach


@use_case
def record_notification(actor: Actor, breach_id: uuid.UUID, data: Mapping) -> Breach:
    """Record a notification to the authority (Art 33, phased) or a communication to subjects (Art 34)."""
    breach = load_breach(breach_id)
    if breach.status == BreachStatus.CLOSED:
        raise Conflict("The breach is closed; reopen it to record a notification.")
    sent_at = as_utc(data["sent_at"])
    if sent_at > utcnow() + CLOCK_SKEW:
        raise ValidationFailed("The notification is not valid.", {"sent_at": ["is in the future"]})
    if sent_at < as_utc(breach.aware_at):
        raise ValidationFailed("The notification is not valid.", {
            "sent_at": ["Must not be before the time of awareness (aware_at)."]})
    notification = BreachNotification(
        id=uuid.uuid4(), breach_id=breach.id, recipient=data["recipient"],
        phase=data.get("phase") or "initial", sent_at=sent_at, recorded_at=utcnow(),
        recorded_by=actor.ref, **{k: data.get(k) for k in (
            "authority", "authority_reference", "channel", "late_reasons", "summary")},
    )
    if notification.recipient == "authority":
        _apply_authority_notification(breach, notification)
    elif breach.subjects_told_at is None or sent_at < as_utc(breach.subjects_told_at):
        breach.subjects_told_at = sent_at
    breach.notifications.append(notification)
    db.session.flush()
    record_event(actor, "breach.notification_recorded", "breach", breach.id, {
        "notification_id": str(notification.id), "recipient": notification.recipient,
        "phase": notification.phase, "clock": clock_state(breach),
    })
    return breach


def _apply_authority_notification(breach: Breach, notification: BreachNotification) -> None:
    initial = notification.phase == "initial"
    if initial and breach.notified_at is not None:
        raise Conflict("The authority was already notified; record a follow_up or final phase.")
    if not initial and breach.notified_at is None:
        raise Conflict("Record the initial notification to the authority first.")
    if not initial:
        notification.authority = notification.authority or _initial_authority(breach)
        return
    problems = validate_notification(as_utc(breach.aware_at), notification.sent_at,
                                     notification.late_reasons)
    if problems:
        raise ValidationFailed("The notification is not valid.", {"sent_at": problems})
    notification.authority = notification.authority or default_authority()
    breach.notified_at = notification.sent_at
    breach.notify_decision = True


def _initial_authority(breach: Breach) -> str | None:
    return next((n.authority for n in breach.notifications
                 if n.recipient == "authority" and n.phase == "initial"), None)


def default_authority() -> str:
    """The lead supervisory authority: the controller's single establishment (GDPR Art 56(1))."""
    return current_policies().member_state(current_controller().country).supervisory_authority.name


def _differs(old: object, new: object) -> bool:
    if isinstance(old, datetime) and isinstance(new, datetime):
        return as_utc(old) != as_utc(new)
    return old != new


def _check_facts(record: Mapping) -> None:
    problems = decision_problems(record.get("risk"), record.get("notify_decision"),
                                 record.get("decision_reasoning"), record.get("art34_ground"))
    aware_at = as_utc(record["aware_at"])
    if aware_at > utcnow() + CLOCK_SKEW:
        problems["aware_at"] = ["is in the future"]
    if record.get("occurred_at") is not None and as_utc(record["occurred_at"]) > aware_at:
        problems["occurred_at"] = ["is after the time of awareness"]
    if record.get("subjects_told_at") is not None and aware_at > as_utc(record["subjects_told_at"]):
        problems["aware_at"] = ["Must not be after the subjects were told (subjects_told_at)."]
    if problems:
        raise ValidationFailed("The breach record is not valid.", problems)


def _check_closable(record: Mapping) -> None:
    problems = closing_problems(record["notify_decision"], record["notified_at"] is not None,
                                record["risk"], record["subjects_told_at"] is not None,
                                record["art34_ground"])
    if problems:
        raise ValidationFailed("The breach cannot be closed yet.", {"status": problems})


def _link_subjects(breach: Breach, subject_ids) -> None:
    wanted = set(subject_ids)
    if not wanted:
        return
    found = set(db.session.execute(select(Subject.id).where(Subject.id.in_(wanted))).scalars())
    if missing := wanted - found:
        raise ValidationFailed("Unknown subjects.", {"subject_ids": [
            f"{len(missing)} of the subject ids do not exist"]})
    breach.subject_links.extend(BreachSubject(subject_id=s) for s in sorted(wanted, key=str))


def _relink_subjects(breach: Breach, subject_ids) -> None:
    current = {link.subject_id for link in breach.subject_links}
    wanted = set(subject_ids)
    breach.subject_links[:] = [link for link in breach.subject_links if link.subject_id in wanted]
    _link_subjects(breach, wanted - current)
