"""Use cases of the register of assessments: DPIAs and their risks, LIAs, AI systems.

The audit trail gets references, statuses, ratings and field names; never the assessments' texts.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, timedelta

from sqlalchemy import select

from compliance.assessments.models import AiSystem, Dpia, DpiaRisk, Lia
from compliance.assessments.rules import (
    DpiaStatus,
    LiaStatus,
    RiskScore,
    lia_verdict,
    residual_risk,
    score_problems,
    status_after_review,
    validation_problems,
)
from compliance.audit.services import Actor, record_event
from compliance.errors import Conflict, NotFound, ValidationFailed
from compliance.extensions import db
from compliance.policy_context import current_policies
from compliance.timeutil import controller_today, utcnow
from compliance.transaction import use_case

NOTHING_CHANGED = "Nothing to change: every field given already has that value."
DEFAULT_REVIEW = timedelta(days=365)  # a validated assessment is reviewed at least yearly (Art 35(11))
DPIA_TEXTS = ("title", "context", "necessity", "dpo_opinion", "subjects_opinion", "consultation_authority",
              "consultation_submitted_on", "consultation_answered_on", "consultation_outcome", "review_due")
LIA_FIELDS = ("interest", "purpose_outcome", "necessity", "necessity_outcome", "balancing",
              "balancing_outcome", "safeguards", "review_due")
AI_FIELDS = ("name", "provider", "purposes", "annex_iii", "solely_automated", "significant_effect",
             "art22_exception", "logic", "significance", "human_oversight", "log_retention",
             "information_given", "dpia_id", "in_use")


def _reference(prefix: str, row_id: uuid.UUID) -> str:
    return f"{prefix}-{row_id.hex[:8].upper()}"


def _check_activities(activities) -> None:
    known = {a.id for a in current_policies().processing_activities}
    unknown = [a for a in activities if a not in known]
    if unknown:
        raise ValidationFailed("Unknown processing activity.",
                               {"activities": [f"not in the record of processing: {', '.join(unknown)}"]})


def _check_purposes(purposes, field: str = "purposes") -> None:
    unknown = [p for p in purposes if p not in current_policies().purposes]
    if unknown:
        raise ValidationFailed("Unknown purpose.", {
            field: [f"not a purpose in the policy: {', '.join(unknown)}"]})


def _apply_changes(row, changes: Mapping, names) -> list[str]:
    """Set the fields of ``changes`` that differ; 422 when none does (a PATCH that changes nothing)."""
    changed = []
    for name in names:
        if name in changes and getattr(row, name) != changes[name]:
            setattr(row, name, changes[name])
            changed.append(name)
    if not changed:
        raise ValidationFailed(NOTHING_CHANGED, {"_schema": ["No field differs from the stored record."]})
    return changed


def _load(model, row_id: uuid.UUID, missing: str):
    row = db.session.get(model, row_id)
    if row is None:
        raise NotFound(missing)
    return row


# -- DPIAs ---------------------------------------------------------------------------------------

@use_case
def create_dpia(actor: Actor, data: Mapping) -> Dpia:
    """Open a DPIA (draft) for one or more processing activities."""
    _check_activities(data["activities"])
    dpia_id = uuid.uuid4()
    dpia = Dpia(id=dpia_id, reference=_reference("DPIA", dpia_id), activities=list(data["activities"]),
                status=DpiaStatus.DRAFT.value, created_by=actor.ref, created_at=utcnow(),
                **{k: data.get(k) for k in DPIA_TEXTS if k in data})
    db.session.add(dpia)
    db.session.flush()
    record_event(actor, "dpia.created", "dpia", dpia.id, {
        "reference": dpia.reference, "activities": dpia.activities,
        "fields": sorted(k for k in DPIA_TEXTS if data.get(k))})
    return dpia


def load_dpia(dpia_id: uuid.UUID) -> Dpia:
    return _load(Dpia, dpia_id, "No such DPIA.")


@use_case
def update_dpia(actor: Actor, dpia_id: uuid.UUID, changes: Mapping) -> Dpia:
    """Change a DPIA's texts; a validated DPIA changed in substance goes back to review."""
    dpia = load_dpia(dpia_id)
    if "activities" in changes:
        _check_activities(changes["activities"])
    changed = _apply_changes(dpia, changes, (*DPIA_TEXTS, "activities"))
    _check_consultation_dates(dpia)
    reopened = dpia.status == DpiaStatus.VALIDATED and bool(set(changed) - {"review_due"})
    if reopened:
        dpia.status, dpia.validated_at, dpia.validated_by = DpiaStatus.IN_REVIEW.value, None, None
    record_event(actor, "dpia.updated", "dpia", dpia.id, {
        "reference": dpia.reference, "fields": sorted(changed), "reopened": reopened})
    return dpia


