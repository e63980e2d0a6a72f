"""What a valid data subject record is (pure)."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Mapping
from datetime import date
from enum import StrEnum


class SubjectKind(StrEnum):
    CANDIDATE = "candidate"
    MEMBER = "member"
    CLIENT_CONTACT = "client_contact"


class SubjectStatus(StrEnum):
    ACTIVE = "active"
    RESTRICTED = "restricted"  # GDPR Art 18: store only
    ERASED = "erased"          # crypto-shredded; a tombstone remains
    # GDPR Art 17(3)(b), (e): erased except what an exemption keeps, readable for that purpose only
    PARTIALLY_ERASED = "partially_erased"


class ErasureAction(StrEnum):
    """What erasure leaves of a subject's own row (policies/retention.yaml ``action``)."""

    ERASE = "erase"          # a tombstone only: id, status, dates of erasure, reference
    ANONYMISE = "anonymise"  # also the non-identifying facts kept for statistics


#: Fields the service owns: the retention clock and the membership. Members never set them (they
#: would set their own candidates' retention clock); staff change them giving a reason code.
SERVER_OWNED_FIELDS = ("last_activity_at", "membership_start", "membership_end")


class ChangeReason(StrEnum):
    """Why staff changed a server-owned field (a code: the audit trail holds no free text)."""

    CORRECTION = "correction"                  # the stored value was wrong
    MEMBERSHIP_AGREED = "membership_agreed"
    MEMBERSHIP_RENEWED = "membership_renewed"
    MEMBERSHIP_ENDED = "membership_ended"
    ACTIVITY_RECORDED = "activity_recorded"    # contact or activity the service did not see
    DATA_MIGRATION = "data_migration"


CHANGE_REASONS = tuple(r.value for r in ChangeReason)
KINDS = tuple(k.value for k in SubjectKind)
STATUSES = tuple(s.value for s in SubjectStatus)
PERSONAL_FIELDS = ("name", "email", "phone", "date_of_birth")
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 ()./-]{5,24}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


def subject_problems(record: Mapping, today: date) -> dict[str, list[str]]:
    """Field -> problems for a complete subject record (after merging any update)."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if record.get("email") and not EMAIL_PATTERN.match(record["email"].strip()):
        add("email", "Not a valid email address.")
    if record.get("phone") and not PHONE_PATTERN.match(record["phone"].strip()):
        add("phone", "Not a valid phone number (digits, spaces, + ( ) - . / allowed).")
    dob = record.get("date_of_birth")
    if dob is not None and not date(1900, 1, 1) <= dob <= today:
        add("date_of_birth", "Must be between 1900-01-01 and today.")
    _membership_problems(record, add)
    return problems


def _membership_problems(record: Mapping, add) -> None:
    start, end = record.get("membership_start"), record.get("membership_end")
    if record.get("kind") != SubjectKind.MEMBER:
        for field in ("membership_start", "membership_end"):
            if record.get(field) is not None:
                add(field, "Only members have a membership.")
        return
    if start is None:
        add("membership_start", "A member needs the start of their membership.")
    if start is not None and end is not None and end < start:
        add("membership_end", "Must not be before membership_start.")


def membership_active_on(start: date | None, end: date | None, day: date) -> bool:
    """Annual membership: active from its start to its end, both inclusive."""
    return start is not None and start <= day and (end is None or day <= end)


# -- display references ------------------------------------------------------------------------
# Crockford's base 32: no I, L, O or U, so a reference read aloud or retyped survives.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_PREFIX = "SUB"
REFERENCE_LENGTH = 10  # 50 random bits: at 1M subjects a new one collides once in ~10^9
_TYPO_MAP = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_subject_reference() -> str:
    """A display reference such as ``SUB-7K4M2-Q9XHT``: random, so it reveals nothing (not the
    subject, not the time of registration the time-ordered ids carry)."""
    symbols = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return format_reference(symbols)


def format_reference(symbols: str) -> str:
    half = REFERENCE_LENGTH // 2
    return f"{REFERENCE_PREFIX}-{symbols[:half]}-{symbols[half:]}"


def _typed_symbols(text: str) -> str | None:
    # U is not in the alphabet, so a leading "SUB" is always the prefix, never symbols.
    symbols = "".join(ch for ch in text.upper() if ch.isalnum()).removeprefix(REFERENCE_PREFIX)
    symbols = symbols.translate(_TYPO_MAP)
    if len(symbols) > REFERENCE_LENGTH or any(ch not in REFERENCE_ALPHABET for ch in symbols):
        return None
    return symbols


def normalise_reference(text: str) -> str | None:
    """The reference a person typed, in its stored form (case, spaces, dashes, the prefix and
    I/L/O for 1/1/0 forgiven); None when it cannot be one."""
    symbols = _typed_symbols(text)
    if symbols is None or len(symbols) != REFERENCE_LENGTH:
        return None
    return format_reference(symbols)


def reference_prefix(text: str) -> str | None:
    """The start of a reference typed so far, in stored form ("sub 7k4" -> "SUB-7K4"); None
    when fewer than two symbols were typed or it cannot start a reference."""
    symbols = _typed_symbols(text)
    if symbols is None or len(symbols) < 2:
        return None
    if len(symbols) > REFERENCE_LENGTH // 2:
        return format_reference(symbols)
    return f"{REFERENCE_PREFIX}-{symbols}"


def normalise_full_name(name: str) -> str:
    """The form of a full name its blind index is computed from: accents, case, punctuation and
    spacing do not matter; the order of the words does ("Anu Mäe-Kask" = "anu mae kask")."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(letters.casefold().split())


def server_owned_problems(fields: set[str], is_member: bool, reason: str | None) -> tuple[int, dict]:
    """(status, field errors) for setting server-owned fields: (0, {}) when allowed.

    Members: 403 naming each field. Staff: 422 unless a reason code is given.
    """
    owned = sorted(set(SERVER_OWNED_FIELDS) & fields)
    if not owned:
        return 0, {}
    if is_member:
        return 403, {name: ["Set by the service; members cannot set or change it."] for name in owned}
    if reason not in CHANGE_REASONS:
        return 422, {"reason": [f"Required when changing {', '.join(owned)}: one of "
                                f"{', '.join(CHANGE_REASONS)}."]}
    return 0, {}
