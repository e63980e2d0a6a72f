"""Data subject registry use cases. Every decrypted read is audited in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select

from compliance.audit.services import Actor, record_event
from compliance.auth.models import User
from compliance.auth.rules import Role, refuse_personal_data_to_auditors
from compliance.errors import Conflict, Forbidden, NotFound, ValidationFailed
from compliance.extensions import db
from compliance.keystore.services import cipher_for, ciphers_for, create_cipher, keyring
from compliance.keystore.texts import decrypted_view, open_field
from compliance.pagination import paginate
from compliance.subjects.models import Subject
from compliance.subjects.rules import (
    PERSONAL_FIELDS,
    REFERENCE_PREFIX,
    SERVER_OWNED_FIELDS,
    ChangeReason,
    SubjectStatus,
    new_subject_reference,
    normalise_full_name,
    normalise_reference,
    reference_prefix,
    server_owned_problems,
    subject_problems,
)
from compliance.timeutil import as_utc, controller_today, utcnow
from compliance.transaction import use_case

TABLE = "subjects"


@dataclass(frozen=True)
class SubjectView:
    """A subject with its personal data decrypted (None once erased)."""

    id: uuid.UUID
    reference: str
    kind: str
    name: str | None
    email: str | None
    phone: str | None
    country: str
    date_of_birth: date | None
    source: str | None
    status: str
    created_at: datetime
    last_activity_at: datetime
    membership_start: date | None
    membership_end: date | None
    erased_at: datetime | None
    erasure_reference: str | None


def decrypt_subject(subject: Subject) -> SubjectView:
    """Decrypt without auditing: callers audit (``read_subject``) or export under their own event."""
    personal = {name: open_field(subject, name, owner_id=subject.id) for name in PERSONAL_FIELDS}
    if personal["date_of_birth"]:
        personal["date_of_birth"] = date.fromisoformat(personal["date_of_birth"])
    return decrypted_view(SubjectView, subject, **personal)


def encrypt_personal_fields(subject: Subject, cipher, data: Mapping) -> None:
    for name in PERSONAL_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, str):
                value = value.strip()
            setattr(subject, f"{name}_ciphertext", cipher.encrypt(TABLE, name, subject.id, value))
    if "email" in data:
        subject.email_index = keyring().blind_index(data["email"]) if data["email"] else None
    if "name" in data:
        subject.name_index = name_index(data["name"]) if data["name"] else None


def name_index(name: str) -> bytes:
    """The blind index of a full name (HMAC of its normalised form, like the e-mail index)."""
    return keyring().blind_index(normalise_full_name(name), kind="name")


@use_case
def register_subject(actor: Actor, data: Mapping) -> SubjectView:
    """Create a subject with its own data key; personal fields are stored encrypted."""
    problems = subject_problems(data, controller_today())
    if problems:
        raise ValidationFailed("The subject is not valid.", problems)
    given = {name for name in SERVER_OWNED_FIELDS if data.get(name) is not None}
    _guard_server_owned(actor, given, reason=ChangeReason.MEMBERSHIP_AGREED.value)
    subject = Subject(
        id=uuid.uuid4(), reference=new_subject_reference(),
        kind=data["kind"], country=data["country"], source=data.get("source"),
        status=SubjectStatus.ACTIVE, membership_start=data.get("membership_start"),
        membership_end=data.get("membership_end"),
        created_by_user_id=actor.user_id if actor.role == Role.MEMBER else None,
        created_at=utcnow(), last_activity_at=utcnow(),
    )
    encrypt_personal_fields(subject, create_cipher(subject.id), data)
    db.session.add(subject)
    db.session.flush()
    record_event(actor, "subject.created", "subject", subject.id,
                 {"kind": subject.kind, "country": subject.country})
    return decrypt_subject(subject)


def load_subject(actor: Actor, subject_id: uuid.UUID, *, for_update: bool = False) -> Subject:
    """The subject if the actor may see it. Members get 403 alike for others' and missing ones."""
    query = select(Subject).where(Subject.id == subject_id)
    if for_update:
        query = query.with_for_update()
    subject = db.session.execute(query).scalar_one_or_none()
    if actor.role == Role.MEMBER:
        if subject is None or not member_can_see(actor, subject):
            raise Forbidden("This subject is not among your records.")
    elif subject is None:
        raise NotFound("No such subject.")
    return subject


