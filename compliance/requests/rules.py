"""Data subject request rules: the legal clock, the workflow and the fixed vocabularies.

Pure domain logic: no Flask, no database, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from compliance.errors import Conflict, ValidationFailed
from compliance.policies import Period

DUE_SOON_DAYS = 7
# Our reading of GDPR Art 12(3) "two further months": the period becomes three months from receipt.
EXTENDED_MONTHS = 3


class InvalidTransition(Conflict):
    """The requested workflow action is not allowed from the current status (HTTP 409)."""

    code = "invalid_transition"


class InvalidRejectionGround(ValidationFailed):
    """The rejection ground is unknown or does not apply to the request type (HTTP 422)."""

    code = "invalid_rejection_ground"


class RequestType(StrEnum):
    ACCESS = "access"
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    RESTRICTION = "restriction"
    PORTABILITY = "portability"
    OBJECTION = "objection"

    @property
    def article(self) -> str:
        return _REQUEST_ARTICLES[self]


# GDPR Art 15, 16, 17, 18, 20, 21
_REQUEST_ARTICLES = {
    RequestType.ACCESS: "GDPR Art 15",
    RequestType.RECTIFICATION: "GDPR Art 16",
    RequestType.ERASURE: "GDPR Art 17",
    RequestType.RESTRICTION: "GDPR Art 18",
    RequestType.PORTABILITY: "GDPR Art 20",
    RequestType.OBJECTION: "GDPR Art 21",
}


class RejectionGround(StrEnum):
    IDENTITY_NOT_VERIFIED = "identity_not_verified"
    MANIFESTLY_UNFOUNDED = "manifestly_unfounded"
    EXCESSIVE = "excessive"
    ART17_1_NOT_MET = "art17_1_not_met"
    ART17_3_A = "art17_3_a"
    ART17_3_B = "art17_3_b"
    ART17_3_C = "art17_3_c"
    ART17_3_D = "art17_3_d"
    ART17_3_E = "art17_3_e"
    ART20_NOT_APPLICABLE = "art20_not_applicable"
    ART15_4_OTHERS = "art15_4_others"
    ART23_NATIONAL_LAW = "art23_national_law"
    # Kept for requests closed before "no data held" became an answer (see answer_no_data_held).
    NO_DATA_HELD = "no_data_held"

    @property
    def legal_reference(self) -> str:
        return _GROUNDS[self][0]

    @property
    def description(self) -> str:
        return _GROUNDS[self][1]

    @property
    def erasure_only(self) -> bool:
        return _APPLIES_TO.get(self) == (RequestType.ERASURE,)

    @property
    def applies_to(self) -> tuple[RequestType, ...] | None:
        """The request types the ground can refuse; None for every type."""
        return _APPLIES_TO.get(self)

    @property
    def needs_law(self) -> bool:
        """Art 23(2): a restriction rests on a Union or member-state law, which must be named."""
        return self is RejectionGround.ART23_NATIONAL_LAW

    @property
    def selectable(self) -> bool:
        return self is not RejectionGround.NO_DATA_HELD


_GROUNDS = {
    RejectionGround.IDENTITY_NOT_VERIFIED: ("GDPR Art 12(2), 12(6)", "identity not verified"),
    RejectionGround.MANIFESTLY_UNFOUNDED: ("GDPR Art 12(5)", "manifestly unfounded"),
    RejectionGround.EXCESSIVE: ("GDPR Art 12(5)", "excessive, in particular repetitive"),
    RejectionGround.ART17_1_NOT_MET: ("GDPR Art 17(1)", "none of the grounds for erasure applies"),
    # GDPR Art 17(3)(a)-(e): exemptions from the right to erasure
    RejectionGround.ART17_3_A: ("GDPR Art 17(3)(a)", "freedom of expression and information"),
    RejectionGround.ART17_3_B: ("GDPR Art 17(3)(b)", "legal obligation or public task"),
    RejectionGround.ART17_3_C: ("GDPR Art 17(3)(c)", "public interest in public health"),
    RejectionGround.ART17_3_D: ("GDPR Art 17(3)(d)", "archiving, research or statistics"),
    RejectionGround.ART17_3_E: ("GDPR Art 17(3)(e)", "legal claims"),
    RejectionGround.ART20_NOT_APPLICABLE: (
        "GDPR Art 20(1)", "the data was not provided by the person or is not processed on consent "
                          "or contract by automated means"),
    RejectionGround.ART15_4_OTHERS: ("GDPR Art 15(4), Art 20(4)",
                                     "it would adversely affect the rights and freedoms of others"),
    RejectionGround.ART23_NATIONAL_LAW: ("GDPR Art 23", "restricted by Union or member-state law"),
    RejectionGround.NO_DATA_HELD: ("GDPR Art 15(1)", "no personal data about the subject is held"),
}
_ERASURE = (RequestType.ERASURE,)
_APPLIES_TO = {
    RejectionGround.ART17_1_NOT_MET: _ERASURE, RejectionGround.ART17_3_A: _ERASURE,
    RejectionGround.ART17_3_B: _ERASURE, RejectionGround.ART17_3_C: _ERASURE,
    RejectionGround.ART17_3_D: _ERASURE, RejectionGround.ART17_3_E: _ERASURE,
    RejectionGround.ART20_NOT_APPLICABLE: (RequestType.PORTABILITY,),
    RejectionGround.ART15_4_OTHERS: (RequestType.ACCESS, RequestType.PORTABILITY),
}


def check_rejection_ground(ground: str, request_type: str, law: str | None = None) -> RejectionGround:
    """The parsed ground if it may reject a request of this type; else InvalidRejectionGround."""
    try:
        parsed = RejectionGround(ground)
        kind = RequestType(request_type)
    except ValueError as exc:
        raise InvalidRejectionGround(f"unknown rejection ground or request type: {exc}") from exc
    if not parsed.selectable:
        raise InvalidRejectionGround(
            "holding no data is an answer, not a refusal: answer the request as 'no data held'",
            {"ground": ["Answer 'no data held' instead of refusing."]})
    if parsed.applies_to is not None and kind not in parsed.applies_to:
        raise InvalidRejectionGround(
            f"{parsed.value} ({parsed.legal_reference}) applies only to "
            f"{' and '.join(t.value for t in parsed.applies_to)} requests, not to {kind.value}",
            {"ground": [f"Does not apply to {kind.value} requests."]})
    if parsed.needs_law and not (law or "").strip():
        raise InvalidRejectionGround("name the law that restricts the right (GDPR Art 23(2))",
                                     {"law": ["Name the Union or member-state law and its provision."]})
    return parsed


# --- the clock ------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _public_holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=year))


def is_working_day(d: date, country: str) -> bool:
    """True unless d is a Saturday, Sunday or a public holiday of `country`."""
    return d.weekday() < 5 and d not in _public_holidays(country, d.year)


def next_working_day(d: date, country: str) -> date:
    """d itself if it is a working day, else the first working day after it."""
    while not is_working_day(d, country):
        d += timedelta(days=1)
    return d


def receipt_date(received_at: datetime, tz: str | ZoneInfo) -> date:
    """Calendar date of receipt in the controller's time zone; naive datetimes are refused."""
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be timezone-aware")
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    return received_at.astimezone(zone).date()


