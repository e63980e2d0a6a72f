"""Placement use cases: record and read placements and CV submissions; what the placement
records hold about a subject (access requests) and which of them the law makes us keep (erasure).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from sqlalchemy import or_, select

from compliance.audit.services import Actor, record_event
from compliance.auth.models import User
from compliance.auth.rules import Role
from compliance.errors import Forbidden, NotFound, ValidationFailed
from compliance.extensions import db
from compliance.pagination import paginate
from compliance.placements.models import DEFAULT_CONTRACT_LAW, CvSubmission, Placement
from compliance.placements.rules import PlacementStatus
from compliance.policy_context import current_policies
from compliance.subjects.models import Subject
from compliance.subjects.services import member_can_see
from compliance.timeutil import as_utc, controller_today, utcnow
from compliance.transaction import use_case

RETAINED_CATEGORY = "placement_records"


def own_member_id(actor: Actor) -> uuid.UUID | None:
    """The member subject of a member user (None for staff and auditors)."""
    if actor.role != Role.MEMBER or not actor.user_id:
        return None
    user = db.session.get(User, actor.user_id)
    return user.subject_id if user else None


def referenced_subject(actor: Actor, subject_id, field: str, kind: str) -> Subject:
    """A subject named in a request body: unknown, invisible or wrong kind -> 422 on `field`."""
    subject = db.session.get(Subject, subject_id) if subject_id else None
    visible = subject is not None and (actor.role != Role.MEMBER or member_can_see(actor, subject))
    if not visible:
        raise ValidationFailed("A referenced subject is not valid.", {field: ["No such subject."]})
    if subject.kind != kind:
        raise ValidationFailed("A referenced subject is not valid.", {field: [f"Must be a {kind}."]})
    return subject


def acting_member(actor: Actor, member_id, field: str = "member_id") -> Subject:
    """Members act only as themselves; staff may name any member."""
    own = own_member_id(actor)
    if actor.role == Role.MEMBER and member_id != own:
        raise Forbidden("Members record placements and submissions only as themselves.")
    return referenced_subject(actor, member_id, field, "member")


@use_case
def create_placement(actor: Actor, data: Mapping) -> Placement:
    """Record a placement after the consent module allows placement administration."""
    member = acting_member(actor, data["member_id"])
    candidate = referenced_subject(actor, data["candidate_id"], "candidate_id", "candidate")
    if data.get("client_contact_id"):
        referenced_subject(actor, data["client_contact_id"], "client_contact_id", "client_contact")
    from compliance.consent.services import require_processing

    require_processing(candidate.id, "placement_administration")
    placement = Placement(
        id=uuid.uuid4(), member_id=member.id, candidate_id=candidate.id,
        client_name=data["client_name"], client_country=data["client_country"],
        client_contact_id=data.get("client_contact_id"), placement_type=data["placement_type"],
        role_title=data["role_title"], work_country=data["work_country"],
        start_date=data["start_date"], end_date=data.get("end_date"), fee=data["fee"],
        currency=data["currency"], contract_law=data.get("contract_law") or DEFAULT_CONTRACT_LAW,
        status=data.get("status") or PlacementStatus.ACTIVE, created_at=utcnow(), created_by=actor.ref,
    )
    db.session.add(placement)
    db.session.flush()
    record_event(actor, "placement.created", "placement", placement.id, {
        "placement_type": placement.placement_type, "work_country": placement.work_country,
        "client_country": placement.client_country})
    return placement


def visible_placements(actor: Actor, query):
    """Members see the placements they made; staff and auditors see all."""
    if actor.role != Role.MEMBER:
        return query
    return query.where(Placement.member_id == own_member_id(actor))


def get_placement(actor: Actor, placement_id: uuid.UUID) -> Placement:
    """One placement; members get 403 alike for others' and missing placements."""
    placement = db.session.get(Placement, placement_id)
    if actor.role == Role.MEMBER:
        if placement is None or placement.member_id != own_member_id(actor):
            raise Forbidden("This placement is not among your records.")
    elif placement is None:
        raise NotFound("No such placement.")
    return placement


def list_placements(actor: Actor, filters: Mapping, page: int, per_page: int) -> tuple[list, int]:
    """A page of placements (newest start first) and the total."""
    query = select(Placement)
    for name in ("status", "work_country", "client_country", "placement_type", "member_id",
                 "candidate_id"):
        if filters.get(name):
            query = query.where(getattr(Placement, name) == filters[name])
    query = visible_placements(actor, query)
    return paginate(query.order_by(Placement.start_date.desc(), Placement.id), page, per_page)


