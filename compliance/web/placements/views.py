"""Placements: the list with each coverage verdict and the worst cross-border finding, and the
detail page that explains every check and finding with its legal reference (read-only)."""

from __future__ import annotations

import uuid

from flask import Blueprint, render_template, request

from compliance.placements.queries import judge_placements, uncovered_placements
from compliance.placements.rules import CHECK_TITLES, PlacementType
from compliance.placements.schemas import PLACEMENT_STATUSES
from compliance.placements.services import get_placement, list_placements
from compliance.web.access import READER_ROLES, page_roles, web_actor
from compliance.web.money import money

bp = Blueprint("placements_web", __name__, url_prefix="/placements", template_folder="templates")
PER_PAGE = 30
FILTERS = ("coverage", "status", "placement_type", "work_country")
bp.add_app_template_filter(money, "money")
TYPE_LABELS = {t.value: t.value.replace("_", " ").capitalize() for t in PlacementType}


def _filters() -> dict[str, str]:
    values = {name: request.args.get(name, "").strip() for name in FILTERS}
    values["work_country"] = values["work_country"].upper()[:2]
    return values


@bp.get("")
@page_roles(*READER_ROLES)
def index():
    filters, page = _filters(), max(request.args.get("page", 1, type=int), 1)
    if filters["coverage"] == "uncovered":
        placements, total = uncovered_placements(page, PER_PAGE)
    else:
        placements, total = list_placements(web_actor(), {k: v for k, v in filters.items() if v},
                                            page, PER_PAGE)
    return render_template("placements/list.html", rows=judge_placements(placements), total=total,
                           page=page, per_page=PER_PAGE, filters=filters, types=TYPE_LABELS,
                           statuses=PLACEMENT_STATUSES)


@bp.get("/<uuid:placement_id>")
@page_roles(*READER_ROLES)
def detail(placement_id: uuid.UUID):
    judged = judge_placements([get_placement(web_actor(), placement_id)])[0]
    return render_template("placements/detail.html", item=judged, types=TYPE_LABELS,
                           check_titles=CHECK_TITLES)
