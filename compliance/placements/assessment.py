"""Coverage verdicts and cross-border findings: load the facts set-based, judge with the pure rules.

Whether one placement or the whole portfolio, the same few queries run (placements joined with
their member and candidate, policies, claims totals, authorisations) and the rules in
compliance.placements.rules are called in a plain loop: no query per placement.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import String, cast, select
from sqlalchemy.orm import aliased

from compliance.audit.services import Actor
from compliance.extensions import db
from compliance.placements.insurance_services import ZERO, claims_totals, list_insurance_policies
from compliance.placements.models import Authorisation, InsurancePolicy, Placement
from compliance.placements.rules import (
    MemberAuthorisation,
    PlacementFacts,
    PlacementStatus,
    PlacementType,
    PolicyTerms,
    StateRules,
    TransferRule,
    assess_coverage,
    assess_cross_border,
)
from compliance.placements.services import get_placement
from compliance.policies import Policies
from compliance.policy_context import current_policies
from compliance.subjects.models import Subject
from compliance.timeutil import controller_today


class RuleBook:
    """Per-country rule objects built once from the policy data, then looked up."""

    def __init__(self, policies: Policies):
        self.policies = policies
        self._states: dict[tuple[str, str], StateRules | None] = {}
        self._transfers: dict[str, TransferRule | None] = {}

    def state(self, code: str, placement_type: str) -> StateRules | None:
        key = (code, placement_type)
        if key not in self._states:
            self._states[key] = state_rules(self.policies, code, placement_type)
        return self._states[key]

    def transfer(self, code: str) -> TransferRule | None:
        if code not in self._transfers:
            self._transfers[code] = transfer_rule(self.policies, code)
        return self._transfers[code]


def state_rules(policies: Policies, code: str, placement_type: str) -> StateRules | None:
    """The work state's rules; `verified` describes the fact the placement type relies on."""
    try:
        state = policies.member_state(code)
    except KeyError:
        return None  # outside the EEA: no member-state rules encoded
    placement, temp = state.placement_requirement, state.temporary_work_agency
    if placement_type == PlacementType.TEMPORARY_AGENCY_WORK:
        verified = temp.verified
    elif placement_type == PlacementType.FREELANCE:
        verified = True  # no licensing fact is used for a freelance engagement
    else:
        verified = placement.verified
    return StateRules(code=state.code, name=state.name, placement_requirement=placement.value,
                      legal_reference=placement.legal_reference or "", verified=verified,
                      is_eea=True, temp_work_requirement=temp.value)


def transfer_rule(policies: Policies, code: str) -> TransferRule | None:
    country = policies.third_countries.get(code)
    if country is None:
        return None
    return TransferRule(country=code, adequacy=country.adequacy, condition=country.condition or "",
                        verified=country.verified, decision=country.decision or "")


def policy_terms() -> list[PolicyTerms]:
    """Every policy schedule with its claims total (two queries)."""
    policies = db.session.execute(select(InsurancePolicy)).scalars().all()
    totals = claims_totals()
    return [
        PolicyTerms(
            policy_number=p.policy_number, period_start=p.period_start, period_end=p.period_end,
            retroactive_date=p.retroactive_date, territories=frozenset(p.territories),
            excluded_jurisdictions=frozenset(p.excluded_jurisdictions or ()),
            excluded_activities=frozenset(p.excluded_activities or ()),
            aggregate_limit=p.aggregate_limit, claims_total=totals.get(p.id, ZERO),
            currency=p.currency)
        for p in policies
    ]


def member_authorisations(member_ids: Iterable[uuid.UUID] | None = None) -> dict:
    """Authorisations per member; the number is replaced by a record reference (no decryption)."""
    query = select(Authorisation.id, _raw(Authorisation.member_id), Authorisation.country,
                   Authorisation.kind, Authorisation.valid_until, Authorisation.activity)
    if member_ids is not None:
        query = query.where(Authorisation.member_id.in_(list(member_ids)))
    held: dict[str, list[MemberAuthorisation]] = defaultdict(list)
    for row in db.session.execute(query):
        reference = f"(record {row.id.hex[:8]})"
        held[row.member_id].append(MemberAuthorisation(
            row.country, row.kind, reference, row.valid_until, row.activity))
    return held


def _raw(column):
    # Ids stay in their database text form: building 100k UUID objects costs more than the rules.
    return cast(column, String).label(column.key)


def placement_ref(raw_id: str) -> str:
    return f"PL-{str(raw_id).replace('-', '')[:10].upper()}"


