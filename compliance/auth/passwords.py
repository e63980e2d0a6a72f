"""Whether a password is good enough: long enough (rules.password_problems) and not guessable.

Guessability is zxcvbn's estimate (dictionaries of common passwords, names and words, keyboard
patterns, repeats, sequences, dates, l33t substitutions). NIST SP 800-63B §5.1.1.2: refuse
passwords found in lists of common or compromised ones, and those derived from the service or
the user's own name; no composition rules.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

from compliance.auth.rules import password_problems

#: zxcvbn scores 0..4; 3 = "safely unguessable: moderate protection from offline slow-hash attacks".
MIN_SCORE = 3
#: Words a password must not lean on: the service's own names.
SERVICE_WORDS = ("skillseek", "compliance", "gdpr", "privacy", "dpo", "admin", "password")


def password_errors(password: str, email: str | None = None) -> list[str]:
    """Why the password is refused (empty: accepted). Messages never repeat the password."""
    problems = password_problems(password)
    if problems:
        return problems
    hints = [*SERVICE_WORDS, *_email_words(email)]
    verdict = zxcvbn(password[:100], user_inputs=hints)  # zxcvbn slows down on long inputs
    if verdict["score"] < MIN_SCORE:
        warning = verdict["feedback"].get("warning") or "It follows a pattern that is easy to guess."
        problems.append(f"is too easy to guess: {warning.rstrip('.')}. Use a few unrelated words "
                        "or a password manager.")
    return problems


def _email_words(email: str | None) -> list[str]:
    if not email or "@" not in email:
        return []
    local, domain = email.lower().split("@", 1)
    return [local, *local.replace("-", ".").replace("_", ".").split("."), domain.split(".")[0]]
