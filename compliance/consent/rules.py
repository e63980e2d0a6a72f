"""Consent and lawfulness of processing (pure): the state of a consent and the verdict on a purpose.

Sources: GDPR Art 6(1) (lawful bases), Art 7 (conditions for consent), Art 8 (child's consent),
Art 18(2) (restriction: storage only, plus the exceptions a purpose declares: the subject's consent,
legal claims, another person's rights, important public interest), Art 21 (objection per purpose:
upheld after balancing under 21(1), at once for direct marketing under 21(2)-(3));
EDPB Guidelines 05/2020 §108 (proof) and §111 (refresh at intervals). A purpose that requires
another (candidate matching runs on the talent pool) is refused when that one is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
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
           "under_age_without_parental_consent", "unknown_purpose", "scope_required",
           "required_purpose_refused")
#: GDPR Art 18(2): what each restriction exception of a purpose lets go on while restricted.
RESTRICTION_EXCEPTIONS = {
    "legal_claims": "the establishment, exercise or defence of legal claims",
    "rights_of_others": "the protection of the rights of another natural or legal person",
    "public_interest": "reasons of important public interest of the Union or a member state",
    "subject_consent": "the data subject's consent given while restricted",
}

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
    objection: str = "not_applicable"  # absolute | balancing | not_applicable (Art 21)
    restriction: str = "storage_only"  # the Art 18(2) exception it relies on, if any


@dataclass(frozen=True)
class SubjectFacts:
    status: str  # active | restricted | erased
    objected_to: frozenset[str]  # purposes an objection stopped (upheld, or direct marketing)
    age: int | None  # None when the date of birth is unknown
    consent_age: int | None  # the member state's Art 8 age; None = unknown
    restricted_since: datetime | None = None  # when the current restriction began (aware)


@dataclass(frozen=True)
class ConsentFacts:
    """The latest event for (subject, purpose, scope) and what it granted."""

    last_action: str
    valid_until: date | None
    parental_consent: bool
    changed_at: datetime | None = None  # when that event happened (aware)


def age_on(birth: date, day: date) -> int:
    """Completed years on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def decide(purpose: PurposeFacts, subject: SubjectFacts, consent: ConsentFacts | None,
           on: date, scope_given: bool,
           required: Sequence[ProcessingVerdict] = ()) -> ProcessingVerdict:
    """The verdict for ``purpose`` on day ``on`` (see the module docstring for the sources).

    ``required`` holds the verdicts, for the same subject and client, of the purposes this one
    requires; the first refused one refuses this purpose too, and says why.
    """
    refusal = _status_refusal(purpose, subject) or _restriction_refusal(purpose, subject, consent)
    if refusal:
        return _refuse(purpose, *refusal)
    refused = next((verdict for verdict in required if not verdict.allowed), None)
    if refused is not None:
        return _refuse(purpose, "required_purpose_refused",
                       f"{purpose.name} runs only while {refused.purpose} is allowed, and it is "
                       f"not: {refused.message}")
    note = _restriction_note(purpose, subject)
    if not purpose.requires_consent:
        return ProcessingVerdict(True, purpose.id, purpose.lawful_basis, None, None,
                                 f"Allowed: {purpose.name} rests on Art 6(1)({purpose.lawful_basis})."
                                 f"{note}")
    if purpose.scoped_to_client and not scope_given:
        return _refuse(purpose, "scope_required",
                       f"{purpose.name} needs a consent naming the client; no client was given.")
    refusal = _consent_refusal(purpose, consent, on)
    if refusal:
        return _refuse(purpose, *refusal)
    refusal = _child_refusal(subject, consent)
    if refusal:
        return _refuse(purpose, *refusal)
    return ProcessingVerdict(True, purpose.id, purpose.lawful_basis, consent.valid_until, None,
                             f"Allowed: consent for {purpose.name} is valid until "
                             f"{consent.valid_until.isoformat()}.{_age_note(subject)}{note}")


def _refuse(purpose: PurposeFacts, reason: str, message: str) -> ProcessingVerdict:
    return ProcessingVerdict(False, purpose.id, purpose.lawful_basis, None, reason, message)


def _status_refusal(purpose: PurposeFacts, subject: SubjectFacts) -> tuple[str, str] | None:
    if subject.status == SubjectStatus.ERASED:
        return "erased", "The subject's data was erased."
    # GDPR Art 17(3)(b), (e): what an erasure kept serves the contract or the legal obligation only.
    if subject.status == SubjectStatus.PARTIALLY_ERASED and purpose.lawful_basis not in ("b", "c"):
        return "erased", ("The subject's data was erased except what a contract being performed or a "
                          "legal obligation keeps; it may serve only those.")
    if purpose.id in subject.objected_to:
        if purpose.objection == "absolute":
            return "objected", (f"The subject objected to {purpose.name}, which is direct marketing: "
                                "it stops, without balancing (Art 21(3)).")
        return "objected", (f"The subject objected to {purpose.name} and the objection was upheld "
                            "(Art 21(1)); this processing must stop.")
    return None


def _restriction_refusal(purpose: PurposeFacts, subject: SubjectFacts,
                         consent: ConsentFacts | None) -> tuple[str, str] | None:
    if subject.status != SubjectStatus.RESTRICTED:
        return None
    if purpose.restriction == "storage_only":
        return "restricted", (f"Processing is restricted (Art 18): the data may only be stored, and "
                              f"{purpose.name} relies on none of the Art 18(2) exceptions.")
    if purpose.restriction == "subject_consent" and not _given_while_restricted(consent, subject):
        return "restricted", (f"Processing is restricted (Art 18): {purpose.name} may go on only with "
                              "a consent given after the restriction began (Art 18(2)).")
    return None


def _given_while_restricted(consent: ConsentFacts | None, subject: SubjectFacts) -> bool:
    return (consent is not None and consent.last_action in GRANTING and consent.changed_at is not None
            and subject.restricted_since is not None and consent.changed_at > subject.restricted_since)


def _restriction_note(purpose: PurposeFacts, subject: SubjectFacts) -> str:
    if subject.status != SubjectStatus.RESTRICTED:
        return ""
    return (f" The subject's processing is restricted; Art 18(2) allows this purpose for "
            f"{RESTRICTION_EXCEPTIONS[purpose.restriction]}.")


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
