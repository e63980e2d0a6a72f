"""Read-only consent views for the dashboard: the register (ledger events filtered by purpose,
action and period, newest first) and the overview's expiring count and monthly history. Only
non-personal columns are read; the client a consent names and the evidence stay encrypted (they
are shown, audited, on the subject's page)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from compliance.consent.models import ConsentEvent, ConsentState
from compliance.consent.rules import GRANTING, ConsentAction
from compliance.extensions import db
from compliance.months import month_key, month_starts

EXPIRY_WINDOW_DAYS = 30

COLUMNS = (ConsentEvent.id, ConsentEvent.subject_id, ConsentEvent.purpose, ConsentEvent.action,
           ConsentEvent.occurred_at, ConsentEvent.valid_until, ConsentEvent.channel,
           ConsentEvent.collected_by, ConsentEvent.notice_version, ConsentEvent.scope_key)


def _conditions(filters: Mapping) -> list:
    conditions = []
    for name in ("purpose", "action"):
        if filters.get(name):
            conditions.append(getattr(ConsentEvent, name) == filters[name])
    if filters.get("date_from"):
        conditions.append(ConsentEvent.occurred_at >= datetime.combine(filters["date_from"], time.min, UTC))
    if filters.get("date_to"):
        end = datetime.combine(filters["date_to"] + timedelta(days=1), time.min, UTC)
        conditions.append(ConsentEvent.occurred_at < end)
    return conditions


def consent_events(filters: Mapping, page: int, per_page: int) -> tuple[list, int]:
    """A page of ledger events (newest first) matching ``filters``, and the total."""
    conditions = _conditions(filters)
    total = db.session.scalar(select(func.count()).select_from(ConsentEvent).where(*conditions)) or 0
    rows = db.session.execute(
        select(*COLUMNS).where(*conditions)
        .order_by(ConsentEvent.occurred_at.desc(), ConsentEvent.id)
        .limit(per_page).offset((page - 1) * per_page)).all()
    return list(rows), total


def consents_expiring(today: date) -> int:
    """Granted consents whose validity ends within the next 30 days (renewal due)."""
    return db.session.scalar(select(func.count()).select_from(ConsentState).where(
        ConsentState.valid_until.between(today, today + timedelta(days=EXPIRY_WINDOW_DAYS)),
        ConsentState.last_action.in_(tuple(GRANTING)),
    )) or 0


def consents_per_month(today: date) -> dict[str, dict[str, int]]:
    """Month -> {action: count} for grants and withdrawals in the chart window."""
    since = month_starts(today)[0]
    month = month_key(ConsentEvent.occurred_at)
    rows = db.session.execute(
        select(month, ConsentEvent.action, func.count())
        .where(ConsentEvent.occurred_at >= datetime.combine(since, datetime.min.time()),
               ConsentEvent.action.in_((ConsentAction.GRANT, ConsentAction.WITHDRAW)))
        .group_by(month, ConsentEvent.action)
    ).all()
    result: dict[str, dict[str, int]] = {}
    for key, action, count in rows:
        result.setdefault(key, {})[action] = count
    return result
