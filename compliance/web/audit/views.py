"""The audit trail: browse events (newest first, exact filters) and verify the hash chain."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from compliance.audit.services import head_hash, list_events
from compliance.audit.verification import verify_chain
from compliance.web.access import READER_ROLES, page_roles

bp = Blueprint("audit_trail", __name__, url_prefix="/audit", template_folder="templates")
PER_PAGE = 50
FILTERS = ("action", "object_type", "object_id", "actor")


def _render(filters: dict, page: int, verdict: dict | None):
    events, total = list_events(filters, page, PER_PAGE)
    return render_template("audit/index.html", events=events, total=total, page=page,
                           per_page=PER_PAGE, filters=filters, verdict=verdict, head=head_hash())


@bp.get("")
@page_roles(*READER_ROLES)
def browse():
    page = max(request.args.get("page", 1, type=int), 1)
    return _render({name: request.args.get(name, "").strip() for name in FILTERS}, page, None)


@bp.post("/verify")
@page_roles(*READER_ROLES)
def verify():
    checked, found = verify_chain()
    verdict = {"intact": found is None, "checked": checked, "break": found}
    return _render(dict.fromkeys(FILTERS, ""), 1, verdict)
