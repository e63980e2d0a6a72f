"""Paging shared by every list endpoint: one query schema, one page schema, one helper."""

from __future__ import annotations

import marshmallow as ma
from sqlalchemy import Select, func, select

from compliance.extensions import db
from compliance.fields import QueryInteger

MAX_PER_PAGE = 100


class PageQuerySchema(ma.Schema):
    """``page`` (1-based) and ``per_page`` query parameters; list query schemas extend it."""

    page = QueryInteger(load_default=1, minimum=1, maximum=100_000)
    per_page = QueryInteger(load_default=25, minimum=1, maximum=MAX_PER_PAGE)


class PageSchema(ma.Schema):
    """``{"items": [...], "page", "per_page", "total"}``; subclasses set ``items``."""

    page = ma.fields.Integer()
    per_page = ma.fields.Integer()
    total = ma.fields.Integer()


def paginate(query: Select, page: int, per_page: int) -> tuple[list, int]:
    """One page of ORM rows of ``query`` (already ordered) and the total count."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).scalars()
    return list(rows), total or 0


def page_body(rows: list, total: int, query: dict) -> dict:
    return {"items": rows, "page": query["page"], "per_page": query["per_page"], "total": total}
