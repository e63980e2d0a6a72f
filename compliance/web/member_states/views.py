"""The member-state rules table (from policies/member_states/, with provenance)."""

from __future__ import annotations

from flask import Blueprint, render_template

from compliance.placements.member_states import list_member_states
from compliance.policy_context import current_policies
from compliance.web.access import READER_ROLES, page_roles

bp = Blueprint("member_states_web", __name__, url_prefix="/member-states", template_folder="templates")


@bp.get("")
@page_roles(*READER_ROLES)
def index():
    return render_template("member_states/index.html", states=list_member_states(),
                           version=current_policies().version)
