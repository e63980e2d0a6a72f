"""Placement rules: professional indemnity coverage verdict and cross-border findings.

Pure domain logic: no Flask, no database, no I/O. The service layer maps placement rows, policy
data (policies/member_states, third_countries) and the PI policy schedule to the dataclasses below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

WORLDWIDE = "*"  # in PolicyTerms.territories: no territorial limit
# EU27 (Greece as both GR and EL) + Iceland, Liechtenstein, Norway: the GDPR applies there.
EEA_COUNTRIES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR EL HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
    "IS LI NO".split()
)
NO_POLICY = "no_policy_in_force"
ESTABLISHMENT_REQUIREMENTS = frozenset(
    {"registration", "notification", "licence", "authorisation", "concession"}
)


class PlacementType(StrEnum):
    PERMANENT = "permanent"
    TEMPORARY_AGENCY_WORK = "temporary_agency_work"
    EXECUTIVE_SEARCH = "executive_search"
    FREELANCE = "freelance"


class PlacementStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"
    CANCELLED = "cancelled"


class ClaimStatus(StrEnum):
    OPEN = "open"
    SETTLED = "settled"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    BLOCKER = "blocker"


#: What each coverage check asks, in the insurer's words (the codes name the failure).
CHECK_TITLES = {
    "no_policy_in_force": "A policy is in force",
    "before_retroactive_date": "Work starts on or after the retroactive date",
    "membership_inactive": "The member's membership is active on the start date",
    "outside_territory": "Work and client countries are inside the territorial limits",
    "excluded_jurisdiction": "No country involved is an excluded jurisdiction",
    "excluded_activity": "The placement type is not an excluded activity",
    "aggregate_exhausted": "The aggregate limit is not exhausted",
}

@dataclass(frozen=True)
class PlacementFacts:
    placement_ref: str
    placement_type: str
    start_date: date
    work_country: str
    client_country: str
    member_country: str
    candidate_country: str
    membership_start: date
    membership_end: date | None  # None: membership open-ended


@dataclass(frozen=True)
class PolicyTerms:
    policy_number: str
    period_start: date
    period_end: date
    retroactive_date: date | None  # None: no retroactive limit
    territories: frozenset[str]  # country codes, or WORLDWIDE
    excluded_jurisdictions: frozenset[str]
    excluded_activities: frozenset[str]  # PlacementType values
    aggregate_limit: Decimal
    claims_total: Decimal  # reserved + paid in the period; erodes the aggregate
    currency: str = "EUR"


@dataclass(frozen=True)
class StateRules:
    code: str
    name: str
    # none | registration | notification | licence | authorisation | concession | unknown
    placement_requirement: str
    legal_reference: str
    verified: bool
    is_eea: bool
    temp_work_requirement: str = "unknown"  # same vocabulary, for temporary work agencies


@dataclass(frozen=True)
class MemberAuthorisation:
    country: str
    kind: str  # e.g. licence, registration
    number: str
    valid_until: date | None  # None: no expiry
    activity: str = "placement"  # "placement" or "temporary_agency_work"


@dataclass(frozen=True)
class TransferRule:
    country: str
    adequacy: str  # full|partial|none|eea
    condition: str  # for partial adequacy: who is covered (e.g. "DPF-certified organisations")
    verified: bool
    decision: str = ""  # the adequacy decision, e.g. "Commission Decision (EU) 2023/1795"


@dataclass(frozen=True)
class Reason:
    code: str  # names the check; `passed` says its outcome
    message: str
    passed: bool


@dataclass(frozen=True)
class CoverageVerdict:
    """`reasons` lists every check made, passed or failed; covered iff a policy and none failed."""

    covered: bool
    policy_number: str | None
    reasons: tuple[Reason, ...]

    @property
    def failures(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if not r.passed)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    legal_reference: str


def assess_coverage(
    placement: PlacementFacts, policies: Sequence[PolicyTerms], today: date
) -> CoverageVerdict:
    """Whether the PI policy covers a claim about this placement made today (claims-made basis).

    Without a policy in force only two checks are reported: no_policy_in_force and membership.
    """
    membership = _check_membership(placement)
    policy = _policy_in_force(placement, policies, today)
    if policy is None:
        text = (
            f"no policy in force on {today} for {placement.placement_ref} ({placement.start_date})"
        )
        return CoverageVerdict(False, None, (Reason(NO_POLICY, text, False), membership))
    reasons = (
        Reason(NO_POLICY, f"policy {policy.policy_number} is in force on {today}", True),
        _check_retroactive_date(placement, policy),
        membership,
        _check_territory(placement, policy),
        _check_jurisdiction(placement, policy),
        _check_activity(placement, policy),
        _check_aggregate(policy),
    )
    return CoverageVerdict(all(r.passed for r in reasons), policy.policy_number, reasons)


def _policy_in_force(
    placement: PlacementFacts, policies: Sequence[PolicyTerms], today: date
) -> PolicyTerms | None:
    # Claims-made (reference/insurance.md): the policy in force when the claim is made (today)
    # answers for work done on or after its retroactive date; work starting after its period
    # falls to the renewal. Period edges are inclusive.
    candidates = [
        p
        for p in policies
        if p.period_start <= today <= p.period_end and placement.start_date <= p.period_end
    ]
    return max(candidates, key=lambda p: p.period_start, default=None)


def _check_retroactive_date(placement: PlacementFacts, policy: PolicyTerms) -> Reason:
    retro = policy.retroactive_date
    passed = retro is None or placement.start_date >= retro
    text = (
        f"{placement.placement_ref} starts {placement.start_date}, "
        f"{'on or after' if passed else 'before'} retroactive date {retro or 'none'}"
    )
    return Reason("before_retroactive_date", text, passed)


def _check_membership(placement: PlacementFacts) -> Reason:
    start, end, on = placement.membership_start, placement.membership_end, placement.start_date
    passed = start <= on and (end is None or on <= end)
    text = f"membership {start} to {end or 'open'} {'' if passed else 'not '}active on {on}"
    return Reason("membership_inactive", text, passed)


def _check_territory(placement: PlacementFacts, policy: PolicyTerms) -> Reason:
    countries = sorted({placement.work_country, placement.client_country})
    outside = [c for c in countries if not {c, WORLDWIDE} & policy.territories]
    shown = ", ".join(outside or countries)
    text = f"{shown} {'outside' if outside else 'within'} the territorial limits"
    return Reason("outside_territory", text, not outside)


def _check_jurisdiction(placement: PlacementFacts, policy: PolicyTerms) -> Reason:
    # A claim may be brought in the courts of the client, the candidate or the place of work.
    exposed = {placement.client_country, placement.candidate_country, placement.work_country}
    excluded = sorted(exposed & policy.excluded_jurisdictions)
    text = f"excluded jurisdiction: {', '.join(excluded) or 'none'}"
    return Reason("excluded_jurisdiction", text, not excluded)


def _check_activity(placement: PlacementFacts, policy: PolicyTerms) -> Reason:
    excluded = placement.placement_type in policy.excluded_activities
    text = f"activity {placement.placement_type} {'excluded' if excluded else 'covered'}"
    return Reason("excluded_activity", text, not excluded)


def _check_aggregate(policy: PolicyTerms) -> Reason:
    remaining = max(policy.aggregate_limit - policy.claims_total, Decimal(0))
    text = (
        f"claims {policy.claims_total} of aggregate limit {policy.aggregate_limit} "
        f"{policy.currency}: {remaining} remaining"
    )
    return Reason("aggregate_exhausted", text, remaining > 0)


# Directive 2006/123/EC Art 2(2)(e): temporary work agencies are outside the Services Directive.
SERVICES_DIRECTIVE = "Directive 2006/123/EC Art 16"
TEMP_WORK_REFERENCE = "Directive 2006/123/EC Art 2(2)(e); Directive 2008/104/EC; Directive 96/71/EC"


def assess_cross_border(
    placement: PlacementFacts,
    work_state: StateRules | None,
    member_authorisations: Sequence[MemberAuthorisation],
    client_transfer: TransferRule | None,
    today: date,
) -> tuple[Finding, ...]:
    """Findings in a fixed order: regime, host-state requirement, transfer, unverified facts."""
    findings = _regime_findings(placement, work_state)
    if placement.placement_type != PlacementType.FREELANCE:
        findings.append(_host_state_finding(placement, work_state, member_authorisations, today))
    transfer = placement.client_country not in EEA_COUNTRIES
    if transfer:
        findings.append(_transfer_finding(placement.client_country, client_transfer))
    findings.extend(_unverified_findings(work_state, client_transfer if transfer else None))
    return tuple(findings)


def _regime_findings(placement: PlacementFacts, work_state: StateRules | None) -> list[Finding]:
    kind, work, home = placement.placement_type, placement.work_country, placement.member_country
    if kind == PlacementType.FREELANCE:
        # Our choice: brokering a self-employed contractor is not placement into employment, so
        # placement/temp-work licensing is not assessed; false self-employment is the risk.
        text = f"freelance engagement in {work}: outside placement licensing; check self-employment"
        return [Finding("freelance_engagement", Severity.INFO, text, f"national law of {work}")]
    if kind == PlacementType.TEMPORARY_AGENCY_WORK:
        text = (
            f"temporary agency work in {work}: outside the Services Directive; {work} rules apply"
        )
        return [Finding("services_directive_excluded", Severity.WARNING, text, TEMP_WORK_REFERENCE)]
    if not (work_state.is_eea if work_state else work in EEA_COUNTRIES):
        text = f"work country {work} is outside the EEA: the Services Directive does not apply"
        return [Finding("outside_eea_work", Severity.WARNING, text, f"national law of {work}")]
    if work == home:
        return []
    # Directive 2006/123/EC Art 16: host state requirements only if non-discriminatory,
    # necessary and proportionate.
    text = f"{kind} by a member established in {home} into {work}: free provision of services"
    return [Finding("services_directive_applies", Severity.INFO, text, SERVICES_DIRECTIVE)]


def _host_state_finding(
    placement: PlacementFacts,
    state: StateRules | None,
    authorisations: Sequence[MemberAuthorisation],
    today: date,
) -> Finding:
    work, code = placement.work_country, "host_state_requirement"
    activity = placement.placement_type
    if activity != PlacementType.TEMPORARY_AGENCY_WORK:
        activity = "placement"
    if state is None:
        return Finding(code, Severity.WARNING, f"no rules are encoded for {work}", "")
    need, ref = state.placement_requirement, state.legal_reference
    if activity != "placement":
        need, ref = state.temp_work_requirement, f"temporary-work law of {work}"
    if need == "none":
        return Finding(code, Severity.INFO, f"{work} imposes no {activity} requirement", ref)
    if need not in ESTABLISHMENT_REQUIREMENTS:
        text = f"the {activity} requirement of {work} is unknown; check before placing"
        return Finding(code, Severity.WARNING, text, ref)
    held = _valid_authorisation(authorisations, work, activity, placement.start_date)
    if held is None:
        text = f"{work} requires {need} for {activity}; none valid on {placement.start_date}"
        return Finding(code, Severity.BLOCKER, text, ref)
    expired = " (since expired)" if held.valid_until and held.valid_until < today else ""
    text = (
        f"{work} requires {need} for {activity}: member holds {held.kind} {held.number}, "
        f"valid until {held.valid_until or 'no expiry'}{expired}"
    )
    return Finding(code, Severity.INFO, text, ref)


def _valid_authorisation(
    authorisations: Sequence[MemberAuthorisation], country: str, activity: str, on: date
) -> MemberAuthorisation | None:
    for a in authorisations:
        if a.country == country and a.activity == activity:
            if a.valid_until is None or a.valid_until >= on:
                return a
    return None


def _transfer_finding(country: str, rule: TransferRule | None) -> Finding:
    # GDPR Art 45 (adequacy), 46 (appropriate safeguards), 49 (derogations).
    code, adequacy = "third_country_transfer", rule.adequacy if rule else "none"
    if rule is not None and adequacy in ("full", "eea"):
        text = f"client in {country}: covered by {rule.decision or 'an adequacy decision'}"
        return Finding(code, Severity.INFO, text, "GDPR Art 45")
    if rule is not None and adequacy == "partial":
        text = f"client in {country}: adequacy only if {rule.condition}; else Art 46 safeguards"
        return Finding(code, Severity.WARNING, text, "GDPR Art 45, 46")
    text = (
        f"client in {country} without adequacy: Art 46 safeguards (SCCs/BCRs) or an Art 49 "
        "derogation must be documented"
    )
    return Finding(code, Severity.BLOCKER, text, "GDPR Art 46, 49")


def _unverified_findings(state: StateRules | None, rule: TransferRule | None) -> list[Finding]:
    facts = []
    if state is not None and not state.verified:
        facts.append(f"member-state rules of {state.code} {state.legal_reference}".rstrip())
    if rule is not None and not rule.verified:
        facts.append(f"transfer rule for {rule.country}")
    return [
        Finding("unverified_rule", Severity.WARNING, f"unverified fact used: {fact}", "")
        for fact in facts
    ]
