"""Read-only breach views for the pages: the 72-hour clocks still running."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from compliance.breaches.models import Breach
from compliance.breaches.rules import BreachStatus, breach_clock
from compliance.extensions import db
from compliance.timeutil import as_utc


def running_breach_clocks(now: datetime) -> list[dict]:
    """Breaches not yet notified to the authority, most urgent first, with their 72-hour clock."""
    rows = db.session.execute(
        select(Breach.id, Breach.reference, Breach.aware_at, Breach.notify_by)
        .where(Breach.notified_at.is_(None), Breach.status == BreachStatus.OPEN,
               Breach.notify_decision.isnot(False))
        .order_by(Breach.notify_by).limit(20)
    ).all()
    clocks = []
    for row in rows:
        clock = breach_clock(as_utc(row.aware_at), now)
        clocks.append({"id": row.id, "reference": row.reference, "notify_by": clock.notify_by,
                       "seconds_left": clock.seconds_left, "state": clock.state.value})
    return clocks
