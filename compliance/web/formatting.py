"""Template filters (pure)."""

from __future__ import annotations


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


FILTERS = {"time_left": time_left, "days_left": days_left}
