"""Reads of the register of assessments that others show: the gaps (overview, exports, API), what
the record of processing says about each activity's DPIA and LIAs, and the Art 15(1)(h) information
an access package gives about the automated processing that applies to a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from compliance.assessments.models import AiSystem, Dpia, Lia
from compliance.assessments.rules import (
    ActivityFacts,
    AiFacts,
    DpiaScreening,
    DpiaStatus,
    Flag,
    LiaStatus,
    dpia_screening,
    flags,
    is_high_risk,
)
from compliance.extensions import db
from compliance.policies import Policies, ProcessingActivity
from compliance.policy_context import current_policies
from compliance.timeutil import controller_today


@dataclass(frozen=True)
class ActivityAssessment:
    """What the record of processing says about one activity, read from the register."""

    screening: DpiaScreening
    progress: str  # words for the ICO template's "DPIA progress"
    dpia_reference: str | None
    dpia_review_due: date | None
    lia_references: tuple[str, ...]  # validated LIAs of its legitimate-interests purposes
    ai_systems: tuple[str, ...]  # "name (reference)" of the AI systems in use for its purposes


def _all_dpias() -> list[Dpia]:
    return list(db.session.scalars(select(Dpia).order_by(Dpia.created_at)))


def _newest_dpias(dpias: list[Dpia]) -> dict[str, Dpia]:
    """The newest validated DPIA per activity, else the newest of any status."""
    chosen: dict[str, Dpia] = {}
    for dpia in dpias:
        for activity in dpia.activities:
            current = chosen.get(activity)
            if (current is None or dpia.status == DpiaStatus.VALIDATED
                    or current.status != DpiaStatus.VALIDATED):
                chosen[activity] = dpia
    return chosen


def _systems_in_use() -> list[AiSystem]:
    return list(db.session.scalars(select(AiSystem).where(AiSystem.in_use.is_(True)).order_by(AiSystem.name)))


def _validated_lias() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    query = select(Lia).where(Lia.status == LiaStatus.VALIDATED).order_by(Lia.reference)
    for lia in db.session.scalars(query):
        found.setdefault(lia.purpose, []).append(lia.reference)
    return found


def _screening(activity: ProcessingActivity, systems: list[AiSystem]) -> DpiaScreening:
    high_risk = any(is_high_risk(s.annex_iii) and set(s.purposes) & set(activity.purposes) for s in systems)
    return dpia_screening(activity.dpia_criteria, high_risk_ai=high_risk)


def _progress(screening: DpiaScreening, dpia: Dpia | None, today: date) -> str:
    if dpia is None:
        return "required: not started" if screening.required else "not required"
    if dpia.status == DpiaStatus.VALIDATED:
        due = dpia.review_due
        return (f"validated; review overdue since {due.isoformat()}" if due and due < today
                else f"validated; next review {due.isoformat()}" if due else "validated")
    words = {DpiaStatus.DRAFT: "draft", DpiaStatus.IN_REVIEW: "in review",
             DpiaStatus.NEEDS_PRIOR_CONSULTATION: "awaiting prior consultation (Art 36)"}
    return words[DpiaStatus(dpia.status)]


def activity_assessments(policies: Policies | None = None) -> dict[str, ActivityAssessment]:
    """Per processing activity id: the DPIA screening, progress and reference, the LIAs and AI."""
    policies = policies or current_policies()
    dpias, systems = _newest_dpias(_all_dpias()), _systems_in_use()
    lias, today = _validated_lias(), controller_today()
    result = {}
    for activity in policies.processing_activities:
        screening = _screening(activity, systems)
        dpia = dpias.get(activity.id)
        li_purposes = [p for p in activity.purposes if policies.purposes[p].lawful_basis == "f"]
        result[activity.id] = ActivityAssessment(
            screening, _progress(screening, dpia, today), dpia.reference if dpia else None,
            dpia.review_due if dpia else None,
            tuple(ref for p in li_purposes for ref in lias.get(p, ())),
            tuple(f"{s.name} ({s.reference})" for s in systems if set(s.purposes) & set(activity.purposes)))
    return result


def assessment_flags(policies: Policies | None = None) -> list[Flag]:
    """Every gap in the assessments, the same list wherever it is shown."""
    policies = policies or current_policies()
    every_dpia, systems = _all_dpias(), _systems_in_use()
    dpias = _newest_dpias(every_dpia)
    activities = [ActivityFacts(a.id, a.name, _screening(a, systems),
                                dpias[a.id].status if a.id in dpias else None,
                                dpias[a.id].review_due if a.id in dpias else None)
                  for a in policies.processing_activities]
    statuses = {d.id: d.status for d in every_dpia}
    ai = [AiFacts(s.reference, s.name, s.annex_iii, s.solely_automated, s.significant_effect,
                  s.art22_exception, statuses.get(s.dpia_id)) for s in systems]
    li_purposes = [p.id for p in policies.purposes.values() if p.lawful_basis == "f"]
    return flags(today=controller_today(), activities=activities, li_purposes=li_purposes,
                 validated_lias=_validated_lias(), ai_systems=ai)


def automated_processing_for(purposes: set[str]) -> list[dict]:
    """Art 15(1)(h): for each AI system or automated decision in use for one of ``purposes``, whether
    decisions are solely automated, the meaningful information about the logic involved, and the
    significance and envisaged consequences for the person."""
    return [{
        "system": s.name, "reference": s.reference, "provider": s.provider,
        "purposes": sorted(set(s.purposes) & purposes),
        "solely_automated_decision": s.solely_automated,
        "legal_or_similarly_significant_effect": s.significant_effect,
        "logic": s.logic, "significance_and_consequences": s.significance,
        "human_oversight": s.human_oversight,
    } for s in _systems_in_use() if set(s.purposes) & purposes]
