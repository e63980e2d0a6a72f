"""Members' registrations, notifications, licences, authorisations and concessions per state.

They feed the host-state finding: a work country that requires one for placement (or for
temporary agency work) is a blocker unless the member holds a valid one on the start date.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from sqlalchemy import select

from compliance.audit.services import Actor, record_event
from compliance.auth.rules import Role, refuse_personal_data_to_auditors
from compliance.errors import Conflict, Forbidden, ValidationFailed
from compliance.extensions import db
from compliance.keystore.texts import open_field, seal_field
from compliance.placements.models import Authorisation
from compliance.placements.services import own_member_id
from compliance.subjects.models import Subject
from compliance.subjects.rules import SubjectKind, SubjectStatus
from compliance.subjects.services import load_subject
from compliance.timeutil import utcnow
from compliance.transaction import use_case


def _view(authorisation: Authorisation, number: str | None) -> dict:
    fields = ("id", "member_id", "country", "kind", "activity", "valid_until", "created_at")
    return {**{name: getattr(authorisation, name) for name in fields}, "number": number}


def _decrypt_number(authorisation: Authorisation) -> str | None:
    return open_field(authorisation, "number", owner_id=authorisation.member_id)


def _member_from_path(actor: Actor, member_id: uuid.UUID, writing: bool) -> Subject:
    if writing and actor.role == Role.MEMBER and member_id != own_member_id(actor):
        raise Forbidden("Members record only their own authorisations.")
    member = load_subject(actor, member_id)
    if member.kind != SubjectKind.MEMBER:
        raise ValidationFailed("Not a member.", {"member_id": ["Must be a member."]})
    return member


@use_case
def record_authorisation(actor: Actor, member_id: uuid.UUID, data: Mapping) -> dict:
    """Record that the member holds an authorisation; the register number is encrypted."""
    member = _member_from_path(actor, member_id, writing=True)
    if member.status == SubjectStatus.ERASED:  # its key is gone: the number could not be kept
        raise Conflict("The member was erased; no authorisation can be recorded.")
    authorisation = Authorisation(
        id=uuid.uuid4(), member_id=member.id, country=data["country"], kind=data["kind"],
        activity=data.get("activity") or "placement", valid_until=data.get("valid_until"),
        created_at=utcnow())
    seal_field(authorisation, "number", data["number"], owner_id=member.id)
    db.session.add(authorisation)
    db.session.flush()
    record_event(actor, "member_authorisation.recorded", "member_authorisation", authorisation.id,
                 {"member_id": str(member.id), "country": authorisation.country,
                  "kind": authorisation.kind})
    return _view(authorisation, data["number"].strip())


@use_case
def list_authorisations(actor: Actor, member_id: uuid.UUID) -> list[dict]:
    """A member's authorisations with their numbers (the decrypted read is audited; not for
    auditors)."""
    refuse_personal_data_to_auditors(actor.role)
    member = _member_from_path(actor, member_id, writing=False)
    rows = db.session.execute(
        select(Authorisation).where(Authorisation.member_id == member.id)
        .order_by(Authorisation.country, Authorisation.valid_until)
    ).scalars().all()
    record_event(actor, "member_authorisation.read", "subject", member.id,
                 {"fields": ["number"], "count": len(rows)})
    return [_view(row, _decrypt_number(row)) for row in rows]
