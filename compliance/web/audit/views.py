"""The audit trail: browse events (newest first, exact filters), see the sealed head and the latest
signed checkpoint, and verify the trail against every checkpoint issued."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from compliance.audit.queries import trail_status
from compliance.audit.services import list_events
from compliance.audit.verification import TrailVerdict, verify_trail
from compliance.subjects.services import find_subject_by_reference
from compliance.web.access import READER_ROLES, page_roles, web_actor

bp = Blueprint("audit_trail", __name__, url_prefix="/audit", template_folder="templates")
PER_PAGE = 50
FILTERS = ("action", "object_type", "object_id", "actor")


def _render(filters: dict, page: int, verdict: TrailVerdict | None):
    events, total = list_events(filters, page, PER_PAGE)
    return render_template("audit/index.html", events=events, total=total, page=page,
                           per_page=PER_PAGE, filters=filters, verdict=verdict, status=trail_status())


@bp.get("")
@page_roles(*READER_ROLES)
def browse():
    page = max(request.args.get("page", 1, type=int), 1)
    filters = {name: request.args.get(name, "").strip() for name in FILTERS}
    if subject := find_subject_by_reference(web_actor(), filters["object_id"]):
        filters["object_id"] = str(subject.id)  # a subject's reference stands for its id
    return _render(filters, page, None)


@bp.post("/verify")
@page_roles(*READER_ROLES)
def verify():
    return _render(dict.fromkeys(FILTERS, ""), 1, verify_trail())
