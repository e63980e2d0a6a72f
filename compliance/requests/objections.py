"""Objection per purpose (GDPR Art 21): recorded at receipt, weighed by the DPO, closed with an
outcome that names each purpose and what became of it. The rules are in objection_rules.py."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from compliance.audit.services import Actor, record_event
from compliance.consent.models import PurposeObjection
from compliance.errors import NotFound, ValidationFailed
from compliance.extensions import db
from compliance.keystore.texts import open_field, seal_field
from compliance.policy_context import current_policies
from compliance.requests.models import SubjectRequest
from compliance.requests.objection_rules import (
    CITATIONS,
    ObjectionDecision,
    ObjectionHandling,
    check_decision,
    initial_citation,
    initial_decision,
)
from compliance.requests.rules import RequestStatus, RequestType
from compliance.subjects.models import Subject
from compliance.timeutil import utcnow


@dataclass(frozen=True)
class ObjectionView:
    purpose: str
    handling: str
    decision: str
    refusal_ground: str | None
    citation: str | None
    decided_at: datetime | None
    balancing: str | None = None


def objectable_purposes() -> list[str]:
    """The purposes an objection without a list covers: those Art 21 gives a right to object to."""
    return sorted(p.id for p in current_policies().purposes.values()
                  if p.objection != ObjectionHandling.NOT_APPLICABLE)


def record_objections(actor: Actor, request: SubjectRequest, purposes: Sequence[str] | None) -> None:
    """One row per purpose objected to; direct marketing stops at once (Art 21(3))."""
    if request.type != RequestType.OBJECTION:
        if purposes:
            raise ValidationFailed("Only an objection names purposes.",
                                   {"purposes": ["Give purposes only for an objection."]})
        return
    known = current_policies().purposes
    named = sorted(set(purposes or objectable_purposes()))
    unknown = [p for p in named if p not in known]
    if unknown:
        raise ValidationFailed("Unknown purpose.", {"purposes": [f"Unknown purpose {p!r}." for p in unknown]})
    decisions = {}
    for purpose_id in named:
        purpose = known[purpose_id]
        decision = initial_decision(purpose.objection, purpose.lawful_basis)
        db.session.add(PurposeObjection(
            id=uuid.uuid4(), subject_id=request.subject_id, request_id=request.id, purpose=purpose_id,
            handling=purpose.objection, decision=decision.value,
            citation=initial_citation(decision, purpose.objection),
            decided_at=utcnow() if decision is not ObjectionDecision.PENDING else None,
            decided_by="policy" if decision is not ObjectionDecision.PENDING else None))
        decisions[purpose_id] = decision.value
    db.session.flush()
    record_event(actor, "request.objections_recorded", "subject_request", request.id,
                 {"reference": request.reference, "decisions": decisions})


def decide_objection(actor: Actor, request: SubjectRequest, purpose: str, decision: str,
                     ground: str | None, balancing: str | None) -> PurposeObjection:
    """The DPO upholds or refuses the objection to one balancing purpose (Art 21(1))."""
    if not RequestStatus(request.status).is_open:
        raise ValidationFailed("The request is closed.", {"request": [f"It is {request.status}."]})
    row = _row(request.id, purpose)
    parsed, refusal = check_decision(row.handling, row.decision, decision, ground, balancing)
    row.decision, row.decided_at, row.decided_by = parsed.value, utcnow(), actor.ref
    row.refusal_ground = refusal.value if refusal else None
    row.citation = CITATIONS[parsed]
    seal_field(row, "balancing", (balancing or "").strip() or None, owner_id=row.subject_id)
    db.session.flush()
    record_event(actor, "request.objection_decided", "subject_request", request.id, {
        "reference": request.reference, "purpose": purpose, "decision": parsed.value,
        "ground": row.refusal_ground, "balancing_recorded": row.balancing_ciphertext is not None})
    return row


def _row(request_id: uuid.UUID, purpose: str) -> PurposeObjection:
    row = db.session.execute(select(PurposeObjection).where(
        PurposeObjection.request_id == request_id, PurposeObjection.purpose == purpose)).scalar_one_or_none()
    if row is None:
        raise NotFound("The request does not object to this purpose.")
    return row


def objection_rows(request_id: uuid.UUID) -> list[PurposeObjection]:
    return list(db.session.execute(select(PurposeObjection).where(
        PurposeObjection.request_id == request_id).order_by(PurposeObjection.purpose)).scalars())


def objection_views(request_id: uuid.UUID, *, with_balancing: bool = False) -> list[ObjectionView]:
    """The decisions on one request; ``with_balancing`` decrypts (the caller audits the read)."""
    return [ObjectionView(row.purpose, row.handling, row.decision, row.refusal_ground, row.citation,
                          row.decided_at,
                          open_field(row, "balancing", owner_id=row.subject_id) if with_balancing else None)
            for row in objection_rows(request_id)]


def close_objection(request: SubjectRequest, subject: Subject) -> dict:
    """The outcome of an objection: every purpose and its decision; all must have been weighed."""
    rows = objection_rows(request.id)
    pending = [r.purpose for r in rows if r.decision == ObjectionDecision.PENDING]
    if pending:
        raise ValidationFailed("Decide the objection to every purpose first (Art 21(1)).",
                               {"purposes": [f"{p}: not decided yet." for p in pending]})
    by_decision: dict[str, list[str]] = {}
    for row in rows:
        by_decision.setdefault(row.decision, []).append(row.purpose)
    if by_decision.get(ObjectionDecision.UPHELD):
        subject.objected_at, subject.objection_reference = utcnow(), request.reference
    return {
        "objections": [{"purpose": r.purpose, "handling": r.handling, "decision": r.decision,
                        "ground": r.refusal_ground, "citation": r.citation} for r in rows],
        "purposes_stopped": by_decision.get(ObjectionDecision.UPHELD, []),
        "purposes_continued": by_decision.get(ObjectionDecision.REFUSED, []),
        "withdraw_consent_instead": by_decision.get(ObjectionDecision.WITHDRAW_CONSENT, []),
        "no_right_to_object": by_decision.get(ObjectionDecision.NO_RIGHT, []),
    }