def compute_due_date(
    received_at: datetime,
    *,
    months: int = 1,
    tz: str | ZoneInfo,
    country: str,
    paused_days: int = 0,
) -> date:
    """Last day to answer a request received at `received_at` (the answer is due by its end)."""
    # GDPR Art 12(3); Reg 1182/71 Art 3(1) (receipt day not counted), Art 3(2)(c) (same date
    # `months` later, else month end), Art 3(4) (Sat/Sun/public holiday -> next working day).
    # EDPB Guidelines 01/2022 (v2) §159 and the ICO's "stopping the clock": while the controller
    # waits for proof of identity or a clarification it asked for, the period does not run; the
    # days it stood still are added before the Art 3(4) roll-over to a working day.
    if months < 1:
        raise ValueError("months must be at least 1")
    if paused_days < 0:
        raise ValueError("paused_days cannot be negative")
    end = Period(months=months).add_to(receipt_date(received_at, tz)) + timedelta(days=paused_days)
    return next_working_day(end, country)


def compute_extended_due_date(
    received_at: datetime,
    *,
    tz: str | ZoneInfo,
    country: str,
    paused_days: int = 0,
) -> date:
    """Due date after the one allowed extension: three months from receipt, same counting rules."""
    return compute_due_date(received_at, months=EXTENDED_MONTHS, tz=tz, country=country,
                            paused_days=paused_days)


class PauseReason(StrEnum):
    """Why the clock stands still (EDPB Guidelines 01/2022 §159; ICO "stopping the clock")."""

    IDENTITY = "identity"  # Art 12(6): proof of identity asked for
    CLARIFICATION = "clarification"  # recital 63: which information or activities the request is about


def days_paused(paused_at: datetime, resumed_at: datetime, tz: str | ZoneInfo) -> int:
    """Whole calendar days the clock stood still, counted in the controller's zone: from the day
    the controller asked to the day the answer arrived (the same day: 0)."""
    if resumed_at < paused_at:
        raise ValueError("the clock cannot resume before it was paused")
    return (receipt_date(resumed_at, tz) - receipt_date(paused_at, tz)).days


@dataclass(frozen=True)
class DeadlineFlags:
    due_within_7_days: bool
    overdue: bool
    days_left: int


