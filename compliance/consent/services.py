"""Consent use cases: record events with proof, derive the current state, and the one check
every feature asks before processing: ``can_process`` / ``require_processing``."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import date

from sqlalchemy import select

from compliance.audit.services import Actor, record_event
from compliance.consent.models import ConsentEvent, ConsentState, PurposeObjection
from compliance.consent.rules import (
    GRANTING,
    ConsentAction,
    ConsentFacts,
    ConsentStatus,
    ProcessingVerdict,
    PurposeFacts,
    SubjectFacts,
    age_on,
    decide,
    normalise_scope,
)
from compliance.errors import Conflict, NotFound, ProcessingRefused, ValidationFailed
from compliance.extensions import db
from compliance.keystore.services import KeyShredded, cipher_for, keyring
from compliance.policies import Purpose
from compliance.policy_context import current_policies
from compliance.requests.objection_rules import ObjectionDecision
from compliance.subjects.models import Subject
from compliance.subjects.rules import SubjectStatus
from compliance.subjects.services import load_subject
from compliance.timeutil import as_utc, controller_today, utcnow
from compliance.transaction import use_case

TABLE = "consent_events"
SCOPE_INDEX_KIND = "consent_scope"


def scope_key(scope: str | None) -> str:
    """Blind index (hex) of the normalised client name; "" without a client."""
    normalised = normalise_scope(scope)
    return keyring().blind_index(normalised, kind=SCOPE_INDEX_KIND).hex() if normalised else ""


def find_purpose(purpose_id: str) -> Purpose | None:
    return current_policies().purposes.get(purpose_id)


def purpose_facts(purpose: Purpose) -> PurposeFacts:
    return PurposeFacts(purpose.id, purpose.name, purpose.lawful_basis, purpose.requires_consent,
                        purpose.scoped_to_client, purpose.direct_marketing, purpose.objection,
                        purpose.restriction)


def can_process(subject_id: uuid.UUID, purpose_id: str, scope: str | None = None, *,
                on: date | None = None) -> ProcessingVerdict:
    """May the subject's data be processed for ``purpose_id`` (for client ``scope``) on ``on``?

    The purposes it requires (policies/purposes.yaml ``requires``) are decided first, for the same
    client where both are given per client. Reads only; never commits. NotFound if the subject
    does not exist.
    """
    purpose = find_purpose(purpose_id)
    if purpose is None:
        return ProcessingVerdict(False, purpose_id, None, None, "unknown_purpose",
                                 f"Unknown purpose {purpose_id!r}; see policies/purposes.yaml.")
    subject = db.session.get(Subject, subject_id)
    if subject is None:
        raise NotFound("No such subject.")
    on = on or controller_today()
    required = [can_process(subject_id, other, scope, on=on) for other in purpose.requires]
    facts = _subject_facts(subject, on, need_age=purpose.requires_consent)
    key = scope_key(scope) if purpose.scoped_to_client else ""
    return decide(purpose_facts(purpose), facts, current_consent(subject_id, purpose.id, key), on,
                  scope_given=bool(key), required=required)


def require_processing(subject_id: uuid.UUID, purpose_id: str,
                       scope: str | None = None) -> ProcessingVerdict:
    """The allowing verdict, or ProcessingRefused (422) carrying the reason code."""
    verdict = can_process(subject_id, purpose_id, scope)
    if not verdict.allowed:
        raise ProcessingRefused(verdict.message, {"purpose": [verdict.message]}, reason=verdict.reason)
    return verdict


def _subject_facts(subject: Subject, on: date, need_age: bool) -> SubjectFacts:
    policies = current_policies()
    state_age = None
    if policies.is_eea(subject.country):
        state_age = policies.member_state(subject.country).age_of_digital_consent.value
    birth = _date_of_birth(subject) if need_age and subject.status != SubjectStatus.ERASED else None
    restricted = as_utc(subject.restricted_at) if subject.restricted_at else None
    return SubjectFacts(subject.status, objected_purposes(subject),
                        age_on(birth, on) if birth else None, state_age, restricted)


def objected_purposes(subject: Subject) -> frozenset[str]:
    """Purposes an upheld objection stopped for the subject (GDPR Art 21), one by one."""
    return frozenset(db.session.execute(select(PurposeObjection.purpose).distinct().where(
        PurposeObjection.subject_id == subject.id,
        PurposeObjection.decision == ObjectionDecision.UPHELD)).scalars())


def _date_of_birth(subject: Subject) -> date | None:
    try:
        text = cipher_for(subject.id).decrypt("subjects", "date_of_birth", subject.id,
                                              subject.date_of_birth_ciphertext)
    except KeyShredded:
        return None
    return date.fromisoformat(text) if text else None


def current_consent(subject_id: uuid.UUID, purpose_id: str, key: str) -> ConsentFacts | None:
    state = consent_state(subject_id, purpose_id, key)
    if state is None:
        return None
    changed_at = as_utc(state.changed_at) if state.changed_at else None
    return ConsentFacts(state.last_action, state.valid_until, state.parental_consent, changed_at)


def purposes_consented(subject_id: uuid.UUID, on: date) -> frozenset[str]:
    """Consent purposes with a grant or renewal in force for the subject on ``on`` (any client)."""
    rows = db.session.execute(select(ConsentState.purpose, ConsentState.valid_until).where(
        ConsentState.subject_id == subject_id,
        ConsentState.last_action.in_([a.value for a in GRANTING]))).all()
    return frozenset(purpose for purpose, until in rows if until is None or until >= on)


def consent_state(subject_id: uuid.UUID, purpose_id: str, key: str) -> ConsentState | None:
    return db.session.execute(
        select(ConsentState).where(ConsentState.subject_id == subject_id,
                                   ConsentState.purpose == purpose_id, ConsentState.scope_key == key)
    ).scalar_one_or_none()


def append_event(actor: Actor, subject: Subject, purpose: Purpose, action: str, *,
                 scope: str | None, channel: str, notice_version: str | None,
                 evidence: Mapping | None) -> ConsentEvent:
    """Add one ledger event and move the derived state with it (flushes; the caller commits)."""
    key = scope_key(scope) if purpose.scoped_to_client else ""
    notice = _notice(purpose, notice_version) if action in GRANTING else None
    evidence = dict(evidence or {})
    event = ConsentEvent(
        id=uuid.uuid4(), subject_id=subject.id, purpose=purpose.id, scope_key=key, action=action,
        occurred_at=utcnow(), channel=channel, collected_by=actor.ref,
        notice_id=notice.notice_id if notice else None,
        notice_version=notice.version if notice else None,
        notice_sha256=notice.sha256 if notice else None,
        parental_consent=bool(evidence.get("parental_consent")) and notice is not None,
        policy_version=current_policies().version)
    if notice is not None:
        event.valid_until = purpose.consent_validity.add_to(controller_today())
    cipher = cipher_for(subject.id)
    if key:
        event.scope_ciphertext = cipher.encrypt(TABLE, "scope", event.id, scope.strip())
    if evidence:
        event.evidence_ciphertext = cipher.encrypt(TABLE, "evidence", event.id,
                                                   json.dumps(evidence, sort_keys=True, default=str))
    db.session.add(event)
    _move_state(event)
    db.session.flush()
    return event


def _notice(purpose: Purpose, version: str | None):
    version = version or purpose.notice_version
    try:
        return current_policies().notice(purpose.notice_id, version)
    except KeyError:
        raise ValidationFailed("The notice version is not known.", {
            "notice_version": [f"No notice {purpose.notice_id}/{version} in the policy data."]}) from None


def _move_state(event: ConsentEvent) -> None:
    state = consent_state(event.subject_id, event.purpose, event.scope_key)
    if state is None:
        state = ConsentState(id=uuid.uuid4(), subject_id=event.subject_id, purpose=event.purpose,
                             scope_key=event.scope_key)
        db.session.add(state)
    state.last_event_id, state.last_action, state.changed_at = event.id, event.action, event.occurred_at
    if event.action in GRANTING:
        state.valid_until, state.parental_consent = event.valid_until, event.parental_consent


def event_record(event: ConsentEvent, cipher) -> dict:
    """One event as JSON-serialisable proof (evidence and client decrypted when the key exists)."""
    scope = evidence = None
    if cipher is not None:
        scope = cipher.decrypt(TABLE, "scope", event.id, event.scope_ciphertext)
        raw = cipher.decrypt(TABLE, "evidence", event.id, event.evidence_ciphertext)
        evidence = json.loads(raw) if raw else None
    return {
        "id": str(event.id), "purpose": event.purpose, "action": event.action, "scope": scope,
        "occurred_at": as_utc(event.occurred_at).isoformat(),
        "valid_until": event.valid_until.isoformat() if event.valid_until else None,
        "channel": event.channel, "collected_by": event.collected_by,
        "notice_id": event.notice_id, "notice_version": event.notice_version,
        "notice_sha256": event.notice_sha256, "parental_consent": event.parental_consent,
        "evidence": evidence, "policy_version": event.policy_version,
    }


def subject_events(subject_id: uuid.UUID) -> list[ConsentEvent]:
    return list(db.session.execute(
        select(ConsentEvent).where(ConsentEvent.subject_id == subject_id)
        .order_by(ConsentEvent.occurred_at, ConsentEvent.id)).scalars())


def export_subject_consents(subject_id: uuid.UUID) -> list[dict]:
    """Every consent event of the subject with its proof, oldest first; [] if none. No commit."""
    events = subject_events(subject_id)
    if not events:
        return []
    try:
        cipher = cipher_for(subject_id)
    except KeyShredded:
        cipher = None
    return [event_record(event, cipher) for event in events]


def audit_consent_event(actor: Actor, event: ConsentEvent) -> None:
    record_event(actor, f"consent.{event.action}", "subject", event.subject_id, {
        "event_id": str(event.id), "purpose": event.purpose, "channel": event.channel,
        "scoped": bool(event.scope_key), "notice_version": event.notice_version})


@use_case
def record_consent(actor: Actor, subject_id: uuid.UUID, data: Mapping) -> dict:
    """Grant, renew or withdraw a consent with its proof; a grant or renewal counts as activity.

    Returns the event as proof (see ``event_record``)."""
    subject = load_subject(actor, subject_id)
    if subject.status == SubjectStatus.ERASED:
        raise Conflict("The subject was erased; no consent can be recorded.")
    purpose = _consent_purpose(data["purpose"], data.get("scope"))
    key = scope_key(data.get("scope")) if purpose.scoped_to_client else ""
    check_transition(current_consent(subject.id, purpose.id, key), data["action"])
    event = append_event(actor, subject, purpose, data["action"], scope=data.get("scope"),
                         channel=data["channel"], notice_version=data.get("notice_version"),
                         evidence=data.get("evidence"))
    if event.action in GRANTING:
        subject.last_activity_at = event.occurred_at
    audit_consent_event(actor, event)
    return event_record(event, cipher_for(subject.id))


def check_processing(actor: Actor, subject_id: uuid.UUID, purpose_id: str,
                     scope: str | None = None) -> ProcessingVerdict:
    """``can_process`` for a caller who may see the subject (members: their own)."""
    load_subject(actor, subject_id)
    return can_process(subject_id, purpose_id, scope)


def _consent_purpose(purpose_id: str, scope: str | None) -> Purpose:
    purpose = find_purpose(purpose_id)
    if purpose is None or not purpose.requires_consent:
        raise ValidationFailed("This purpose does not rest on consent.", {
            "purpose": ["Not a consent purpose in policies/purposes.yaml."]})
    if purpose.scoped_to_client and not normalise_scope(scope):
        raise ValidationFailed("This consent names a client.", {"scope": ["The client is required."]})
    if not purpose.scoped_to_client and scope:
        raise ValidationFailed("This consent is not given per client.", {
            "scope": ["Leave empty: the purpose is not scoped to a client."]})
    return purpose


def check_transition(current: ConsentFacts | None, action: str) -> None:
    """Withdraw and renew need a consent to act on; a withdrawn one must be granted anew."""
    if action == ConsentAction.WITHDRAW and (current is None or current.last_action not in GRANTING):
        raise Conflict("There is no current consent to withdraw.")
    if action == ConsentAction.RENEW and (current is None or current.last_action == ConsentAction.WITHDRAW):
        raise Conflict("Only a granted or expired consent can be renewed; grant it anew instead.")


@use_case
def consent_overview(actor: Actor, subject_id: uuid.UUID) -> dict:
    """Current state per purpose and client, plus the full history with proof (audited read)."""
    load_subject(actor, subject_id)
    history = export_subject_consents(subject_id)
    by_id = {record["id"]: record for record in history}
    today = controller_today()
    states = db.session.execute(select(ConsentState).where(ConsentState.subject_id == subject_id)
                                .order_by(ConsentState.purpose)).scalars()
    current = [{
        "purpose": s.purpose, "scope": by_id[str(s.last_event_id)]["scope"] if s.scope_key else None,
        "status": state_status(s.last_action, s.valid_until, today), "valid_until": s.valid_until,
        "changed_at": as_utc(s.changed_at), "parental_consent": s.parental_consent,
    } for s in states]
    record_event(actor, "consent.read", "subject", subject_id, {"events": len(history)})
    return {"subject_id": subject_id, "current": current, "history": history}


def state_status(last_action: str, valid_until: date | None, today: date) -> ConsentStatus:
    if last_action == ConsentAction.WITHDRAW:
        return ConsentStatus.WITHDRAWN
    if last_action == ConsentAction.EXPIRE or (valid_until is not None and valid_until < today):
        return ConsentStatus.EXPIRED
    return ConsentStatus.GRANTED
