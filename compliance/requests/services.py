"""Data subject request use cases: intake, the workflow, fulfilment, answer packages.

Each use case is one unit of work (compliance.transaction): every transition is audited in the
same transaction, with non-personal details; two people acting on the same request at once: the
second gets 409 (optimistic lock on ``SubjectRequest.version``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from compliance.audit.services import Actor, record_event
from compliance.auth.rules import Role
from compliance.errors import Conflict, Forbidden, NotFound, ValidationFailed
from compliance.extensions import db
from compliance.keystore.services import KeyShredded
from compliance.keystore.texts import decrypted_view, open_field, seal_field
from compliance.pagination import paginate
from compliance.requests import fulfilment, letters, objections, pauses
from compliance.requests.clock import clock_settings, due_date_for, extended_due_date_for, receipt_year
from compliance.requests.models import (
    REQUEST_TEXTS,
    PackageTransmission,
    RequestPackage,
    RequestSequence,
    SubjectRequest,
)
from compliance.requests.rules import (
    OPEN_STATUSES,
    ExtensionRequest,
    PauseReason,
    RequestAction,
    RequestStatus,
    RequestType,
    allowed_transition,
    can_extend,
    check_rejection_ground,
    format_reference,
)
from compliance.subjects.models import Subject
from compliance.subjects.rules import SubjectStatus
from compliance.subjects.services import load_subject, register_subject
from compliance.timeutil import as_utc, controller_today, utcnow
from compliance.transaction import use_case

CLOCK_SKEW = timedelta(minutes=2)
MEMBER_CHANNELS = ("api", "portal")
HIDDEN = "This request is not among yours."


@dataclass(frozen=True)
class RequestView:
    """A request with its free text decrypted (None once the subject was erased)."""

    id: uuid.UUID
    reference: str
    type: str
    status: str
    channel: str
    subject_id: uuid.UUID
    submitted_by_user_id: uuid.UUID | None
    received_at: datetime
    due_date: date
    original_due_date: date
    extended: bool
    extended_at: datetime | None
    extension_notified_at: datetime | None
    confirmed_at: datetime | None
    identity_verified_at: datetime | None
    identity_method: str | None
    closed_at: datetime | None
    rejection_ground: str | None
    outcome: dict | None
    restriction_lifted_at: datetime | None
    lift_notified_at: datetime | None
    paused_at: datetime | None
    pause_reason: str | None
    paused_days: int
    details: str | None
    extension_reason: str | None
    rejection_explanation: str | None


def load_request(actor: Actor, request_id: uuid.UUID) -> SubjectRequest:
    """The request if the actor may see it; members get 403 alike for others' and missing ones."""
    found = db.session.get(SubjectRequest, request_id)
    if actor.role == Role.MEMBER:
        if found is None or found.submitted_by_user_id != actor.user_id:
            raise Forbidden(HIDDEN)
    elif found is None:
        raise NotFound("No such request.")
    return found


def set_text(request: SubjectRequest, name: str, value: str | None) -> dict:
    """Store one of the request's free texts, encrypted under its subject's key.

    Once the subject was erased their key is gone and nothing new is kept about them: the action
    still goes ahead (a request about an erased subject must be answerable and closable), the text
    is not stored, and the returned audit details say so (``{"texts_not_kept": [name]}``).
    """
    try:
        seal_field(request, name, value, owner_id=request.subject_id)
    except KeyShredded:
        return {"texts_not_kept": [name]}
    return {}


def get_text(request: SubjectRequest, name: str) -> str | None:
    """One free text, decrypted; None once the subject was erased. Callers audit the read."""
    return open_field(request, name, owner_id=request.subject_id)


# --- intake ----------------------------------------------------------------------------------


@use_case
def submit_request(actor: Actor, data: Mapping) -> SubjectRequest:
    """Record a request from a member or staff (with the real time of receipt)."""
    received_at = _received_at(data.get("received_at"))
    channel = data.get("channel") or "api"
    if actor.role == Role.MEMBER and channel not in MEMBER_CHANNELS:
        raise ValidationFailed("Members submit through the portal or the API.",
                               {"channel": [f"Must be one of {', '.join(MEMBER_CHANNELS)}."]})
    subject = _subject_for(actor, data)
    return record_receipt(actor, subject, data["type"], channel, received_at, RequestStatus.RECEIVED,
                          details=data.get("details"), purposes=data.get("purposes"))


def _received_at(value: datetime | None) -> datetime:
    now = utcnow()
    if value is None:
        return now
    if value.tzinfo is None:
        raise ValidationFailed("The time of receipt needs a UTC offset.",
                               {"received_at": ["Give an ISO 8601 time with its offset."]})
    if value - now > CLOCK_SKEW:
        raise ValidationFailed("A request cannot be received in the future.",
                               {"received_at": ["Must not be in the future."]})
    return as_utc(value)


