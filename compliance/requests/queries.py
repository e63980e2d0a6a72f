"""Read-only request lists for the staff pages: the queue (filters by status, type and deadline
flag, sorted by due date) and a subject's requests. No personal data in these columns; the member
portal lists through the requests service."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, timedelta

from sqlalchemy import select

from compliance.extensions import db
from compliance.pagination import paginate
from compliance.requests.models import SubjectRequest
from compliance.requests.rules import DUE_SOON_DAYS, OPEN_STATUSES

OPEN = sorted(s.value for s in OPEN_STATUSES)
FLAGS = {"open": "Open", "due_soon": "Due within 7 days", "overdue": "Overdue", "extended": "Extended",
         "closed": "Closed"}


def _flag_condition(flag: str, today: date):
    is_open = SubjectRequest.status.in_(OPEN)
    return {
        "open": is_open,
        "due_soon": is_open & SubjectRequest.due_date.between(today, today + timedelta(days=DUE_SOON_DAYS)),
        "overdue": is_open & (SubjectRequest.due_date < today),
        "extended": is_open & SubjectRequest.extended.is_(True),
        "closed": ~is_open,
    }.get(flag)


def request_queue(filters: Mapping, page: int, per_page: int, today: date) -> tuple[list, int]:
    query = select(SubjectRequest)
    for name in ("status", "type"):
        if filters.get(name):
            query = query.where(getattr(SubjectRequest, name) == filters[name])
    condition = _flag_condition(filters.get("flag", ""), today)
    if condition is not None:
        query = query.where(condition)
    due = SubjectRequest.due_date.desc() if filters.get("sort") == "due_desc" else SubjectRequest.due_date
    return paginate(query.order_by(due, SubjectRequest.reference), page, per_page)


def requests_of(subject_id: uuid.UUID) -> list[SubjectRequest]:
    """The subject's requests, newest first (read-only; no personal data in these columns)."""
    query = (select(SubjectRequest).where(SubjectRequest.subject_id == subject_id)
             .order_by(SubjectRequest.received_at.desc()).limit(50))
    return list(db.session.execute(query).scalars())
