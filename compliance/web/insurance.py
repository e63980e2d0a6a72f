"""Insurance: the professional indemnity policies with the aggregate used and left, the claims
notified under them, and the portfolio's coverage summary (read-only)."""

from __future__ import annotations

from flask import Blueprint, render_template

from compliance.placements.insurance_services import list_insurance_claims, list_insurance_policies
from compliance.web.access import READER_ROLES, page_roles
from compliance.web.money import money, share
from compliance.web.portfolio_cache import portfolio_summary

bp = Blueprint("insurance_web", __name__, url_prefix="/insurance")
bp.add_app_template_filter(money, "money")
#: Share of the aggregate used from which the bar warns, and from which it alarms.
WARN_AT, DANGER_AT = 0.5, 0.8


def usage(policy: dict) -> dict:
    """The policy with the share of its aggregate used and the bar's tone."""
    used = share(policy["aggregate_used"], policy["aggregate_limit"])
    tone = "danger" if used >= DANGER_AT else "warn" if used >= WARN_AT else "ok"
    return {**policy, "used_share": used, "tone": tone}


@bp.get("")
@page_roles(*READER_ROLES)
def index():
    summary, computed_at = portfolio_summary()  # the costly part: every placement judged
    policies = [usage(p) for p in list_insurance_policies()]  # two queries: always current
    numbers = {p["id"]: p["policy_number"] for p in policies}
    return render_template("insurance/index.html", policies=policies, summary=summary,
                           computed_at=computed_at, claims=list_insurance_claims({}), numbers=numbers)
