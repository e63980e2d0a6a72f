"""Calendar months for monthly charts: the window of the last N months and the month of a
timestamp column in SQL (``YYYY-MM`` on PostgreSQL and SQLite alike)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func

from compliance.extensions import db

CHART_MONTHS = 12


def month_starts(today: date, months: int = CHART_MONTHS) -> list[date]:
    """First days of the last ``months`` months, oldest first, ending with the current month."""
    year, month = today.year, today.month
    starts = []
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def month_key(column):
    """The ``YYYY-MM`` of a timestamp column, in the dialect of the database in use."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def month_keys(starts: Iterable[date]) -> list[str]:
    return [f"{d.year:04d}-{d.month:02d}" for d in starts]
