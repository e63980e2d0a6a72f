"""Time helpers: the service stores aware UTC datetimes everywhere."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Aware UTC datetime; naive values (SQLite returns them) are taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def controller_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def controller_today() -> date:
    """Today's calendar date in the controller's time zone."""
    return utcnow().astimezone(controller_zone()).date()

