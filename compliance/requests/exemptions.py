"""Erasure per data category (GDPR Art 17(1), 17(3)(b), (e)): the exemptions computed from the
subject's data, the partial erasure they lead to, and the retention hook that finishes it once the
last exemption has ended. The rules are in exemption_rules.py; the one eraser is
compliance.subjects.erasure."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, or_, select

from compliance.audit.services import Actor, record_event
from compliance.extensions import db
from compliance.placements.models import InsuranceClaim, Placement
from compliance.placements.rules import ClaimStatus, PlacementStatus
from compliance.policy_context import current_policies
from compliance.requests.exemption_rules import (
    Exemption,
    MembershipFacts,
    PlacementFacts,
    erasure_exemptions,
    kept_fields,
)
from compliance.subjects.erasure import erase_subjects
from compliance.subjects.models import Subject
from compliance.subjects.rules import SubjectKind, SubjectStatus
from compliance.timeutil import controller_today

ACCOUNTING_CATEGORY = "placement_records"
MEMBERSHIP_CATEGORY = "member_records"
#: The subject's columns that carry each kept field.
FIELD_COLUMNS = {"name": ("name_ciphertext",), "email": ("email_ciphertext", "email_index"),
                 "phone": ("phone_ciphertext",)}
#: Tables whose rows serve the contract still being performed with a member (host-state licences).
CONTRACT_TABLES = ("member_authorisations",)


def exemptions_for(subject: Subject, on: date | None = None) -> list[Exemption]:
    """The exemptions that keep part of the subject's data on ``on`` (default today)."""
    today = on or controller_today()
    policies = current_policies()
    membership = None
    if subject.kind == SubjectKind.MEMBER:
        membership = MembershipFacts(subject.membership_start, subject.membership_end)
    return erasure_exemptions(_placements(subject.id, today), membership, today,
                              policies.retention_period(ACCOUNTING_CATEGORY),
                              policies.retention_period(MEMBERSHIP_CATEGORY))


def _placements(subject_id: uuid.UUID, today: date) -> list[PlacementFacts]:
    claims = (select(func.count()).where(InsuranceClaim.placement_id == Placement.id,
                                         InsuranceClaim.status == ClaimStatus.OPEN)
              .correlate(Placement).scalar_subquery())
    rows = db.session.execute(select(
        Placement.candidate_id, Placement.start_date, Placement.end_date, Placement.status, claims,
    ).where(or_(Placement.candidate_id == subject_id, Placement.member_id == subject_id))).all()
    return [PlacementFacts("candidate" if candidate == subject_id else "member", start, end,
                           status == PlacementStatus.ACTIVE and (end is None or end >= today), open_claims)
            for candidate, start, end, status, open_claims in rows]


def erase_partially(subject: Subject, reference: str, exemptions: list[Exemption]) -> dict:
    """Erase what no exemption covers; keep the rest readable for its purpose only (flushes)."""
    fields = kept_fields(exemptions)
    keep = [f"subjects.{column}" for field in fields for column in FIELD_COLUMNS[field]]
    if any(e.ground == "running_contract" and e.category == "membership" for e in exemptions):
        keep += CONTRACT_TABLES
    result = erase_subjects([subject.id], reference=reference, keep=keep)
    if result.erased:
        subject.status = SubjectStatus.PARTIALLY_ERASED.value
    return {"partially_erased": bool(result.erased), "key_shredded": False,
            "subject_status": SubjectStatus.PARTIALLY_ERASED.value, "fields_kept": list(fields),
            "erased_tables": sorted(result.tables), "retained": [e.as_outcome() for e in exemptions]}


def finish_partial_erasures(actor: Actor, on: date) -> int:
    """Retention hook: fully erase partially erased subjects no exemption covers any more."""
    done = 0
    waiting = db.session.execute(select(Subject).where(
        Subject.status == SubjectStatus.PARTIALLY_ERASED)).scalars().all()
    for subject in waiting:
        if exemptions_for(subject, on):
            continue
        result = erase_subjects([subject.id], reference=subject.erasure_reference or "partial-erasure",
                                on=on)
        if result.erased:
            done += 1
            record_event(actor, "subject.partial_erasure_completed", "subject", subject.id,
                         {"keys_shredded": result.keys_shredded})
    return done
