"""Consent and lawfulness of processing (pure): the state of a consent and the verdict on a purpose.

Sources: GDPR Art 6(1) (lawful bases), Art 7 (conditions for consent), Art 8 (child's consent),
Art 18 (restriction: store only), Art 21 (objection to Art 6(1)(f) and to direct marketing);
EDPB Guidelines 05/2020 §108 (proof) and §111 (refresh at intervals).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from compliance.subjects.rules import SubjectStatus


class ConsentAction(StrEnum):
    GRANT = "grant"
    WITHDRAW = "withdraw"
    EXPIRE = "expire"
    RENEW = "renew"


class ConsentStatus(StrEnum):
    """Where a consent stands today (derived from its last action and validity)."""

    GRANTED = "granted"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class LinkKind(StrEnum):
    """What an e-mailed one-time link offers."""

    RENEWAL = "renewal"        # renew or withdraw
    WITHDRAWAL = "withdrawal"  # withdraw only


class Channel(StrEnum):
    WEB_FORM = "web_form"
    EMAIL = "email"
    PHONE = "phone"
    API = "api"
    PAPER = "paper"


ACTIONS = tuple(a.value for a in ConsentAction)
CHANNELS = tuple(c.value for c in Channel)
GRANTING = frozenset({ConsentAction.GRANT, ConsentAction.RENEW})
#: GDPR Art 8(1): 16 unless the member state set a lower age (not below 13).
GDPR_DEFAULT_CONSENT_AGE = 16
# Refusal codes (stable; clients switch on them).
REASONS = ("restricted", "objected", "erased", "no_consent", "withdrawn", "expired",
           "under_age_without_parental_consent", "unknown_purpose", "scope_required")

_SPACES = re.compile(r"\s+")


def normalise_scope(name: str | None) -> str | None:
    """The comparable form of a client name: NFKC, collapsed white space, casefolded."""
    if name is None:
        return None
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()
    return text or None


@dataclass(frozen=True)
class ProcessingVerdict:
    """May we process this subject's data for this purpose? Explainable either way."""

    allowed: bool
    purpose: str
    lawful_basis: str | None
    valid_until: date | None
    reason: str | None
    message: str


@dataclass(frozen=True)
class PurposeFacts:
    id: str
    name: str
    lawful_basis: str
    requires_consent: bool
    scoped_to_client: bool
    direct_marketing: bool


@dataclass(frozen=True)
class SubjectFacts:
    status: str  # active | restricted | erased
    objected: bool
    age: int | None  # None when the date of birth is unknown
    consent_age: int | None  # the member state's Art 8 age; None = unknown


@dataclass(frozen=True)
class ConsentFacts:
    """The latest event for (subject, purpose, scope) and what it granted."""

    last_action: str
    valid_until: date | None
    parental_consent: bool


def age_on(birth: date, day: date) -> int:
    """Completed years on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def decide(purpose: PurposeFacts, subject: SubjectFacts, consent: ConsentFacts | None,
           on: date, scope_given: bool) -> ProcessingVerdict:
    """The verdict for ``purpose`` on day ``on`` (see the module docstring for the sources)."""
    refusal = _status_refusal(purpose, subject)
    if refusal:
        return _refuse(purpose, *refusal)
    if not purpose.requires_consent:
        return ProcessingVerdict(True, purpose.id, purpose.lawful_basis, None, None,
                                 f"Allowed: {purpose.name} rests on Art 6(1)({purpose.lawful_basis}).")
    if purpose.scoped_to_client and not scope_given:
        return _refuse(purpose, "scope_required",
                       f"{purpose.name} needs a consent naming the client; no client was given.")
    refusal = _consent_refusal(purpose, consent, on)
    if refusal:
        return _refuse(purpose, *refusal)
    refusal = _child_refusal(subject, consent)
    if refusal:
        return _refuse(purpose, *refusal)
    note = _age_note(subject)
    return ProcessingVerdict(True, purpose.id, purpose.lawful_basis, consent.valid_until, None,
                             f"Allowed: consent for {purpose.name} is valid until "
                             f"{consent.valid_until.isoformat()}.{note}")


def _refuse(purpose: PurposeFacts, reason: str, message: str) -> ProcessingVerdict:
    return ProcessingVerdict(False, purpose.id, purpose.lawful_basis, None, reason, message)


def _status_refusal(purpose: PurposeFacts, subject: SubjectFacts) -> tuple[str, str] | None:
    if subject.status == SubjectStatus.ERASED:
        return "erased", "The subject's data was erased."
    if subject.status == SubjectStatus.RESTRICTED and purpose.lawful_basis != "c":
        return "restricted", "Processing is restricted (Art 18): the data may only be stored."
    if subject.objected and (purpose.lawful_basis == "f" or purpose.direct_marketing):
        return "objected", "The subject objected (Art 21); this processing must stop."
    return None


def _consent_refusal(purpose: PurposeFacts, consent: ConsentFacts | None,
                     on: date) -> tuple[str, str] | None:
    if consent is None:
        return "no_consent", f"No consent for {purpose.name} was recorded."
    if consent.last_action == ConsentAction.WITHDRAW:
        return "withdrawn", f"Consent for {purpose.name} was withdrawn."
    if consent.last_action == ConsentAction.EXPIRE or (
            consent.valid_until is not None and consent.valid_until < on):
        return "expired", f"Consent for {purpose.name} expired; it must be renewed."
    return None


def consent_age(subject: SubjectFacts) -> int:
    return subject.consent_age or GDPR_DEFAULT_CONSENT_AGE


def _child_refusal(subject: SubjectFacts, consent: ConsentFacts) -> tuple[str, str] | None:
    threshold = consent_age(subject)
    if subject.age is not None and subject.age < threshold and not consent.parental_consent:
        return ("under_age_without_parental_consent",
                f"The subject is under {threshold} (Art 8{_age_source(subject)}); the consent "
                "needs parental consent evidence.")
    return None


def _age_source(subject: SubjectFacts) -> str:
    return "" if subject.consent_age else "; the state's age is unknown, GDPR default 16 applied"


def _age_note(subject: SubjectFacts) -> str:
    if subject.age is not None and subject.age < consent_age(subject):
        return f" Parental consent is on record (Art 8{_age_source(subject)})."
    return ""


def is_current_grant(consent: ConsentFacts | None, on: date) -> bool:
    """A grant or renewal that is neither withdrawn nor past its validity."""
    return (consent is not None and consent.last_action in GRANTING
            and (consent.valid_until is None or consent.valid_until >= on))