def member_can_see(actor: Actor, subject: Subject) -> bool:
    """A member sees the subjects they recorded, and their own member record."""
    return subject.created_by_user_id == actor.user_id or subject.id == _member_subject_id(actor)


def _member_subject_id(actor: Actor) -> uuid.UUID | None:
    user = db.session.get(User, actor.user_id) if actor.user_id else None
    return user.subject_id if user else None


@use_case
def read_subject(actor: Actor, subject_id: uuid.UUID, purpose: str = "api") -> SubjectView:
    """Decrypt one subject for the actor, and audit the read (never for auditors: 403)."""
    refuse_personal_data_to_auditors(actor.role)
    view = decrypt_subject(load_subject(actor, subject_id))
    record_event(actor, "subject.read", "subject", subject_id,
                 {"fields": list(PERSONAL_FIELDS), "via": purpose})
    return view


def _guard_server_owned(actor: Actor, fields: set[str], reason: str | None) -> None:
    status, problems = server_owned_problems(fields, actor.role == Role.MEMBER, reason)
    if status == 403:
        raise Forbidden("Members cannot set fields the service owns: " + ", ".join(problems) + ".",
                        problems)
    if status:
        raise ValidationFailed("Give the reason for changing a field the service owns.", problems)


@use_case
def update_subject(actor: Actor, subject_id: uuid.UUID, changes: Mapping) -> SubjectView:
    """Apply changes; the audit names the fields changed, never their values. Server-owned fields
    (retention clock, membership) are staff's only, with a reason code that the audit keeps."""
    changes = dict(changes)
    reason = changes.pop("reason", None)
    _guard_server_owned(actor, set(changes), reason)
    subject = load_subject(actor, subject_id)
    if subject.status == SubjectStatus.ERASED:
        raise Conflict("The subject was erased; there is nothing left to change.")
    current = decrypt_subject(subject)
    merged = {**current.__dict__, **changes}
    problems = subject_problems(merged, controller_today())
    if problems:
        raise ValidationFailed("The change is not valid.", problems)
    changed = sorted(k for k, v in changes.items() if _differs(getattr(current, k, None), v))
    if not changed:
        raise ValidationFailed("Nothing to change: every field given already has that value.",
                               {"_schema": ["No field differs from the stored record."]})
    encrypt_personal_fields(subject, cipher_for(subject.id),
                            {k: v for k, v in changes.items() if k in PERSONAL_FIELDS})
    for name in ("country", "source", "membership_start", "membership_end", "last_activity_at"):
        if name in changes:
            setattr(subject, name, changes[name])
    details = {"fields": changed}
    if set(changed) & set(SERVER_OWNED_FIELDS):
        details["reason"] = reason
    record_event(actor, "subject.updated", "subject", subject.id, details)
    return decrypt_subject(subject)


def _differs(old: object, new: object) -> bool:
    if isinstance(old, datetime) and isinstance(new, datetime):
        return as_utc(old) != as_utc(new)
    return old != new


@use_case
def find_subjects_by_email(actor: Actor, email: str) -> list[SubjectView]:
    """Exact lookup through the blind index (case- and white-space-insensitive); audited."""
    refuse_personal_data_to_auditors(actor.role)
    index = keyring().blind_index(email)
    query = select(Subject).where(Subject.email_index == index)
    query = _visible_to(actor, query)
    views = [decrypt_subject(s) for s in db.session.execute(query).scalars()]
    for view in views:
        record_event(actor, "subject.read", "subject", view.id,
                     {"fields": list(PERSONAL_FIELDS), "via": "email_lookup"})
    return views


@use_case
def find_subjects_by_name(actor: Actor, name: str) -> list[SubjectView]:
    """Exact full-name lookup through its blind index (accents, case, spacing forgiven); audited
    like the e-mail search: each match decrypted is a read in the trail."""
    refuse_personal_data_to_auditors(actor.role)
    query = _visible_to(actor, select(Subject).where(Subject.name_index == name_index(name)))
    views = [decrypt_subject(s) for s in db.session.execute(query.order_by(Subject.reference)).scalars()]
    for view in views:
        record_event(actor, "subject.read", "subject", view.id,
                     {"fields": list(PERSONAL_FIELDS), "via": "name_lookup"})
    return views