def _subject_for(actor: Actor, data: Mapping) -> Subject:
    if bool(data.get("subject_id")) == bool(data.get("subject")):
        raise ValidationFailed("Name the subject by subject_id, or give the details of a new one.",
                               {"subject_id": ["Give exactly one of subject_id or subject."]})
    if data.get("subject_id"):
        return load_subject(actor, data["subject_id"])
    view = register_subject(actor, data["subject"])
    return db.session.get(Subject, view.id)


def record_receipt(actor: Actor, subject: Subject, kind: str, channel: str, received_at: datetime,
                   status: RequestStatus, *, details: str | None = None,
                   purposes: list[str] | None = None) -> SubjectRequest:
    """A request on the clock from ``received_at``; an objection records the purposes it names
    (all those Art 21 covers when it names none)."""
    due, year = due_date_for(received_at), receipt_year(received_at)
    request = SubjectRequest(
        id=uuid.uuid4(), reference=format_reference(year, RequestSequence.next_value(year)),
        type=RequestType(kind).value,
        status=status.value, channel=channel, subject_id=subject.id,
        submitted_by_user_id=actor.user_id if actor.role == Role.MEMBER else None,
        received_at=received_at, due_date=due, original_due_date=due, extended=False,
        created_at=utcnow(), updated_at=utcnow(),
    )
    db.session.add(request)
    db.session.flush()
    not_kept = set_text(request, "details", details)
    record_event(actor, "request.received", "subject_request", request.id, {
        "reference": request.reference, "type": request.type, "channel": channel,
        "subject_id": str(subject.id), "due_date": due.isoformat(), "status": request.status,
        **not_kept,
    })
    objections.record_objections(actor, request, purposes)
    return request


# --- the workflow ----------------------------------------------------------------------------


def _transition(actor: Actor, request: SubjectRequest, action: RequestAction,
                details: Mapping | None = None) -> None:
    """Move the request on (flushing under its optimistic lock) and audit the move."""
    before = request.status
    request.status = allowed_transition(before, action).value
    request.updated_at = utcnow()
    db.session.flush()  # a lost race on the request's version surfaces here, before the audit
    record_event(actor, f"request.{action.value}", "subject_request", request.id,
                 {"reference": request.reference, "from": before, "to": request.status,
                  **(details or {})})


@use_case
def verify_identity(actor: Actor, request_id: uuid.UUID, method: str) -> SubjectRequest:
    """Identity checked (GDPR Art 12(6)): the request goes in progress."""
    request = load_request(actor, request_id)
    allowed_transition(request.status, RequestAction.VERIFY_IDENTITY)
    if request.paused_at is not None and request.pause_reason == PauseReason.IDENTITY:
        pauses.resume(actor, request)  # the proof arrived: the clock runs again
    request.identity_verified_at = utcnow()
    request.identity_method = method
    _transition(actor, request, RequestAction.VERIFY_IDENTITY, {"method": method})
    return request


@use_case
def start_verification(actor: Actor, request_id: uuid.UUID) -> SubjectRequest:
    """Ask the person for proof of identity (Art 12(6)): the clock stops until it arrives."""
    request = load_request(actor, request_id)
    _transition(actor, request, RequestAction.START_VERIFICATION)
    if request.paused_at is None:
        pauses.pause(actor, request, PauseReason.IDENTITY)
    return request


@use_case
def pause_request(actor: Actor, request_id: uuid.UUID, reason: str) -> SubjectRequest:
    """Stop the clock while waiting for the person (identity or clarification)."""
    request = load_request(actor, request_id)
    pauses.pause(actor, request, reason)
    return request


@use_case
def resume_request(actor: Actor, request_id: uuid.UUID, resumed_at: datetime | None = None) -> SubjectRequest:
    """The person answered: the clock runs again and the due date moves by the days paused."""
    request = load_request(actor, request_id)
    pauses.resume(actor, request, resumed_at)
    return request


@use_case
def extend_request(actor: Actor, request_id: uuid.UUID, reason: str, notified_at: datetime) -> SubjectRequest:
    """The one extension (Art 12(3)): three months from receipt, subject told within the first."""
    notified_at = as_utc(notified_at)  # stored in UTC whatever zone the caller read it in
    request = load_request(actor, request_id)
    if notified_at < as_utc(request.received_at):
        raise ValidationFailed(
            "The subject cannot be told of an extension before the request arrived.",
            {"notified_at": ["Must not be before the request was received (received_at)."]})
    verdict = can_extend(ExtensionRequest(
        received_at=as_utc(request.received_at), status=request.status,
        already_extended=request.extended, reason=reason, subject_notified_at=notified_at,
        paused_days=request.paused_days or 0, **clock_settings()), controller_today())
    if not verdict.allowed:
        raise ValidationFailed("The request cannot be extended.", {"extension": list(verdict.problems)})
    if notified_at - utcnow() > CLOCK_SKEW:
        raise ValidationFailed("The subject cannot be told in the future.",
                               {"notified_at": ["Must not be in the future."]})
    request.extended, request.extended_at = True, utcnow()
    request.extension_notified_at = notified_at
    request.due_date = extended_due_date_for(as_utc(request.received_at), request.paused_days or 0)
    not_kept = set_text(request, "extension_reason", reason)
    _transition(actor, request, RequestAction.EXTEND, {"due_date": request.due_date.isoformat(),
                                           "original_due_date": request.original_due_date.isoformat(),
                                           **not_kept})
    return request


