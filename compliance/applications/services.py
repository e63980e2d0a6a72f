"""Application use cases: record an application, record its outcome, read and list them.

Members record applications only as themselves, for candidates they can see, and see only their
own (403 alike for others' and missing ones, as for placements). The client's name goes to the
client with the CV, so the candidate's cv_sharing consent for that client is required, as for a
CV submission. Client name and vacancy title are encrypted under the candidate's key; reading
them is audited.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from compliance.applications.models import Application
from compliance.applications.rules import ApplicationStatus, check_outcome
from compliance.audit.services import Actor, record_event
from compliance.auth.rules import Role
from compliance.errors import Forbidden, NotFound, ValidationFailed
from compliance.extensions import db
from compliance.keystore.texts import decrypted_view, open_field, seal_field
from compliance.pagination import paginate
from compliance.placements.models import Placement
from compliance.placements.services import acting_member, own_member_id, referenced_subject
from compliance.timeutil import controller_today, utcnow
from compliance.transaction import use_case

PERSONAL_FIELDS = ("client_name", "vacancy_title")


@dataclass(frozen=True)
class ApplicationView:
    """An application with its client name and vacancy title decrypted (None once erased)."""

    id: uuid.UUID
    reference: str
    candidate_id: uuid.UUID
    member_id: uuid.UUID
    client_name: str | None
    client_country: str
    vacancy_title: str | None
    work_country: str
    applied_on: date
    status: str
    outcome_on: date | None
    rejection_stage: str | None
    placement_id: uuid.UUID | None
    created_at: datetime
    recorded_by: str


@use_case
def record_application(actor: Actor, data: Mapping) -> ApplicationView:
    """Record a candidate's application to a vacancy; needs consent to share with that client."""
    member = acting_member(actor, data["member_id"])
    candidate = referenced_subject(actor, data["candidate_id"], "candidate_id", "candidate")
    from compliance.consent.services import require_processing

    require_processing(candidate.id, "cv_sharing", scope=data["client_name"])
    application = Application(
        id=uuid.uuid4(), subject_id=candidate.id, member_id=member.id,
        client_country=data["client_country"], work_country=data["work_country"],
        applied_on=data["applied_on"], status=ApplicationStatus.RUNNING.value,
        created_at=utcnow(), recorded_by=actor.ref)
    for name in PERSONAL_FIELDS:
        seal_field(application, name, data[name], owner_id=candidate.id)
    db.session.add(application)
    db.session.flush()
    record_event(actor, "application.recorded", "application", application.id, {
        "candidate_id": str(candidate.id), "work_country": application.work_country,
        "client_country": application.client_country})
    return _view(application, decrypt=False)


@use_case
def record_outcome(actor: Actor, application_id: uuid.UUID, data: Mapping) -> ApplicationView:
    """Reject (with the stage), withdraw or place a running application; an outcome is final."""
    application = load_application(actor, application_id, for_update=True)
    check_outcome(application.status, data["outcome"], data["on"], application.applied_on,
                  controller_today(), data.get("stage"))
    placement_id = data.get("placement_id")
    if placement_id is not None:
        if data["outcome"] != ApplicationStatus.PLACED:
            raise ValidationFailed("Only a placed application names a placement.",
                                   {"placement_id": ["Only for the outcome placed."]})
        placement = db.session.get(Placement, placement_id)
        if placement is None or placement.candidate_id != application.subject_id:
            raise ValidationFailed("The placement is not valid.",
                                   {"placement_id": ["No placement of this candidate."]})
    application.status = data["outcome"]
    application.outcome_on = data["on"]
    application.rejection_stage = data.get("stage")
    application.placement_id = placement_id
    db.session.flush()
    record_event(actor, "application.outcome_recorded", "application", application.id, {
        "outcome": application.status, "stage": application.rejection_stage,
        "work_country": application.work_country})
    return _view(application, decrypt=False)


def load_application(actor: Actor, application_id: uuid.UUID, for_update: bool = False) -> Application:
    """One application; members get 403 alike for others' and missing applications."""
    query = select(Application).where(Application.id == application_id)
    application = db.session.execute(query.with_for_update() if for_update else query).scalar()
    if actor.role == Role.MEMBER:
        if application is None or application.member_id != own_member_id(actor):
            raise Forbidden("This application is not among your records.")
    elif application is None:
        raise NotFound("No such application.")
    return application


@use_case
def read_application(actor: Actor, application_id: uuid.UUID) -> ApplicationView:
    """One application with client name and vacancy title decrypted (the read is audited)."""
    view = _view(load_application(actor, application_id), decrypt=True)
    record_event(actor, "application.read", "application", application_id,
                 {"fields": list(PERSONAL_FIELDS)})
    return view


def list_applications(actor: Actor, filters: Mapping, page: int, per_page: int) -> tuple[list, int]:
    """A page of applications (newest first), nothing decrypted, and the total."""
    query = select(Application)
    for name, column in (("candidate_id", Application.subject_id), ("status", Application.status),
                         ("work_country", Application.work_country)):
        if filters.get(name):
            query = query.where(column == filters[name])
    if actor.role == Role.MEMBER:
        query = query.where(Application.member_id == own_member_id(actor))
    rows, total = paginate(query.order_by(Application.applied_on.desc(), Application.id), page, per_page)
    return [_view(row, decrypt=False) for row in rows], total


def _view(application: Application, decrypt: bool) -> ApplicationView:
    decrypted = {name: open_field(application, name, owner_id=application.subject_id) if decrypt
                 else None for name in PERSONAL_FIELDS}
    return decrypted_view(ApplicationView, application, candidate_id=application.subject_id,
                          **decrypted)
