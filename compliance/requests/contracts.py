"""What request fulfilment needs from the other features, in one place.

consent, retention and placements are separate packages; each call below degrades to an empty
answer only when that package (or the named function) does not exist in this installation, and
says so through ``missing_features`` so the answer package can state what it could not include.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable
from typing import Any

CONSENT = "compliance.consent.services"
RETENTION = "compliance.retention.services"
PLACEMENTS = "compliance.placements.services"
EMPTY_PLACEMENTS = {"placements": [], "cv_submissions": [], "recipients": []}


def _function(module_name: str, name: str) -> Callable | None:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    return getattr(module, name, None)


def available(module_name: str, name: str) -> bool:
    return _function(module_name, name) is not None


def _call(module_name: str, name: str, default: Any, *args) -> Any:
    function = _function(module_name, name)
    return default if function is None else function(*args)


def consents_of(subject_id: uuid.UUID) -> list[dict]:
    """Every consent event with its proof (decrypted evidence)."""
    return list(_call(CONSENT, "export_subject_consents", [], subject_id))


def placements_of(subject_id: uuid.UUID) -> dict:
    """{"placements", "cv_submissions", "recipients"} for the subject."""
    found = _call(PLACEMENTS, "export_subject_placements", None, subject_id)
    return {**EMPTY_PLACEMENTS, **(found or {})}


def recipients_of(subject_id: uuid.UUID) -> list[dict]:
    """Named clients the subject's data went to (GDPR Art 15(1)(c), Art 19)."""
    return list(placements_of(subject_id)["recipients"])


def retained_records_of(subject_id: uuid.UUID) -> list[dict]:
    """Records kept under a legal obligation: [{"category", "count", "citation", "until"}]."""
    return list(_call(PLACEMENTS, "retained_records_for", [], subject_id))


def holds_on(subject_id: uuid.UUID) -> list:
    """Active legal holds (objects with id, reason, until), reasons decrypted for the message."""
    holds = list(_call(RETENTION, "active_holds", [], subject_id))
    with_reason = _function(RETENTION, "with_reason")
    return [with_reason(h) if with_reason and getattr(h, "reason", None) is None else h
            for h in holds]


def missing_features() -> list[str]:
    """Contracts absent from this installation (named in packages and outcomes)."""
    wanted = {
        "consents": (CONSENT, "export_subject_consents"),
        "placements": (PLACEMENTS, "export_subject_placements"),
        "retained_records": (PLACEMENTS, "retained_records_for"),
        "legal_holds": (RETENTION, "active_holds"),
    }
    return sorted(name for name, (module, fn) in wanted.items() if not available(module, fn))