def _check_consultation_dates(dpia: Dpia) -> None:
    submitted, answered = dpia.consultation_submitted_on, dpia.consultation_answered_on
    if answered and not submitted:
        raise ValidationFailed("Invalid consultation.", {
            "consultation_answered_on": ["record when the consultation was submitted first"]})
    if answered and submitted and answered < submitted:
        raise ValidationFailed("Invalid consultation.", {
            "consultation_answered_on": ["cannot be before the consultation was submitted"]})



@use_case
def assess_risk(actor: Actor, dpia_id: uuid.UUID, data: Mapping) -> Dpia:
    """Record or replace one feared event's assessment (severity and likelihood before and after)."""
    dpia = load_dpia(dpia_id)
    score = RiskScore(data["kind"], data["severity_before"], data["likelihood_before"],
                      data["severity_after"], data["likelihood_after"])
    problems = score_problems(score)
    if problems:
        raise ValidationFailed("The measures cannot raise a risk.", problems)
    risk = next((r for r in dpia.risks if r.kind == data["kind"]), None)
    if risk is None:
        risk = DpiaRisk(id=uuid.uuid4(), kind=data["kind"])
        dpia.risks.append(risk)
    for name in ("impacts", "threats", "sources", "measures", "severity_before", "likelihood_before",
                 "severity_after", "likelihood_after"):
        if name in data:
            setattr(risk, name, data[name])
    if dpia.status == DpiaStatus.VALIDATED:
        dpia.status, dpia.validated_at, dpia.validated_by = DpiaStatus.IN_REVIEW.value, None, None
    db.session.flush()
    record_event(actor, "dpia.risk_assessed", "dpia", dpia.id, {
        "reference": dpia.reference, "kind": score.kind, "before": score.before.value,
        "residual": score.residual.value})
    return dpia


@use_case
def submit_dpia(actor: Actor, dpia_id: uuid.UUID) -> Dpia:
    """End the drafting: to review, or to prior consultation when the residual risk stays high."""
    dpia = load_dpia(dpia_id)
    if dpia.status != DpiaStatus.DRAFT:
        raise Conflict(f"DPIA {dpia.reference} is {dpia.status.replace('_', ' ')}, not a draft.")
    scores = dpia.scores
    if not scores:
        raise ValidationFailed("Assess the risks first.", {"risks": ["no feared event assessed yet"]})
    dpia.status = status_after_review(scores).value
    record_event(actor, "dpia.submitted", "dpia", dpia.id, {
        "reference": dpia.reference, "status": dpia.status, "residual": residual_risk(scores).value})
    return dpia


@use_case
def validate_dpia(actor: Actor, dpia_id: uuid.UUID, review_due: date | None = None) -> Dpia:
    """Validate a DPIA (the controller's decision, after the DPO's advice and, where the residual
    risk stays high, the supervisory authority's answer)."""
    dpia = load_dpia(dpia_id)
    if dpia.status == DpiaStatus.DRAFT:
        raise Conflict(f"DPIA {dpia.reference} is a draft: submit it for review first.")
    if dpia.status == DpiaStatus.VALIDATED:
        raise Conflict(f"DPIA {dpia.reference} is already validated.")
    scores = dpia.scores
    problems = validation_problems(
        has_context=bool(dpia.context), has_necessity=bool(dpia.necessity), scores=scores,
        dpo_opinion=dpia.dpo_opinion, consultation_answered=dpia.consultation_answered_on is not None)
    if problems:
        raise ValidationFailed(f"DPIA {dpia.reference} cannot be validated yet.", problems)
    today = controller_today()
    if review_due is not None and review_due <= today:
        raise ValidationFailed("Invalid review date.", {"review_due": ["must be after today"]})
    dpia.status, dpia.validated_at, dpia.validated_by = DpiaStatus.VALIDATED.value, utcnow(), actor.ref
    dpia.review_due = review_due or today + DEFAULT_REVIEW
    record_event(actor, "dpia.validated", "dpia", dpia.id, {
        "reference": dpia.reference, "residual": residual_risk(scores).value,
        "review_due": dpia.review_due.isoformat()})
    return dpia


