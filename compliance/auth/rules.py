"""Roles and what each may do (pure)."""

from __future__ import annotations

from enum import StrEnum
from urllib.parse import urlsplit

from compliance.errors import Forbidden


class Role(StrEnum):
    DPO = "dpo"          # data protection officer: everything
    ADMIN = "admin"      # operations: everything but is a named role for separation of duties
    MEMBER = "member"    # an independent recruiter: only what they submitted
    AUDITOR = "auditor"  # read-only: registers, exports, audit trail


ROLES = tuple(r.value for r in Role)
STAFF = frozenset({Role.DPO, Role.ADMIN})
READERS = frozenset({Role.DPO, Role.ADMIN, Role.AUDITOR})

MIN_PASSWORD_LENGTH = 12

#: What an auditor is told when asking for decrypted personal data (the web shows them the same).
AUDITOR_REFUSAL = ("Auditors see registers, counts and pseudonymous references, never decrypted "
                   "personal data. Ask the DPO, or use the exports made for auditors.")


def refuse_personal_data_to_auditors(role: str | None) -> None:
    """403 for an auditor asking for decrypted personal fields (separation of duties: ISO 27001
    A.5.15/A.8.3, GDPR Art 25(2) and 32(4): access limited to those who need it)."""
    if role == Role.AUDITOR:
        raise Forbidden(AUDITOR_REFUSAL)


def sign_in_backoff(failures: int, free: int, base_seconds: int, max_seconds: int) -> int:
    """Seconds an account refuses sign-ins after ``failures`` wrong passwords in a row.

    The first ``free`` failures cost nothing (typos); each one after doubles the wait, from
    ``base_seconds`` up to ``max_seconds``, so guessing one account's password gets slower and
    slower while its owner is kept out for minutes at most.
    """
    over = failures - free
    if over <= 0:
        return 0
    return min(max_seconds, base_seconds * 2 ** min(over - 1, 32))


def password_problems(password: str) -> list[str]:
    """Reasons a password is unacceptable (NIST SP 800-63B: length over composition rules)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"must be at least {MIN_PASSWORD_LENGTH} characters")
    if password.strip() != password:
        problems.append("must not begin or end with white space")
    return problems


def is_safe_next(target: str) -> bool:
    """A path on this site to go to after signing in: relative, no scheme, no host.

    Browsers drop tabs and newlines and read ``\\`` as ``/``, so ``/%09/evil.example`` and
    ``/\\evil.example`` would lead off-site: any control character, white space or back slash
    refuses the target.
    """
    if not target.startswith("/") or target.startswith("//"):
        return False
    if any(ch <= " " or ch in "\\\x7f" for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
