"""The shared page layout, wired once for every page: security headers, the HTML error page, the
layout context (navigation, session timeout, role), template filters, and the shared templates
(base.html, error.html, _macros.html, _chart.html, _tabs.html in compliance/web/templates).
Each feature's pages add their own templates from compliance/web/<feature>/templates/<feature>/."""

from __future__ import annotations

import uuid

from flask import Blueprint, current_app, render_template
from sqlalchemy import select

from compliance import vocabulary
from compliance.auth.models import User
from compliance.auth.rules import Role
from compliance.breaches.rules import BreachStatus
from compliance.consent.rules import ConsentAction, ConsentStatus
from compliance.extensions import db
from compliance.placements.rules import ClaimStatus, PlacementStatus
from compliance.policy_context import current_policies
from compliance.requests.rules import RequestStatus, RequestType
from compliance.subjects.rules import ErasureAction, SubjectStatus
from compliance.subjects.services import references_of
from compliance.timeutil import controller_zone
from compliance.web.access import can_act
from compliance.web.formatting import FILTERS, local_time
from compliance.web.nav import nav_for_current_user
from compliance.web.security import init_security

bp = Blueprint("layout", __name__, template_folder="templates")
#: The vocabularies templates compare with (``subject.status == SubjectStatus.ERASED``), not strings.
VOCABULARIES = {vocabulary.__name__: vocabulary for vocabulary in (
    BreachStatus, ClaimStatus, ConsentAction, ConsentStatus, ErasureAction, PlacementStatus,
    RequestStatus, RequestType, Role, SubjectStatus)}


@bp.record_once
def _setup(state) -> None:
    app = state.app
    init_security(app)
    app.extensions["compliance.html_error"] = render_error
    app.context_processor(_layout_context)
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.filters["local_time"] = lambda value: local_time(value, controller_zone())
    app.jinja_env.globals.update(VOCABULARIES)
    app.jinja_env.globals["subject_refs"] = subject_refs
    app.jinja_env.globals["actor_roles"] = actor_roles
    app.jinja_env.filters.update({"words": _words, "period": vocabulary.period,
                                  "actor_words": vocabulary.actor, "audit_details": vocabulary.details})


def _words(code, kind: str = "any") -> str:
    purposes = ({p.id: p.name for p in current_policies().purposes.values()}
                if kind == "purpose" else None)
    return vocabulary.words(kind, code, purposes)


def actor_roles(refs) -> dict:
    """{user id: role} for the "user:<uuid>" actors a table names (one query)."""
    ids = set()
    for ref in refs:
        kind, _, rest = (ref or "").partition(":")
        if kind == "user":
            try:
                ids.add(uuid.UUID(rest))
            except ValueError:
                continue
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.role).where(User.id.in_(ids))).all())


def subject_refs(rows, attr: str = "subject_id") -> dict[str, str]:
    """{subject id as text: display reference} for the subjects a table names (one query), so
    templates show ``SUB-7K4M2-Q9XHT`` rather than an id."""
    ids = [getattr(row, attr, None) if not isinstance(row, dict) else row.get(attr) for row in rows]
    return {str(k): v for k, v in references_of(i for i in ids if i).items()}


def _layout_context() -> dict:
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    return {"nav_items": nav_for_current_user(), "session_seconds": int(lifetime),
            "can_act": can_act(), "has_page": _has_page}


def _has_page(endpoint: str) -> bool:
    return endpoint in current_app.view_functions


def render_error(status: int, message: str):
    return render_template("error.html", status=status, message=message), status
