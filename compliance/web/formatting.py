"""Template filters (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo


def time_left(seconds: int) -> str:
    """'1 d 05 h 12 min left' while running; 'overdue by 3 h 10 min' once past."""
    late = seconds < 0
    minutes = abs(int(seconds)) // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = ([f"{days} d"] if days else []) + [f"{hours:02d} h" if days else f"{hours} h",
                                              f"{minutes:02d} min"]
    text = " ".join(parts)
    return f"overdue by {text}" if late else f"{text} left"


def days_left(days: int) -> str:
    """'due today', 'in 3 days', '2 days overdue'."""
    if days == 0:
        return "due today"
    if days > 0:
        return f"in {days} day{'s' if days != 1 else ''}"
    return f"{-days} day{'s' if days != -1 else ''} overdue"


def local_time(value: datetime, zone: tzinfo) -> tuple[str, str, str]:
    """('29 Nov 2026 16:20 EET', '29 Nov 2026 14:20 UTC', ISO 8601 in UTC): the controller's
    clock to read, UTC for the hover, and the machine-readable instant.

    Naive values (SQLite returns them) are UTC, as everywhere in the service.
    """
    utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    local = utc.astimezone(zone)
    return local.strftime("%d %b %Y %H:%M %Z"), utc.strftime("%d %b %Y %H:%M UTC"), utc.isoformat()


FILTERS = {"time_left": time_left, "days_left": days_left}