def find_subject_by_reference(actor: Actor, text: str) -> Subject | None:
    """The subject a typed reference names (forgiving case, dashes and I/L/O), if the actor may
    see it; nothing is decrypted."""
    reference = normalise_reference(text)
    if reference is None:
        return None
    query = _visible_to(actor, select(Subject).where(Subject.reference == reference))
    return db.session.execute(query).scalar_one_or_none()


@use_case
def index_subject_names(limit: int = 1000) -> int:
    """Fill the name blind index of up to ``limit`` subjects that have a name but no index yet
    (subjects registered before the index existed); returns how many were indexed."""
    rows = db.session.execute(
        select(Subject).where(Subject.name_index.is_(None), Subject.name_ciphertext.is_not(None),
                              Subject.status != SubjectStatus.ERASED).limit(limit)).scalars().all()
    ciphers = ciphers_for([s.id for s in rows])
    done = 0
    for subject in rows:
        if subject.id in ciphers:
            name = ciphers[subject.id].decrypt(TABLE, "name", subject.id, subject.name_ciphertext)
            if name:
                subject.name_index = name_index(name)
                done += 1
    return done


@use_case
def find_subjects(actor: Actor, text: str) -> list[SubjectView]:
    """What one search box finds: a display reference, else an exact e-mail address (it has an
    @), else an exact full name. Every match is decrypted and audited with how it was found."""
    refuse_personal_data_to_auditors(actor.role)
    if (reference := normalise_reference(text)) is not None:
        query = _visible_to(actor, select(Subject).where(Subject.reference == reference))
        views = [decrypt_subject(s) for s in db.session.execute(query).scalars()]
        for view in views:
            record_event(actor, "subject.read", "subject", view.id,
                         {"fields": list(PERSONAL_FIELDS), "via": "reference_lookup"})
        return views
    if "@" in text:
        return find_subjects_by_email(actor, text)
    return find_subjects_by_name(actor, text)


def suggest_references(actor: Actor, prefix: str, limit: int = 8) -> list[tuple[str, str, str]]:
    """(reference, kind, country) of subjects whose reference starts with what was typed so far:
    non-personal, so the picker can ask as the user types; nothing is decrypted or audited."""
    typed = reference_prefix(prefix) if prefix.strip().upper().startswith(REFERENCE_PREFIX + "-") else None
    if typed is None:
        return []
    query = _visible_to(actor, select(Subject.reference, Subject.kind, Subject.country)
                        .where(Subject.reference.startswith(typed, autoescape=True),
                               Subject.status != SubjectStatus.ERASED))
    return [tuple(row) for row in db.session.execute(query.order_by(Subject.reference).limit(limit))]


def references_of(subject_ids) -> dict[uuid.UUID, str]:
    """Display references for the given subject ids (one query; unknown ids are left out)."""
    ids = set()
    for value in subject_ids:
        try:
            ids.add(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))
        except ValueError:
            continue  # not a subject id (an audit event's object may be anything)
    if not ids:
        return {}
    rows = db.session.execute(select(Subject.id, Subject.reference).where(Subject.id.in_(ids)))
    return {row.id: row.reference for row in rows}


def list_subjects(actor: Actor, filters: Mapping, page: int, per_page: int) -> tuple[list, int]:
    """A page of subjects without personal data, newest first, and the total."""
    query = select(Subject)
    for name in ("kind", "status", "country"):
        if filters.get(name):
            query = query.where(getattr(Subject, name) == filters[name])
    query = _visible_to(actor, query)
    return paginate(query.order_by(Subject.created_at.desc(), Subject.id), page, per_page)


def _visible_to(actor: Actor, query):
    if actor.role != Role.MEMBER:
        return query
    own = _member_subject_id(actor)
    return query.where(or_(Subject.created_by_user_id == actor.user_id, Subject.id == own))