@use_case
def reject_request(actor: Actor, request_id: uuid.UUID, ground: str, explanation: str,
                   law: str | None = None) -> SubjectRequest:
    """Refuse with a ground from the fixed list and an explanation (stored encrypted); an Art 23
    restriction names the law it rests on (not personal: kept in the outcome)."""
    request = load_request(actor, request_id)
    parsed = check_rejection_ground(ground, request.type, law)
    _restart_clock(actor, request)
    if not (explanation or "").strip():
        raise ValidationFailed("Explain the refusal to the subject.",
                               {"explanation": ["An explanation is required."]})
    request.rejection_ground = parsed.value
    request.closed_at = utcnow()
    not_kept = set_text(request, "rejection_explanation", explanation)
    request.outcome = {"rejected": True, "ground": parsed.value,
                       "legal_reference": parsed.legal_reference, **not_kept,
                       **({"law": law.strip()} if parsed.needs_law else {})}
    _transition(actor, request, RequestAction.REJECT, {"ground": parsed.value, **not_kept})
    return request


def _restart_clock(actor: Actor, request: SubjectRequest) -> None:
    """An answer ends any pause: the days paused count before the request closes."""
    if request.paused_at is not None:
        pauses.resume(actor, request)


@use_case
def answer_no_data_held(actor: Actor, request_id: uuid.UUID) -> SubjectRequest:
    """Close the request with the answer that no personal data about the person is held: an
    answer to the request (Art 12(3)-(4), 15(1) "whether or not"), not a refusal."""
    request = load_request(actor, request_id)
    allowed_transition(request.status, RequestAction.COMPLETE)
    _restart_clock(actor, request)
    subject = db.session.get(Subject, request.subject_id)
    if subject.status != SubjectStatus.ERASED and fulfilment.holds_data(subject):
        raise Conflict("Personal data about this person is held; answer the request instead.")
    request.outcome = {"no_data_held": True, "legal_reference": "GDPR Art 15(1)"}
    request.closed_at = utcnow()
    _transition(actor, request, RequestAction.COMPLETE, {"no_data_held": True})
    return request


@use_case
def complete_request(actor: Actor, request_id: uuid.UUID, changes: Mapping | None = None) -> SubjectRequest:
    """Fulfil the right the request asks for, record the outcome, close the request."""
    request = load_request(actor, request_id)
    allowed_transition(request.status, RequestAction.COMPLETE)  # refuse before doing anything
    _restart_clock(actor, request)
    subject = db.session.get(Subject, request.subject_id)
    request.outcome = fulfilment.fulfil(request, subject, changes or {})
    request.closed_at = utcnow()
    _transition(actor, request, RequestAction.COMPLETE, fulfilment.audit_details(request))
    return request


@use_case
def decide_objection(actor: Actor, request_id: uuid.UUID, data: Mapping) -> SubjectRequest:
    """Uphold or refuse the objection to one Art 6(1)(e)/(f) purpose, with the balancing recorded."""
    request = load_request(actor, request_id)
    objections.decide_objection(actor, request, data["purpose"], data["decision"], data.get("ground"),
                                data.get("balancing"))
    request.updated_at = utcnow()
    db.session.flush()
    return request


@use_case
def lift_restriction(actor: Actor, request_id: uuid.UUID, notified_at: datetime) -> SubjectRequest:
    """Lift a restriction granted by this request; the subject was told first (Art 18(3))."""
    notified_at = as_utc(notified_at)
    request = load_request(actor, request_id)
    if request.type != RequestType.RESTRICTION or request.status != RequestStatus.COMPLETED:
        raise Conflict("Only a completed restriction request can be lifted.")
    if notified_at - utcnow() > CLOCK_SKEW:
        raise ValidationFailed("The subject cannot be told in the future.",
                               {"notified_at": ["Must not be in the future."]})
    if notified_at < as_utc(request.closed_at):
        raise ValidationFailed(
            "The subject cannot be told of a lift before the restriction was granted.",
            {"notified_at": ["Must not be before the restriction was granted (closed_at)."]})
    subject = db.session.get(Subject, request.subject_id)
    fulfilment.lift_restriction(subject, request, notified_at)
    request.updated_at = utcnow()
    db.session.flush()  # a lost race on the request's version surfaces here, before the audit
    record_event(actor, "request.restriction_lifted", "subject_request", request.id,
                 {"reference": request.reference, "subject_id": str(subject.id),
                  "subject_told_at": notified_at.isoformat()})
    return request


