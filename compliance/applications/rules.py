"""Applications to vacancies and their outcome: the state machine (pure, no I/O).

An application runs until it has an outcome: the candidate was rejected (on a date, at a stage),
withdrew, or was placed. An outcome is final: a rejected application is not reopened (a new
application is recorded instead), so the rejected_candidate clock (policies/retention.yaml) that
starts at the rejection date cannot be reset by editing history.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from compliance.errors import Conflict, ValidationFailed


class ApplicationStatus(StrEnum):
    RUNNING = "running"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    PLACED = "placed"


class RejectionStage(StrEnum):
    """How far the application got before it was rejected (recorded with the rejection)."""

    SCREENING = "screening"
    INTERVIEW = "interview"
    ASSESSMENT = "assessment"
    OFFER = "offer"


OUTCOMES = (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.PLACED)
#: Status -> the outcomes it may move to. Every outcome is final.
TRANSITIONS: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    ApplicationStatus.RUNNING: frozenset(OUTCOMES),
    ApplicationStatus.REJECTED: frozenset(),
    ApplicationStatus.WITHDRAWN: frozenset(),
    ApplicationStatus.PLACED: frozenset(),
}


def check_outcome(current: str, outcome: str, on: date, applied_on: date, today: date,
                  stage: str | None) -> None:
    """Refuse an outcome the application cannot take: Conflict (409) or ValidationFailed (422)."""
    target = ApplicationStatus(outcome)
    if target not in TRANSITIONS[ApplicationStatus(current)]:
        raise Conflict(f"The application is already {current}; an outcome is final.")
    errors: dict[str, list[str]] = {}
    if on < applied_on:
        errors["on"] = ["Must not be before the application date."]
    elif on > today:
        errors["on"] = ["Must not be in the future."]
    if target is ApplicationStatus.REJECTED and stage is None:
        errors["stage"] = ["A rejection names the stage it happened at."]
    if target is not ApplicationStatus.REJECTED and stage is not None:
        errors["stage"] = ["Only a rejection has a stage."]
    if errors:
        raise ValidationFailed("The outcome cannot be recorded.", errors)
