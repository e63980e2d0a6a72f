"""Personal data breach rules: the 72-hour notification clock and the Art 34(3) exemptions.

Pure domain logic: no Flask, no database, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

# GDPR Art 33(1): within 72 hours of awareness. Elapsed hours in UTC: Reg 1182/71 Art 3(4)
# (weekend/holiday roll-over) applies only to periods not expressed in hours.
NOTIFICATION_PERIOD = timedelta(hours=72)


class ClockState(StrEnum):
    RUNNING = "running"
    OVERDUE = "overdue"
    NOTIFIED = "notified"
    NOTIFIED_LATE = "notified_late"


class BreachStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class SubjectNotificationExemption(StrEnum):
    """GDPR Art 34(3): grounds for not communicating a high-risk breach to each data subject."""

    UNINTELLIGIBLE = "a"
    SUBSEQUENT_MEASURES = "b"
    DISPROPORTIONATE_EFFORT = "c"

    @property
    def description(self) -> str:
        return _EXEMPTIONS[self]

    @property
    def legal_reference(self) -> str:
        return f"GDPR Art 34(3)({self.value})"


_EXEMPTIONS = {
    SubjectNotificationExemption.UNINTELLIGIBLE: (
        "protection measures such as encryption render the data unintelligible to anyone "
        "not authorised to access it"
    ),
    SubjectNotificationExemption.SUBSEQUENT_MEASURES: (
        "subsequent measures ensure the high risk is no longer likely to materialise"
    ),
    SubjectNotificationExemption.DISPROPORTIONATE_EFFORT: (
        "individual communication would involve disproportionate effort; a public "
        "communication or similar equally effective measure is made instead"
    ),
}


@dataclass(frozen=True)
class BreachClock:
    notify_by: datetime
    seconds_left: int  # until notify_by from now (or from notified_at); negative when late
    is_late: bool
    notified_on_time: bool | None  # None while not yet notified
    state: ClockState


def _require_aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value.astimezone(UTC)


def compute_notify_by(aware_at: datetime) -> datetime:
    """The moment (UTC) by which the supervisory authority must be notified: exactly 72 h later."""
    return _require_aware(aware_at, "aware_at") + NOTIFICATION_PERIOD


def breach_clock(
    aware_at: datetime, now: datetime, notified_at: datetime | None = None
) -> BreachClock:
    """State of the notification clock at `now`; once notified, it is frozen at `notified_at`.

    Notifying exactly at `notify_by` is on time.
    """
    notify_by = compute_notify_by(aware_at)
    reference = _require_aware(notified_at if notified_at else now, "now/notified_at")
    seconds_left = math.floor((notify_by - reference).total_seconds())
    is_late = reference > notify_by
    if notified_at is None:
        state = ClockState.OVERDUE if is_late else ClockState.RUNNING
        return BreachClock(notify_by, seconds_left, is_late, None, state)
    state = ClockState.NOTIFIED_LATE if is_late else ClockState.NOTIFIED
    return BreachClock(notify_by, seconds_left, is_late, not is_late, state)


def validate_notification(
    aware_at: datetime, notified_at: datetime, late_reasons: str | None
) -> list[str]:
    """Problems with recording a notification at `notified_at`; an empty list means it is valid."""
    # GDPR Art 33(1): a notification made after 72 hours is accompanied by reasons for the delay.
    aware = _require_aware(aware_at, "aware_at")
    notified = _require_aware(notified_at, "notified_at")
    problems: list[str] = []
    if notified < aware:
        problems.append("the notification time is before the time of awareness")
    if notified > compute_notify_by(aware) and not (late_reasons or "").strip():
        problems.append(
            "the notification is later than 72 hours after awareness: reasons for the delay "
            "are required (GDPR Art 33(1))"
        )
    return problems


# --- the register's decisions (GDPR Art 33(1), 33(5), 34) -----------------------------------

class Risk(StrEnum):
    """Risk to the rights and freedoms of natural persons (EDPB Guidelines 9/2022 §§ 100-106)."""

    UNLIKELY = "unlikely"  # no notification needed (Art 33(1)); document why (Art 33(5))
    RISK = "risk"          # notify the supervisory authority
    HIGH = "high"          # notify the authority and tell the data subjects (Art 34(1))


NOT_REQUIRED = "not_required"  # register clock state: decided, with reasons, not to notify
OPEN_CLOCKS = "open"  # register filter: still to be notified (running or overdue)
PHASES = ("initial", "follow_up", "final")  # Art 33(4): information may be given in phases
RECIPIENTS = ("authority", "subjects")


def register_clock_state(aware_at: datetime, now: datetime, notified_at: datetime | None,
                         notify_decision: bool | None) -> str:
    """The clock as the register shows it: a documented decision not to notify stops it."""
    if notified_at is None and notify_decision is False:
        return NOT_REQUIRED
    return breach_clock(aware_at, now, notified_at).state.value


def decision_problems(risk: str | None, notify_decision: bool | None, reasoning: str | None,
                      art34_ground: str | None) -> dict[str, list[str]]:
    """Problems with the risk assessment and decision as recorded; empty when coherent."""
    problems: dict[str, list[str]] = {}
    if notify_decision is not None and risk is None:
        problems["risk"] = ["assess the risk before deciding whether to notify"]
    if notify_decision is False:
        # Art 33(1): only a breach unlikely to result in a risk may go unnotified; 33(5) reasons.
        if risk not in (None, Risk.UNLIKELY):
            problems["notify_decision"] = ["a breach likely to result in a risk must be notified"]
        if not (reasoning or "").strip():
            problems["decision_reasoning"] = ["give the reasoning for not notifying (Art 33(5))"]
    if art34_ground is not None and risk != Risk.HIGH:
        problems["art34_ground"] = ["an Art 34(3) ground applies only to a high-risk breach"]
    return problems


def closing_problems(notify_decision: bool | None, notified: bool, risk: str | None,
                     subjects_told: bool, art34_ground: str | None) -> list[str]:
    """What must be on record before a breach can be closed."""
    problems = []
    if notify_decision is None:
        problems.append("record the decision whether to notify the supervisory authority")
    elif notify_decision and not notified:
        problems.append("record the notification to the supervisory authority")
    if risk == Risk.HIGH and not subjects_told and art34_ground is None:
        problems.append("tell the data subjects (Art 34(1)) or record an Art 34(3) ground")
    return problems
