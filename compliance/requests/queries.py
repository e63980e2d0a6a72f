"""Read-only request views for the staff pages: the queue (filters by status, type and deadline
flag, sorted by due date), a subject's requests, and the overview's counts and monthly history.
No personal data in these columns; the member portal lists through the requests service.
Every count is a filtered COUNT on indexed columns; nothing here loads rows it does not show."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, select

from compliance.extensions import db
from compliance.months import month_key, month_starts
from compliance.pagination import paginate
from compliance.requests.models import SubjectRequest
from compliance.requests.rules import DUE_SOON_DAYS, OPEN_STATUSES
from compliance.subjects.models import Subject
from compliance.subjects.rules import normalise_reference as normalise_subject_reference

OPEN = sorted(s.value for s in OPEN_STATUSES)
FLAGS = {"open": "Open", "all": "All requests", "due_soon": "Due within 7 days", "overdue": "Overdue",
         "extended": "Extended", "closed": "Closed"}


def _flag_condition(flag: str, today: date):
    is_open = SubjectRequest.status.in_(OPEN)
    return {
        "open": is_open,
        "due_soon": is_open & SubjectRequest.due_date.between(today, today + timedelta(days=DUE_SOON_DAYS)),
        "overdue": is_open & (SubjectRequest.due_date < today),
        "extended": is_open & SubjectRequest.extended.is_(True),
        "closed": ~is_open,
    }.get(flag)


SORTS = {"due_asc": "Due date, soonest first", "due_desc": "Due date, latest first",
         "received_desc": "Received, newest first", "received_asc": "Received, oldest first"}


def request_queue(filters: Mapping, page: int, per_page: int, today: date) -> tuple[list, int]:
    return paginate(queue_query(filters, today), page, per_page)


def queue_query(filters: Mapping, today: date):
    """The queue's SELECT: filters by status, right, deadline flag and a request or subject
    reference (``q``), in the chosen order; the page and the download share it."""
    query = select(SubjectRequest)
    for name in ("status", "type"):
        if filters.get(name):
            query = query.where(getattr(SubjectRequest, name) == filters[name])
    condition = _flag_condition(filters.get("flag", ""), today)
    if condition is not None:
        query = query.where(condition)
    if text := (filters.get("q") or "").strip():
        subject = normalise_subject_reference(text)
        query = query.where(
            SubjectRequest.subject_id.in_(select(Subject.id).where(Subject.reference == subject))
            if subject else func.upper(SubjectRequest.reference) == text.upper())
    column, descending = {"due_desc": (SubjectRequest.due_date, True),
                          "received_desc": (SubjectRequest.received_at, True),
                          "received_asc": (SubjectRequest.received_at, False)}.get(
        filters.get("sort", ""), (SubjectRequest.due_date, False))
    return query.order_by(column.desc() if descending else column, SubjectRequest.reference)


def queue_rows(filters: Mapping, today: date, limit: int = 50_000) -> list[SubjectRequest]:
    """The requests the filters select, for the download (at most ``limit``)."""
    return list(db.session.execute(queue_query(filters, today).limit(limit)).scalars())


def requests_of(subject_id: uuid.UUID) -> list[SubjectRequest]:
    """The subject's requests, newest first (read-only; no personal data in these columns)."""
    query = (select(SubjectRequest).where(SubjectRequest.subject_id == subject_id)
             .order_by(SubjectRequest.received_at.desc()).limit(50))
    return list(db.session.execute(query).scalars())


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


def requests_per_month(today: date) -> dict[str, tuple[int, int, int]]:
    """Month -> (received, closed, closed on time) for requests received in the chart window."""
    since = month_starts(today)[0]
    month = month_key(SubjectRequest.received_at)
    closed = SubjectRequest.closed_at.isnot(None)
    on_time = and_(closed, func.date(SubjectRequest.closed_at) <= SubjectRequest.due_date)
    rows = db.session.execute(
        select(month, func.count(), func.count().filter(closed), func.count().filter(on_time))
        .where(SubjectRequest.received_at >= datetime.combine(since, datetime.min.time()))
        .group_by(month)
    ).all()
    return {key: (received, n_closed, n_on_time) for key, received, n_closed, n_on_time in rows}