@use_case
def record_transmission(actor: Actor, request_id: uuid.UUID, data: Mapping) -> dict:
    """A completed portability answer sent directly to another controller (Art 20(2)): the
    recipient's name encrypted, the method, the moment and the SHA-256 of the bytes sent."""
    request = load_request(actor, request_id)
    if request.type != RequestType.PORTABILITY or request.status != RequestStatus.COMPLETED:
        raise Conflict("Only a completed portability request's package can be transmitted.")
    _, package = find_package(actor, request_id, data.get("format") or "zip")
    sent_at = data["transmitted_at"]
    if sent_at - utcnow() > CLOCK_SKEW or sent_at < as_utc(request.closed_at) - CLOCK_SKEW:
        raise ValidationFailed("The package was sent between its completion and now.",
                               {"transmitted_at": ["Must be after the answer and not in the future."]})
    row = PackageTransmission(id=uuid.uuid4(), request_id=request.id, subject_id=request.subject_id,
                              format=package.format, sha256=package.sha256, method=data["method"],
                              transmitted_at=sent_at, recorded_by=actor.ref, created_at=utcnow())
    seal_field(row, "recipient", data["recipient"], owner_id=request.subject_id)
    db.session.add(row)
    db.session.flush()
    record_event(actor, "request.package_transmitted", "subject_request", request.id, {
        "reference": request.reference, "format": row.format, "sha256": row.sha256,
        "method": row.method, "transmitted_at": sent_at.isoformat()})
    return {"id": row.id, "format": row.format, "sha256": row.sha256, "method": row.method,
            "transmitted_at": sent_at}


@use_case
def send_letter(actor: Actor, request_id: uuid.UUID, kind: str, language: str | None = None,
                channel: str = "email") -> dict:
    """Write to the person about the request in their language; answers and refusals record
    "answer sent" with the letter's SHA-256 (Art 12(1), (4); Art 5(2))."""
    request = load_request(actor, request_id)
    texts = {name: get_text(request, name) for name in ("extension_reason", "rejection_explanation")}
    row = letters.issue_letter(actor, request, kind, language, texts, channel)
    return {"id": row.id, "kind": row.kind, "language": row.language, "channel": row.channel,
            "sha256": row.sha256, "sent_at": row.sent_at,
            "text": letters.letter_text(row)}


# --- reading ---------------------------------------------------------------------------------


@use_case
def read_request(actor: Actor, request_id: uuid.UUID) -> RequestView:
    """The request and its decrypted free text; the read is audited. Auditors get the register
    entry with the free text withheld (it may name the person)."""
    request = load_request(actor, request_id)
    if actor.role == Role.AUDITOR:
        return decrypted_view(RequestView, request, **dict.fromkeys(REQUEST_TEXTS))
    texts = {name: get_text(request, name) for name in REQUEST_TEXTS}
    record_event(actor, "request.read", "subject_request", request.id,
                 {"fields": sorted(k for k, v in texts.items() if v is not None)})
    return decrypted_view(RequestView, request, **texts)


def list_requests(actor: Actor, filters: Mapping, page: int, per_page: int) -> tuple[list, int]:
    """A page of requests (no personal data), most urgent first; members see their own."""
    query = select(SubjectRequest)
    if actor.role == Role.MEMBER:
        query = query.where(SubjectRequest.submitted_by_user_id == actor.user_id)
    for name in ("status", "type"):
        if filters.get(name):
            query = query.where(getattr(SubjectRequest, name) == filters[name])
    if filters.get("due_before"):
        query = query.where(SubjectRequest.due_date < filters["due_before"])
    if filters.get("overdue") is not None:
        late = (SubjectRequest.due_date < controller_today()) & SubjectRequest.status.in_(
            [s.value for s in OPEN_STATUSES])
        query = query.where(late if filters["overdue"] else ~late)
    return paginate(query.order_by(SubjectRequest.due_date, SubjectRequest.reference), page, per_page)


def find_package(actor: Actor, request_id: uuid.UUID, fmt: str) -> tuple[SubjectRequest, RequestPackage]:
    request = load_request(actor, request_id)
    row = db.session.execute(select(RequestPackage).where(
        RequestPackage.request_id == request.id, RequestPackage.format == fmt)).scalar_one_or_none()
    if row is None:
        raise Conflict("There is no answer package for this request (access and portability "
                       "requests get one when completed).")
    return request, row
