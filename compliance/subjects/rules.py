"""What a valid data subject record is (pure)."""

from __future__ import annotations

import re
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


class ErasureAction(StrEnum):
    """What erasure leaves of a subject's own row (policies/retention.yaml ``action``)."""

    ERASE = "erase"          # a tombstone only: id, status, dates of erasure, reference
    ANONYMISE = "anonymise"  # also the non-identifying facts kept for statistics


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
