"""Read-only retention views for the dashboard: the schedule in force, legal holds across all
subjects, and the erasure log. Nothing personal is read: hold reasons stay encrypted (they are
shown, audited, on the subject's page) and the erasure log holds ids, rules and counts only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from compliance.extensions import db
from compliance.pagination import paginate
from compliance.policies import Policies
from compliance.retention.models import ErasureLogEntry, LegalHold
from compliance.retention.rules import ENFORCED, NOT_ENFORCED
from compliance.retention.services import hold_is_active


@dataclass(frozen=True)
class ScheduleRow:
    id: str
    description: str
    trigger: str
    period: str
    action: str
    citation: str
    overrides: tuple[tuple[str, str, str, bool], ...]  # (country, period, citation, verified)
    enforced: bool
    not_enforced_because: str | None


def schedule(policies: Policies) -> list[ScheduleRow]:
    """Every retention category with its country overrides and whether sweeps enforce it."""
    return [
        ScheduleRow(rule.id, rule.description, rule.trigger, str(rule.period), rule.action,
                    rule.legal_citation,
                    tuple((code, str(o.period), o.citation, o.verified)
                          for code, o in sorted(rule.country_overrides.items())),
                    rule.id in ENFORCED, NOT_ENFORCED.get(rule.id))
        for rule in policies.retention.values()
    ]


def holds_in_force(today: date, page: int, per_page: int) -> tuple[list[LegalHold], int]:
    """Holds protecting someone today, newest first, and the total."""
    condition = hold_is_active(today)
    query = select(LegalHold).where(condition).order_by(LegalHold.placed_at.desc(), LegalHold.id)
    return paginate(query, page, per_page)


def erasure_log(category: str, page: int, per_page: int) -> tuple[list[ErasureLogEntry], int]:
    """A page of the erasure log (newest first), optionally for one category, and the total."""
    conditions = [ErasureLogEntry.category == category] if category else []
    query = select(ErasureLogEntry).where(*conditions).order_by(
        ErasureLogEntry.acted_at.desc(), ErasureLogEntry.id.desc())
    return paginate(query, page, per_page)


def acted_since(started: datetime) -> dict[str, int]:
    """Erasure log entries per category written at or after ``started`` (a sweep's progress)."""
    rows = db.session.execute(select(ErasureLogEntry.category, func.count())
                              .where(ErasureLogEntry.acted_at >= started)
                              .group_by(ErasureLogEntry.category)).all()
    return dict(sorted(rows))
