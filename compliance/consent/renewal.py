"""Renewal and withdrawal by e-mail (signed one-time links), listing what expires soon, and expiry.

No answer by the end of validity = expired (EDPB Guidelines 05/2020 §111; market practice).
Links are signed with SECRET_KEY (itsdangerous) and carry only a link id; the link row records
its use, so a link works once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import and_, insert, select, update

from compliance.audit.services import PUBLIC_ACTOR, Actor, record_event
from compliance.auth.rules import Role
from compliance.consent import services
from compliance.consent.models import ConsentEvent, ConsentLink, ConsentState
from compliance.consent.rules import GRANTING, ConsentAction, LinkKind
from compliance.errors import Conflict, ValidationFailed
from compliance.extensions import db
from compliance.mail import send_mail
from compliance.pagination import paginate
from compliance.policies import Purpose
from compliance.policy_context import current_policies
from compliance.subjects.models import Subject
from compliance.subjects.rules import SubjectStatus
from compliance.subjects.services import decrypt_subject, load_subject
from compliance.timeutil import controller_today, utcnow
from compliance.transaction import unit_of_work, use_case

LINK_SALT = "compliance.consent-link"
EXPIRY_ACTOR = Actor("system:consent-expiry")
#: Default window for "expiring soon" (market practice: reminders 30 days before expiry).
RENEWAL_WINDOW_DAYS = 30
LINK_ACTIONS = {LinkKind.RENEWAL: (ConsentAction.RENEW, ConsentAction.WITHDRAW),
                LinkKind.WITHDRAWAL: (ConsentAction.WITHDRAW,)}


class LinkInvalid(Conflict):
    """The link is forged, too old or already used."""


@dataclass(frozen=True)
class LinkView:
    link_id: uuid.UUID
    purpose: str
    purpose_name: str
    actions: tuple[str, ...]
    notice_text: str
    valid_until: date | None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=LINK_SALT)


def _link_url(link: ConsentLink) -> str:
    token = _serializer().dumps(str(link.id))
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/consent/l/{token}"


def send_consent_link(actor: Actor, subject_id: uuid.UUID, purpose_id: str, scope: str | None,
                      kind: str) -> dict:
    """E-mail the subject a one-time link to renew or withdraw (kind "renewal") or to withdraw."""
    with unit_of_work():  # the link exists before the mail that carries it is sent
        link, email, purpose, state = _stage_link(actor, subject_id, purpose_id, scope, kind)
        url = _link_url(link)
    message_id = send_mail(email, _mail_subject(kind, purpose.name), _mail_body(kind, purpose, state, url))
    return {"link_id": link.id, "message_id": message_id}


def _stage_link(actor: Actor, subject_id: uuid.UUID, purpose_id: str, scope: str | None,
                kind: str) -> tuple[ConsentLink, str, Purpose, ConsentState]:
    subject = load_subject(actor, subject_id)
    purpose = services.find_purpose(purpose_id)
    key = services.scope_key(scope) if purpose and purpose.scoped_to_client else ""
    state = services.consent_state(subject.id, purpose_id, key) if purpose else None
    if state is None or state.last_action not in GRANTING:
        raise Conflict("There is no current consent for this purpose and client.")
    email = decrypt_subject(subject).email
    if not email:
        raise ValidationFailed("The subject has no e-mail address.", {"email": ["Missing."]})
    link = ConsentLink(id=uuid.uuid4(), subject_id=subject.id, purpose=purpose.id, scope_key=key,
                       kind=kind, created_at=utcnow())
    db.session.add(link)
    db.session.flush()
    record_event(actor, f"consent.{kind}_link_sent", "subject", subject.id,
                 {"link_id": str(link.id), "purpose": purpose.id, "scoped": bool(key)})
    return link, email, purpose, state


def _mail_subject(kind: str, name: str) -> str:
    return f"Please renew or withdraw your consent: {name}" if kind == LinkKind.RENEWAL \
        else f"Withdraw your consent: {name}"


def _mail_body(kind: str, purpose, state: ConsentState, url: str) -> str:
    first = (f"Your consent for \"{purpose.name}\" ends on {state.valid_until.isoformat()}.\n"
             "If you do not answer, it expires on that day and we stop this processing.\n\n"
             if kind == LinkKind.RENEWAL else f"You can withdraw your consent for \"{purpose.name}\".\n\n")
    return first + f"Open this link (it works once):\n{url}\n"


def open_link(token: str) -> LinkView:
    """What the link offers; LinkInvalid when forged, too old or already used."""
    link = _link_for(token)
    purpose = current_policies().purposes[link.purpose]
    notice = current_policies().notice(purpose.notice_id, purpose.notice_version)
    state = services.consent_state(link.subject_id, link.purpose, link.scope_key)
    return LinkView(link.id, purpose.id, purpose.name, LINK_ACTIONS[link.kind], notice.text,
                    state.valid_until if state else None)


def _link_for(token: str) -> ConsentLink:
    max_age = int(current_app.config["CONSENT_LINK_MAX_AGE_DAYS"]) * 86400
    try:
        link_id = uuid.UUID(_serializer().loads(token, max_age=max_age))
    except SignatureExpired:
        raise LinkInvalid("This link is too old; ask for a new one.") from None
    except (BadSignature, ValueError, TypeError):
        raise LinkInvalid("This link is not valid.") from None
    link = db.session.get(ConsentLink, link_id)
    if link is None or link.used_at is not None:
        raise LinkInvalid("This link was already used.")
    return link


@use_case
def use_link(token: str, action: str, evidence: Mapping) -> ConsentEvent:
    """Renew or withdraw through the link, once: the used marker is set in the same transaction."""
    link = _link_for(token)
    if action not in LINK_ACTIONS[link.kind]:
        raise ValidationFailed("This link does not offer that.", {"action": ["Not offered."]})
    claimed = db.session.execute(update(ConsentLink).where(
        ConsentLink.id == link.id, ConsentLink.used_at.is_(None)).values(used_at=utcnow(), used_for=action))
    if claimed.rowcount != 1:
        raise LinkInvalid("This link was already used.")
    subject = db.session.get(Subject, link.subject_id)
    state = services.consent_state(link.subject_id, link.purpose, link.scope_key)
    services.check_transition(services.current_consent(subject.id, link.purpose, link.scope_key), action)
    event = services.append_event(
        PUBLIC_ACTOR, subject, services.find_purpose(link.purpose), action,
        scope=_scope_of(state), channel="web_form", notice_version=None,
        evidence={**evidence, "form_id": f"consent-link:{link.id}"})
    if action == ConsentAction.RENEW:
        subject.last_activity_at = event.occurred_at
    services.audit_consent_event(PUBLIC_ACTOR, event)
    return event


def _scope_of(state: ConsentState) -> str | None:
    if not state.scope_key:
        return None
    last = db.session.get(ConsentEvent, state.last_event_id)
    return services.event_record(last, services.cipher_for(state.subject_id))["scope"]


def expiring_query(on: date, within_days: int):
    """Current grants whose validity ends within ``within_days`` of ``on`` (set-based)."""
    return select(ConsentState).join(Subject, Subject.id == ConsentState.subject_id).where(
        ConsentState.last_action.in_(tuple(GRANTING)), Subject.status != SubjectStatus.ERASED,
        ConsentState.valid_until >= on, ConsentState.valid_until <= on + timedelta(days=within_days))


def list_expiring(actor: Actor, within_days: int, page: int = 1, per_page: int = 100,
                  on: date | None = None) -> tuple[list[ConsentState], int]:
    """A page of consents expiring soon (no personal data), soonest first, and the total."""
    query = expiring_query(on or controller_today(), within_days)
    if actor.role == Role.MEMBER:
        query = query.where(Subject.created_by_user_id == actor.user_id)
    return paginate(query.order_by(ConsentState.valid_until, ConsentState.id), page, per_page)


def expire_consents(on: date | None = None, batch_size: int = 1000,
                    progress: Callable[[int], None] | None = None) -> int:
    """Write an ``expire`` event for every grant past its validity, a batch per commit."""
    on, done = on or controller_today(), 0
    due = and_(ConsentState.last_action.in_(tuple(GRANTING)), ConsentState.valid_until < on)
    while True:
        states = db.session.execute(select(ConsentState).where(due).limit(batch_size)).scalars().all()
        if not states:
            return done
        _expire_batch(states)
        done += len(states)
        if progress:
            progress(len(states))


@use_case
def _expire_batch(states: list[ConsentState]) -> None:
    now, version = utcnow(), current_policies().version
    rows = [{"id": uuid.uuid4(), "subject_id": s.subject_id, "purpose": s.purpose,
             "scope_key": s.scope_key, "action": ConsentAction.EXPIRE, "occurred_at": now,
             "channel": "system",
             "collected_by": EXPIRY_ACTOR.ref, "parental_consent": False, "policy_version": version}
            for s in states]
    db.session.execute(insert(ConsentEvent), rows)
    for state, row in zip(states, rows, strict=True):
        state.last_action, state.last_event_id, state.changed_at = ConsentAction.EXPIRE, row["id"], now
    record_event(EXPIRY_ACTOR, "consent.expired", None, None, {"count": len(states)})


def remind_expiring(actor: Actor, within_days: int, on: date | None = None) -> int:
    """Send a renewal request for each consent expiring soon that has no open renewal link yet."""
    open_link_exists = select(ConsentLink.id).where(
        ConsentLink.subject_id == ConsentState.subject_id, ConsentLink.purpose == ConsentState.purpose,
        ConsentLink.scope_key == ConsentState.scope_key, ConsentLink.kind == LinkKind.RENEWAL,
        ConsentLink.used_at.is_(None), ConsentLink.created_at >= ConsentState.changed_at).exists()
    query = expiring_query(on or controller_today(), within_days).where(~open_link_exists)
    sent = 0
    for state in db.session.execute(query).scalars().all():
        try:
            send_consent_link(actor, state.subject_id, state.purpose, _scope_of(state), LinkKind.RENEWAL)
            sent += 1
        except ValidationFailed:  # no e-mail address: listed, but nobody to ask
            continue
    return sent