def deadline_flags(due_date: date, today: date, closed: bool) -> DeadlineFlags:
    """Dashboard flags. A closed request is never due soon nor overdue; the due day is in time."""
    days_left = (due_date - today).days
    return DeadlineFlags(
        due_within_7_days=not closed and 0 <= days_left <= DUE_SOON_DAYS,
        overdue=not closed and days_left < 0,
        days_left=days_left,
    )


# --- the workflow ---------------------------------------------------------------------------


class RequestStatus(StrEnum):
    # A request from the public form waits for the emailed confirmation link. It reached an
    # official channel, so it is on the clock (EDPB 01/2022 §159); confirmation serves identity.
    PENDING_CONFIRMATION = "pending_confirmation"
    RECEIVED = "received"
    IDENTITY_VERIFICATION = "identity_verification"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    REJECTED = "rejected"

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


OPEN_STATUSES = frozenset(
    {RequestStatus.PENDING_CONFIRMATION, RequestStatus.RECEIVED,
     RequestStatus.IDENTITY_VERIFICATION, RequestStatus.IN_PROGRESS}
)


class RequestAction(StrEnum):
    CONFIRM = "confirm"
    START_VERIFICATION = "start_verification"
    VERIFY_IDENTITY = "verify_identity"
    COMPLETE = "complete"
    REJECT = "reject"
    EXTEND = "extend"


_S = RequestStatus
_TRANSITIONS: dict[RequestAction, dict[RequestStatus, RequestStatus]] = {
    RequestAction.CONFIRM: {_S.PENDING_CONFIRMATION: _S.RECEIVED},
    RequestAction.START_VERIFICATION: {_S.RECEIVED: _S.IDENTITY_VERIFICATION},
    RequestAction.VERIFY_IDENTITY: {
        _S.RECEIVED: _S.IN_PROGRESS,
        _S.IDENTITY_VERIFICATION: _S.IN_PROGRESS,
    },
    RequestAction.COMPLETE: {_S.IN_PROGRESS: _S.COMPLETED},
    RequestAction.REJECT: {status: _S.REJECTED for status in OPEN_STATUSES},
    RequestAction.EXTEND: {status: status for status in OPEN_STATUSES},
}


def allowed_transition(from_status: str, action: str) -> RequestStatus:
    """The status after `action`; raises InvalidTransition when the action is not allowed."""
    try:
        status, act = RequestStatus(from_status), RequestAction(action)
    except ValueError as exc:
        raise InvalidTransition(f"unknown status or action: {exc}") from exc
    target = _TRANSITIONS[act].get(status)
    if target is None:
        allowed = ", ".join(sorted(s.value for s in _TRANSITIONS[act])) or "none"
        raise InvalidTransition(
            f"cannot {act.value} a request that is {status.value} (allowed from: {allowed})"
        )
    return target


# --- the extension --------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtensionRequest:
    """What the rules need to decide on an extension (the service maps the request row to it)."""

    received_at: datetime
    status: str
    already_extended: bool
    reason: str | None
    subject_notified_at: datetime | None
    tz: str  # the controller's, from configuration
    country: str
    paused_days: int = 0


@dataclass(frozen=True)
class ExtensionVerdict:
    allowed: bool
    problems: tuple[str, ...]
    original_due_date: date
    extended_due_date: date


def can_extend(request_state: ExtensionRequest, today: date) -> ExtensionVerdict:
    """Whether the one extension may be recorded today; `problems` says why not."""
    # GDPR Art 12(3): once, by two further months, subject told with reasons within the first month.
    r = request_state
    due = compute_due_date(r.received_at, tz=r.tz, country=r.country, paused_days=r.paused_days)
    problems: list[str] = []
    if not RequestStatus(r.status).is_open:
        problems.append(f"the request is {r.status}; only open requests can be extended")
    if r.already_extended:
        problems.append("the request has already been extended; only one extension is allowed")
    if today > due:
        problems.append(f"the original due date {due.isoformat()} has passed")
    if not (r.reason or "").strip():
        problems.append("a reason for the extension is required")
    if r.subject_notified_at is None:
        problems.append("the data subject must be told of the extension and its reasons")
    elif receipt_date(r.subject_notified_at, r.tz) > due:
        problems.append(f"the data subject was told after the original due date {due.isoformat()}")
    extended = compute_extended_due_date(r.received_at, tz=r.tz, country=r.country,
                                         paused_days=r.paused_days)
    return ExtensionVerdict(not problems, tuple(problems), due, extended)


def format_reference(year: int, sequence: int) -> str:
    """Human reference of a request, e.g. DSR-2026-000123."""
    if not 1 <= sequence <= 999_999 or not 1000 <= year <= 9999:
        raise ValueError("year must have four digits and sequence be within 1..999999")
    return f"DSR-{year:04d}-{sequence:06d}"