def placement_rows(placement_ids: list[uuid.UUID] | None = None):
    """Placement facts joined with the member's and candidate's coarse attributes, one query."""
    member, candidate = aliased(Subject), aliased(Subject)
    query = (
        select(_raw(Placement.id), Placement.placement_type, Placement.start_date,
               Placement.work_country, Placement.client_country, _raw(Placement.member_id),
               member.country.label("member_country"), member.membership_start,
               member.membership_end, candidate.country.label("candidate_country"))
        .join(member, member.id == Placement.member_id)
        .join(candidate, candidate.id == Placement.candidate_id)
    )
    if placement_ids is not None:
        query = query.where(Placement.id.in_(placement_ids))
    else:
        query = query.where(Placement.status != PlacementStatus.CANCELLED)
    return db.session.execute(query.order_by(Placement.start_date, Placement.id))


def facts_from_row(row) -> PlacementFacts:
    return PlacementFacts(
        placement_ref=placement_ref(row.id), placement_type=row.placement_type,
        start_date=row.start_date, work_country=row.work_country,
        client_country=row.client_country, member_country=row.member_country,
        candidate_country=row.candidate_country,
        # A member without a recorded membership start was never active: date.max fails the check.
        membership_start=row.membership_start or date.max, membership_end=row.membership_end)


def judge(rows, rules: RuleBook, terms: list[PolicyTerms], held: dict, today: date):
    """Yield (row, coverage verdict, cross-border findings) for each placement row."""
    for row in rows:
        facts = facts_from_row(row)
        verdict = assess_coverage(facts, terms, today)
        findings = assess_cross_border(
            facts, rules.state(row.work_country, row.placement_type),
            held.get(row.member_id, ()), rules.transfer(row.client_country), today)
        yield row, verdict, findings


def summarise(judged, limit: int) -> dict:
    """Counts of covered/uncovered placements and findings, and the first uncovered ones."""
    covered = uncovered = blocked = 0
    reasons: Counter[str] = Counter()
    severities: Counter[str] = Counter()
    listed = []
    for row, verdict, findings in judged:
        severities.update(f.severity.value for f in findings)
        blocked += any(f.severity == "blocker" for f in findings)
        if verdict.covered:
            covered += 1
            continue
        uncovered += 1
        failures = verdict.failures
        reasons.update(r.code for r in failures)
        if len(listed) < limit:
            listed.append({"id": uuid.UUID(str(row.id)), "reference": placement_ref(row.id),
                           "reasons": [{"code": r.code, "message": r.message} for r in failures]})
    return {"placements": covered + uncovered, "covered": covered, "uncovered": uncovered,
            "uncovered_by_reason": dict(sorted(reasons.items())),
            "findings_by_severity": {s: severities.get(s, 0) for s in ("info", "warning", "blocker")},
            "placements_with_blockers": blocked, "uncovered_placements": listed}


def _judge_one(actor: Actor, placement_id: uuid.UUID):
    placement = get_placement(actor, placement_id)  # visibility: members see their own only
    row = placement_rows([placement.id]).one()
    rules = RuleBook(current_policies())
    held = member_authorisations([placement.member_id])  # keyed by the raw id, like the rows
    return next(judge([row], rules, policy_terms(), held, controller_today()))


def placement_coverage(actor: Actor, placement_id: uuid.UUID) -> dict:
    """The coverage verdict: failing reasons only, and every check made for explanation."""
    _, verdict, _ = _judge_one(actor, placement_id)
    return {
        "covered": verdict.covered, "policy_number": verdict.policy_number,
        "reasons": [{"code": r.code, "message": r.message} for r in verdict.failures],
        "checks": [{"code": r.code, "message": r.message, "passed": r.passed}
                   for r in verdict.reasons],
    }


def placement_cross_border(actor: Actor, placement_id: uuid.UUID) -> dict:
    _, _, findings = _judge_one(actor, placement_id)
    return {"findings": [
        {"code": f.code, "severity": f.severity.value, "message": f.message,
         "legal_reference": f.legal_reference} for f in findings]}


def portfolio(limit: int = 100) -> dict:
    """Every non-cancelled placement judged at once, plus the aggregate used and left per policy."""
    today = controller_today()
    rules = RuleBook(current_policies())
    judged = judge(placement_rows(), rules, policy_terms(), member_authorisations(), today)
    summary = summarise(judged, limit)
    summary["as_of"] = today
    summary["policies"] = list_insurance_policies()
    return summary
