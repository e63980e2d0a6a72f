"""What an export selects: an optional period and a few exact filters, stated on the About sheet."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta

from compliance.errors import ValidationFailed


@dataclass(frozen=True, slots=True)
class ExportFilters:
    """Filters of one export. ``date_from``/``date_to`` are inclusive calendar dates in UTC."""

    date_from: date | None = None
    date_to: date | None = None
    purpose: str | None = None
    subject_id: uuid.UUID | None = None
    policy_number: str | None = None

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValidationFailed("The period is not valid.", {"to": ["is before from"]})

    def given(self) -> list[str]:
        """Names of the filters that were set."""
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]

    def start(self) -> datetime | None:
        """Start of the period as an aware UTC instant (inclusive), or None."""
        return datetime.combine(self.date_from, time.min, UTC) if self.date_from else None

    def end(self) -> datetime | None:
        """End of the period as an aware UTC instant (exclusive: the day after ``date_to``)."""
        return datetime.combine(self.date_to + timedelta(days=1), time.min, UTC) if self.date_to else None

    def scope_items(self) -> list[tuple[str, str]]:
        """The filters as (label, value) pairs for the About sheet and the audit trail."""
        period = f"{self.date_from or '…'} to {self.date_to or '…'} (UTC dates, inclusive)"
        items = [("period", period if self.date_from or self.date_to else "all")]
        items += [(name, str(getattr(self, name))) for name in ("purpose", "subject_id", "policy_number")
                  if getattr(self, name) is not None]
        return items


def within(column, filters: ExportFilters, *, as_dates: bool = False):
    """SQL conditions putting ``column`` (a datetime, or a date with ``as_dates``) in the period."""
    conditions = []
    if as_dates:
        if filters.date_from:
            conditions.append(column >= filters.date_from)
        if filters.date_to:
            conditions.append(column <= filters.date_to)
        return conditions
    if filters.date_from:
        conditions.append(column >= filters.start())
    if filters.date_to:
        conditions.append(column < filters.end())
    return conditions