@use_case
def record_cv_submission(actor: Actor, data: Mapping) -> CvSubmission:
    """Record that a candidate's CV went to a client; needs consent to share with that client."""
    member = acting_member(actor, data["member_id"])
    candidate = referenced_subject(actor, data["candidate_id"], "candidate_id", "candidate")
    if data.get("placement_id"):
        try:
            get_placement(actor, data["placement_id"])
        except NotFound:  # a reference in the body: the field is wrong, not the URL
            raise ValidationFailed("A referenced placement is not valid.",
                                   {"placement_id": ["No such placement."]}) from None
    from compliance.consent.services import require_processing

    require_processing(candidate.id, "cv_sharing", scope=data["client_name"])
    submission = CvSubmission(
        id=uuid.uuid4(), candidate_id=candidate.id, member_id=member.id,
        client_name=data["client_name"], client_country=data["client_country"],
        placement_id=data.get("placement_id"), submitted_at=data.get("submitted_at") or utcnow(),
        recorded_by=actor.ref,
    )
    db.session.add(submission)
    db.session.flush()
    record_event(actor, "cv_submission.recorded", "cv_submission", submission.id,
                 {"candidate_id": str(candidate.id), "client_country": submission.client_country})
    return submission


def list_cv_submissions(actor: Actor, filters: Mapping) -> list[CvSubmission]:
    query = select(CvSubmission).order_by(CvSubmission.submitted_at.desc(), CvSubmission.id)
    if filters.get("candidate_id"):
        query = query.where(CvSubmission.candidate_id == filters["candidate_id"])
    if actor.role == Role.MEMBER:
        query = query.where(CvSubmission.member_id == own_member_id(actor))
    return list(db.session.execute(query.limit(filters.get("limit", 500))).scalars())


def placement_dict(placement: Placement, subject_id: uuid.UUID | None = None) -> dict:
    """JSON-ready placement terms; `role` says how `subject_id` takes part in it."""
    roles = {placement.candidate_id: "candidate", placement.member_id: "member",
             placement.client_contact_id: "client_contact"}
    return {
        "id": str(placement.id), "reference": placement.reference,
        "role": roles.get(subject_id), "client_name": placement.client_name,
        "client_country": placement.client_country, "placement_type": placement.placement_type,
        "role_title": placement.role_title, "work_country": placement.work_country,
        "start_date": placement.start_date.isoformat(),
        "end_date": placement.end_date.isoformat() if placement.end_date else None,
        "fee": str(placement.fee), "currency": placement.currency,
        "contract_law": placement.contract_law, "status": placement.status,
        "created_at": as_utc(placement.created_at).isoformat(),
    }


def submission_dict(submission: CvSubmission) -> dict:
    return {
        "id": str(submission.id), "candidate_id": str(submission.candidate_id),
        "member_id": str(submission.member_id), "client_name": submission.client_name,
        "client_country": submission.client_country,
        "placement_id": str(submission.placement_id) if submission.placement_id else None,
        "submitted_at": as_utc(submission.submitted_at).isoformat(),
    }


def export_subject_placements(subject_id: uuid.UUID) -> dict:
    """Everything the placement records hold about a subject, for an access package (Art 15).

    ``recipients`` names the clients the candidate's data went to (Art 15(1)(c)), with the
    first time it was shared (a CV submission, or the placement itself).
    """
    placements = db.session.execute(
        select(Placement).where(or_(Placement.candidate_id == subject_id,
                                    Placement.member_id == subject_id,
                                    Placement.client_contact_id == subject_id))
        .order_by(Placement.start_date, Placement.id)
    ).scalars().all()
    submissions = db.session.execute(
        select(CvSubmission).where(or_(CvSubmission.candidate_id == subject_id,
                                       CvSubmission.member_id == subject_id))
        .order_by(CvSubmission.submitted_at, CvSubmission.id)
    ).scalars().all()
    shared = [(s.client_name, s.client_country, as_utc(s.submitted_at))
              for s in submissions if s.candidate_id == subject_id]
    shared += [(p.client_name, p.client_country, as_utc(p.created_at))
               for p in placements if p.candidate_id == subject_id]
    first: dict[tuple[str, str], object] = {}
    for name, country, when in sorted(shared, key=lambda item: item[2]):
        first.setdefault((name, country), when)
    return {
        "placements": [placement_dict(p, subject_id) for p in placements],
        "cv_submissions": [submission_dict(s) for s in submissions],
        "recipients": [{"client_name": name, "client_country": country,
                        "first_shared_at": when.isoformat()}
                       for (name, country), when in first.items()],
    }


def retained_records_for(subject_id: uuid.UUID) -> list[dict]:
    """Placement records kept under a legal obligation despite erasure (Art 17(3)(b)).

    The clock starts at the placement's end; a running placement counts from today, so
    ``until`` is the earliest date the last of them may go.
    """
    rows = db.session.execute(
        select(Placement.start_date, Placement.end_date).where(
            or_(Placement.candidate_id == subject_id, Placement.member_id == subject_id))
    ).all()
    if not rows:
        return []
    period, citation = current_policies().retention_period(RETAINED_CATEGORY)
    today = controller_today()
    until = max(period.add_to(end or max(start, today)) for start, end in rows)
    return [{"category": RETAINED_CATEGORY, "count": len(rows), "citation": citation,
             "until": until.isoformat()}]

