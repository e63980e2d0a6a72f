"""Read-only aggregates for the overview. Every count is a filtered COUNT on indexed columns (or a
small table); nothing here loads rows it does not show, and nothing here writes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, select

from compliance.audit.models import AuditHead
from compliance.breaches.models import Breach
from compliance.breaches.rules import breach_clock
from compliance.consent.models import ConsentEvent, ConsentState
from compliance.extensions import db
from compliance.requests.models import SubjectRequest
from compliance.requests.rules import DUE_SOON_DAYS, OPEN_STATUSES
from compliance.retention.models import LegalHold
from compliance.timeutil import as_utc

OPEN = sorted(s.value for s in OPEN_STATUSES)
EXPIRY_WINDOW_DAYS = 30
CHART_MONTHS = 12


def request_counts(today: date) -> dict:
    """Open requests by status, and those due within 7 days, overdue or extended.

    One pass over the open requests only (index on status): closed history never gets read.
    """
    due_soon = SubjectRequest.due_date.between(today, today + timedelta(days=DUE_SOON_DAYS))
    rows = db.session.execute(
        select(SubjectRequest.status, func.count(),
               func.count().filter(due_soon), func.count().filter(SubjectRequest.due_date < today),
               func.count().filter(SubjectRequest.extended.is_(True)))
        .where(SubjectRequest.status.in_(OPEN)).group_by(SubjectRequest.status)
    ).all()
    by_status = {status: count for status, count, *_ in rows}
    return {
        "by_status": {status: by_status.get(status, 0) for status in OPEN},
        "open": sum(by_status.values()),
        "due_soon": sum(r[2] for r in rows), "overdue": sum(r[3] for r in rows),
        "extended": sum(r[4] for r in rows),
    }


def consents_expiring(today: date) -> int:
    """Granted consents whose validity ends within the next 30 days (renewal due)."""
    return db.session.scalar(select(func.count()).select_from(ConsentState).where(
        ConsentState.valid_until.between(today, today + timedelta(days=EXPIRY_WINDOW_DAYS)),
        ConsentState.last_action.in_(("grant", "renew")),
    )) or 0


def active_holds(today: date) -> int:
    return db.session.scalar(select(func.count()).select_from(LegalHold).where(
        LegalHold.released_at.is_(None),
        (LegalHold.until.is_(None)) | (LegalHold.until >= today),
    )) or 0


def running_breach_clocks(now: datetime) -> list[dict]:
    """Breaches not yet notified to the authority, most urgent first, with their 72-hour clock."""
    rows = db.session.execute(
        select(Breach.id, Breach.reference, Breach.aware_at, Breach.notify_by)
        .where(Breach.notified_at.is_(None), Breach.status == "open", Breach.notify_decision.isnot(False))
        .order_by(Breach.notify_by).limit(20)
    ).all()
    clocks = []
    for row in rows:
        clock = breach_clock(as_utc(row.aware_at), now)
        clocks.append({"id": row.id, "reference": row.reference, "notify_by": clock.notify_by,
                       "seconds_left": clock.seconds_left, "state": clock.state.value})
    return clocks


def audit_head() -> tuple[int, str] | None:
    head = db.session.get(AuditHead, 1)
    return (head.sequence, head.hash) if head else None


def month_starts(today: date, months: int = CHART_MONTHS) -> list[date]:
    """First days of the last ``months`` months, oldest first, ending with the current month."""
    year, month = today.year, today.month
    starts = []
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def _month_key(column):
    if db.engine.dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def requests_per_month(today: date) -> dict[str, tuple[int, int, int]]:
    """Month -> (received, closed, closed on time) for requests received in the chart window."""
    since = month_starts(today)[0]
    month = _month_key(SubjectRequest.received_at)
    closed = SubjectRequest.closed_at.isnot(None)
    on_time = and_(closed, func.date(SubjectRequest.closed_at) <= SubjectRequest.due_date)
    rows = db.session.execute(
        select(month, func.count(), func.count().filter(closed), func.count().filter(on_time))
        .where(SubjectRequest.received_at >= datetime.combine(since, datetime.min.time()))
        .group_by(month)
    ).all()
    return {key: (received, n_closed, n_on_time) for key, received, n_closed, n_on_time in rows}


def consents_per_month(today: date) -> dict[str, dict[str, int]]:
    """Month -> {action: count} for grants and withdrawals in the chart window."""
    since = month_starts(today)[0]
    month = _month_key(ConsentEvent.occurred_at)
    rows = db.session.execute(
        select(month, ConsentEvent.action, func.count())
        .where(ConsentEvent.occurred_at >= datetime.combine(since, datetime.min.time()),
               ConsentEvent.action.in_(("grant", "withdraw")))
        .group_by(month, ConsentEvent.action)
    ).all()
    result: dict[str, dict[str, int]] = {}
    for key, action, count in rows:
        result.setdefault(key, {})[action] = count
    return result


def month_keys(starts: Iterable[date]) -> list[str]:
    return [f"{d.year:04d}-{d.month:02d}" for d in starts]
