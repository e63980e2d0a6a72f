"""Insurance: the professional indemnity policies with the aggregate used and left, the claims
notified under them, and the portfolio's coverage summary; staff add policies and claims."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from compliance.errors import ValidationFailed
from compliance.placements.insurance_services import (
    create_insurance_claim,
    create_insurance_policy,
    list_insurance_claims,
    list_insurance_policies,
)
from compliance.web.access import READER_ROLES, STAFF_ROLES, page_roles, web_actor
from compliance.web.insurance.forms import ClaimForm, PolicyForm
from compliance.web.money import money, share
from compliance.web.portfolio_cache import forget, portfolio_summary

bp = Blueprint("insurance_web", __name__, url_prefix="/insurance", template_folder="templates")
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
    return _render()


@bp.post("/policies")
@page_roles(*STAFF_ROLES)
def add_policy():
    form = PolicyForm(prefix="policy")
    data = form.parsed() if form.validate_on_submit() else None
    if data is not None:
        try:
            policy = create_insurance_policy(web_actor(), data)
        except ValidationFailed as error:
            form.show_errors(error.errors)
        else:
            forget("portfolio")  # coverage changes with the policies
            flash(f"Policy {policy['policy_number']} was added.", "success")
            return redirect(url_for("insurance_web.index"))
    return _render(policy_form=form, status=422)


@bp.post("/claims")
@page_roles(*STAFF_ROLES)
def add_claim():
    policies = list_insurance_policies()
    form = ClaimForm(policies, prefix="claim")
    data = form.parsed() if form.validate_on_submit() else None
    if data is not None:
        try:
            claim = create_insurance_claim(web_actor(), data)
        except ValidationFailed as error:
            form.show_errors(error.errors)
        else:
            forget("portfolio")
            flash(f"Claim {claim.claim_reference} was recorded; it erodes the aggregate now.", "success")
            return redirect(url_for("insurance_web.index"))
    return _render(claim_form=form, status=422, policies=policies)


def _render(policy_form: PolicyForm | None = None, claim_form: ClaimForm | None = None,
            status: int = 200, policies: list[dict] | None = None):
    summary, computed_at = portfolio_summary()  # the costly part: every placement judged
    policies = policies if policies is not None else list_insurance_policies()  # always current
    numbers = {p["id"]: p["policy_number"] for p in policies}
    policy_form = policy_form or PolicyForm(prefix="policy", formdata=None)
    claim_form = claim_form or ClaimForm(policies, prefix="claim", formdata=None)
    return render_template("insurance/index.html", policies=[usage(p) for p in policies],
                           summary=summary, computed_at=computed_at, claims=list_insurance_claims({}),
                           numbers=numbers, policy_form=policy_form, claim_form=claim_form), status
