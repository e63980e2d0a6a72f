"""The shared page layout, wired once for every page: security headers, the HTML error page, the
layout context (navigation, session timeout, role), template filters, and the shared templates
(base.html, error.html, _macros.html, _chart.html, _tabs.html in compliance/web/templates).
Each feature's pages add their own templates from compliance/web/<feature>/templates/<feature>/."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from compliance.auth.rules import Role
from compliance.breaches.rules import BreachStatus
from compliance.consent.rules import ConsentAction, ConsentStatus
from compliance.placements.rules import ClaimStatus, PlacementStatus
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