def list_dpias() -> list[Dpia]:
    return list(db.session.scalars(select(Dpia).order_by(Dpia.created_at.desc())))


# -- LIAs ----------------------------------------------------------------------------------------

def _decide_lia(lia: Lia, actor: Actor) -> None:
    verdict = lia_verdict(lia.purpose_outcome, lia.necessity_outcome, lia.balancing_outcome)
    if verdict is None:
        lia.status, lia.decided_at, lia.decided_by = LiaStatus.DRAFT.value, None, None
    else:
        lia.status, lia.decided_at, lia.decided_by = verdict.value, utcnow(), actor.ref
        lia.review_due = lia.review_due or controller_today() + DEFAULT_REVIEW


def _check_li_purpose(purpose_id: str) -> None:
    _check_purposes([purpose_id], "purpose")
    if current_policies().purposes[purpose_id].lawful_basis != "f":
        raise ValidationFailed("Not a legitimate-interests purpose.", {
            "purpose": ["rests on another lawful basis: an LIA is for Art 6(1)(f) purposes"]})


@use_case
def record_lia(actor: Actor, data: Mapping) -> Lia:
    """Record the three-part test for a legitimate-interests purpose; its outcome follows from the
    three parts (all passed: validated; any failed: failed; otherwise a draft)."""
    _check_li_purpose(data["purpose"])
    lia_id = uuid.uuid4()
    lia = Lia(id=lia_id, reference=_reference("LIA", lia_id), purpose=data["purpose"], created_by=actor.ref,
              created_at=utcnow(), **{k: data.get(k) for k in LIA_FIELDS if k in data})
    _decide_lia(lia, actor)
    db.session.add(lia)
    db.session.flush()
    record_event(actor, "lia.recorded", "lia", lia.id, {
        "reference": lia.reference, "purpose": lia.purpose, "status": lia.status})
    return lia


def load_lia(lia_id: uuid.UUID) -> Lia:
    return _load(Lia, lia_id, "No such legitimate interests assessment.")


@use_case
def update_lia(actor: Actor, lia_id: uuid.UUID, changes: Mapping) -> Lia:
    lia = load_lia(lia_id)
    changed = _apply_changes(lia, changes, LIA_FIELDS)
    if set(changed) - {"review_due"}:
        _decide_lia(lia, actor)
    record_event(actor, "lia.updated", "lia", lia.id, {
        "reference": lia.reference, "fields": sorted(changed), "status": lia.status})
    return lia


def list_lias() -> list[Lia]:
    return list(db.session.scalars(select(Lia).order_by(Lia.purpose, Lia.created_at.desc())))


# -- AI systems ----------------------------------------------------------------------------------

def _check_ai(system: AiSystem) -> None:
    _check_purposes(system.purposes)
    if system.dpia_id is not None and db.session.get(Dpia, system.dpia_id) is None:
        raise ValidationFailed("Unknown DPIA.", {"dpia_id": ["no such DPIA"]})
    if system.art22_exception and not system.solely_automated:
        raise ValidationFailed("Art 22(2) needs a solely automated decision.", {
            "art22_exception": ["only for decisions based solely on automated processing"]})


@use_case
def register_ai_system(actor: Actor, data: Mapping) -> AiSystem:
    """Add an AI system or automated decision-making use to the register."""
    system_id = uuid.uuid4()
    system = AiSystem(id=system_id, reference=_reference("AI", system_id), created_by=actor.ref,
                      created_at=utcnow(), **{k: data[k] for k in AI_FIELDS if k in data})
    system.purposes = list(data.get("purposes") or [])
    _check_ai(system)
    db.session.add(system)
    db.session.flush()
    record_event(actor, "ai_system.registered", "ai_system", system.id, {
        "reference": system.reference, "annex_iii": system.annex_iii, "purposes": system.purposes,
        "solely_automated": system.solely_automated})
    return system


def load_ai_system(system_id: uuid.UUID) -> AiSystem:
    return _load(AiSystem, system_id, "No such AI system.")


@use_case
def update_ai_system(actor: Actor, system_id: uuid.UUID, changes: Mapping) -> AiSystem:
    system = load_ai_system(system_id)
    changed = _apply_changes(system, changes, AI_FIELDS)
    _check_ai(system)
    record_event(actor, "ai_system.updated", "ai_system", system.id, {
        "reference": system.reference, "fields": sorted(changed)})
    return system


def list_ai_systems() -> list[AiSystem]:
    return list(db.session.scalars(select(AiSystem).order_by(AiSystem.name)))
