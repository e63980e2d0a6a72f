"""The consent register for the dashboard (read-only): ledger events filtered by purpose, action and
period, newest first. Only non-personal columns are read; the client a consent names and the
evidence stay encrypted (they are shown, audited, on the subject's page)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select

from compliance.consent.models import ConsentEvent
from compliance.extensions import db

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
