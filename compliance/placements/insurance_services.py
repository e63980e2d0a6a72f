"""Professional indemnity policies and the claims notified under them.

Claims-made basis (reference/insurance.md): a claim belongs to the policy in force when it is
notified; what the insurer reserved and paid on it erodes that policy's aggregate limit.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import func, select

from compliance.audit.services import Actor, record_event
from compliance.errors import NotFound, ValidationFailed
from compliance.extensions import db
from compliance.placements.models import InsuranceClaim, InsurancePolicy, Placement
from compliance.placements.rules import ClaimStatus
from compliance.timeutil import utcnow
from compliance.transaction import use_case

#: Claims that no longer erode the aggregate (the insurer released the reserve).
NON_ERODING_STATUSES = (ClaimStatus.WITHDRAWN,)
ZERO = Decimal("0.00")


def claims_totals(policy_ids: list[uuid.UUID] | None = None) -> dict[uuid.UUID, Decimal]:
    """Reserved + paid per policy, in one grouped query."""
    query = (select(InsuranceClaim.policy_id,
                    func.sum(InsuranceClaim.reserved + InsuranceClaim.paid))
             .where(InsuranceClaim.status.not_in(NON_ERODING_STATUSES))
             .group_by(InsuranceClaim.policy_id))
    if policy_ids is not None:
        query = query.where(InsuranceClaim.policy_id.in_(policy_ids))
    return {policy_id: Decimal(total or 0) for policy_id, total in db.session.execute(query)}


def policy_view(policy: InsurancePolicy, used: Decimal) -> dict:
    """The schedule with the aggregate used and left (never below zero)."""
    fields = ("id", "insurer", "policy_number", "per_claim_limit", "aggregate_limit", "excess",
              "currency", "period_start", "period_end", "retroactive_date", "territories",
              "excluded_jurisdictions", "excluded_activities", "created_at")
    view = {name: getattr(policy, name) for name in fields}
    view["aggregate_used"] = used
    view["aggregate_left"] = max(policy.aggregate_limit - used, ZERO)
    return view


def _policy_problems(data: Mapping) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if data["period_end"] < data["period_start"]:
        problems["period_end"] = ["Must not be before period_start."]
    retro = data.get("retroactive_date")
    if retro is not None and retro > data["period_end"]:
        problems["retroactive_date"] = ["Must not be after period_end."]
    if data["per_claim_limit"] > data["aggregate_limit"]:
        problems["per_claim_limit"] = ["Must not exceed the aggregate limit."]
    taken = db.session.scalar(select(InsurancePolicy.id).where(
        InsurancePolicy.policy_number == data["policy_number"]))
    if taken is not None:
        problems["policy_number"] = ["A policy with this number is already recorded."]
    return problems


@use_case
def create_insurance_policy(actor: Actor, data: Mapping) -> dict:
    """Record a policy schedule."""
    problems = _policy_problems(data)
    if problems:
        raise ValidationFailed("The policy is not valid.", problems)
    policy = InsurancePolicy(
        id=uuid.uuid4(), created_at=utcnow(),
        excess=data.get("excess") or ZERO, retroactive_date=data.get("retroactive_date"),
        excluded_jurisdictions=sorted(data.get("excluded_jurisdictions") or []),
        excluded_activities=sorted(data.get("excluded_activities") or []),
        **{k: data[k] for k in ("insurer", "policy_number", "per_claim_limit", "aggregate_limit",
                                "currency", "period_start", "period_end")},
        territories=sorted(data["territories"]),
    )
    db.session.add(policy)
    db.session.flush()
    record_event(actor, "insurance_policy.created", "insurance_policy", policy.id,
                 {"policy_number": policy.policy_number})
    return policy_view(policy, ZERO)


def list_insurance_policies() -> list[dict]:
    policies = db.session.execute(
        select(InsurancePolicy).order_by(InsurancePolicy.period_start.desc())).scalars().all()
    totals = claims_totals()
    return [policy_view(p, totals.get(p.id, ZERO)) for p in policies]


def get_insurance_policy(policy_id: uuid.UUID) -> dict:
    policy = db.session.get(InsurancePolicy, policy_id)
    if policy is None:
        raise NotFound("No such insurance policy.")
    return policy_view(policy, claims_totals([policy.id]).get(policy.id, ZERO))


def _claim_problems(policy: InsurancePolicy | None, data: Mapping) -> dict[str, list[str]]:
    if policy is None:
        return {"policy_id": ["No such insurance policy."]}
    problems: dict[str, list[str]] = {}
    if data.get("placement_id") and db.session.get(Placement, data["placement_id"]) is None:
        problems["placement_id"] = ["No such placement."]
    if not policy.period_start <= data["notified_on"] <= policy.period_end:
        problems["notified_on"] = ["A claim is notified within the policy period (claims-made)."]
    if data.get("reserved", ZERO) + data.get("paid", ZERO) > policy.per_claim_limit:
        problems["reserved"] = ["Reserved plus paid exceed the per-claim limit."]
    return problems


@use_case
def create_insurance_claim(actor: Actor, data: Mapping) -> InsuranceClaim:
    """Record a claim notified under a policy; it erodes the aggregate at once."""
    policy = db.session.get(InsurancePolicy, data["policy_id"])
    problems = _claim_problems(policy, data)
    if problems:
        raise ValidationFailed("The claim is not valid.", problems)
    claim = InsuranceClaim(
        id=uuid.uuid4(), policy_id=policy.id, placement_id=data.get("placement_id"),
        claim_reference=data["claim_reference"], notified_on=data["notified_on"],
        reserved=data.get("reserved", ZERO), paid=data.get("paid", ZERO),
        status=data.get("status", ClaimStatus.OPEN), created_at=utcnow())
    db.session.add(claim)
    db.session.flush()
    record_event(actor, "insurance_claim.created", "insurance_claim", claim.id,
                 {"policy_id": str(policy.id), "status": claim.status})
    return claim


def list_insurance_claims(filters: Mapping) -> list[InsuranceClaim]:
    query = select(InsuranceClaim).order_by(InsuranceClaim.notified_on.desc(), InsuranceClaim.id)
    for name in ("policy_id", "placement_id", "status"):
        if filters.get(name):
            query = query.where(getattr(InsuranceClaim, name) == filters[name])
    return list(db.session.execute(query).scalars())


def get_insurance_claim(claim_id: uuid.UUID) -> InsuranceClaim:
    claim = db.session.get(InsuranceClaim, claim_id)
    if claim is None:
        raise NotFound("No such insurance claim.")
    return claim
