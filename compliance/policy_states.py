"""Member-state facts (policies/member_states/XX.yaml) and the lead authority, loaded and validated.

Part of the policy loader (assembled in compliance.policies, reader in compliance.policy_reading):
pure, no Flask, no database; every error names the file and the field, e.g.
``policies/member_states/DE.yaml: supervisory_authority.regional[2].code: must be a DE-xx
subdivision code``. Every fact carries `verified` (the date its source was read, or
false) and `sources`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from compliance.policy_reading import (
    EEA_STATES,
    EU_STATES,
    Period,
    PolicyError,
    PolicyNode,
    RetentionOverride,
    load_retention_override,
    read_policy_yaml,
    read_provenance,
)

REQUIREMENTS = (
    "none", "registration", "notification", "licence", "authorisation", "concession", "unknown",
)
# When a rejected applicant's claim period starts to run: at the rejection, when the applicant
# learnt of the discrimination, or when it was revealed (FR Code du travail L1134-5).
CLAIM_STARTS = ("rejection", "knowledge", "revelation")
CLAIM_CATEGORY = "rejected_candidate"  # the retention category the claim periods override


@dataclasses.dataclass(frozen=True)
class RegionalAuthority:
    """A supervisory authority for part of a state (e.g. a German Land), by ISO 3166-2 code."""

    code: str
    region: str
    name: str
    website: str | None
    verified: bool
    sources: tuple[str, ...]
    verified_on: dt.date | None = None


@dataclasses.dataclass(frozen=True)
class SupervisoryAuthority:
    name: str
    website: str | None
    verified: bool
    sources: tuple[str, ...]
    verified_on: dt.date | None = None
    competent_for: str | None = None  # whom it supervises, where the state has several authorities
    note: str | None = None
    regional: tuple[RegionalAuthority, ...] = ()


@dataclasses.dataclass(frozen=True)
class AgeOfConsent:
    """GDPR Art 8 age; value None when unknown."""

    value: int | None
    note: str | None
    verified: bool
    sources: tuple[str, ...]
    verified_on: dt.date | None = None


@dataclasses.dataclass(frozen=True)
class Requirement:
    """A licensing requirement (placement or temporary work); value is one of REQUIREMENTS."""

    value: str
    legal_reference: str | None
    note: str | None
    verified: bool
    sources: tuple[str, ...]
    verified_on: dt.date | None = None


@dataclasses.dataclass(frozen=True)
class ClaimPeriod:
    """Time a rejected applicant has to bring a discrimination claim; value None when unknown."""

    value: Period | None
    starts: str | None  # one of CLAIM_STARTS when the value is known
    legal_reference: str | None
    note: str | None
    verified: bool
    sources: tuple[str, ...]
    verified_on: dt.date | None = None

    @property
    def counts_from_rejection(self) -> bool:
        """A known, verified period that a retention clock started at the rejection can use."""
        return self.value is not None and self.verified and self.starts == "rejection"


@dataclasses.dataclass(frozen=True)
class MemberState:
    code: str
    name: str
    supervisory_authority: SupervisoryAuthority
    age_of_digital_consent: AgeOfConsent
    placement_requirement: Requirement
    temporary_work_agency: Requirement
    rejected_applicant_claim_period: ClaimPeriod
    retention_overrides: Mapping[str, RetentionOverride]

    @property
    def is_eu(self) -> bool:
        return self.code in EU_STATES


@dataclasses.dataclass(frozen=True)
class LeadAuthority:
    """GDPR Art 56(1): the authority of the controller's main establishment leads."""

    country: str
    authority: SupervisoryAuthority
    legal_basis: str
    note: str | None
    verified: bool
    sources: tuple[str, ...]
    verified_on: dt.date | None = None


@dataclasses.dataclass(frozen=True)
class RejectedCandidateRule:
    """How long a rejected applicant's data is kept, for the vacancy's work country, and why."""

    period: Period
    citation: str
    country: str | None
    source: str  # "member_state" (the state's claim period) or "default" (the schedule's period)
    reason: str


def _load_regional(node: PolicyNode, state: str) -> RegionalAuthority:
    code = node.child("code").text()
    if not re.fullmatch(rf"{state}-[A-Z0-9]{{1,3}}", code):
        node.child("code").fail(f"must be a {state}-xx subdivision code (ISO 3166-2)")
    return RegionalAuthority(code, node.child("region").text(), node.child("name").text(),
                             node.child("website", False).text(optional=True), *read_provenance(node))


def _load_authority(node: PolicyNode, state: str) -> SupervisoryAuthority:
    regional = tuple(_load_regional(n, state) for n in node.child("regional", False).items(optional=True))
    if len({r.code for r in regional}) != len(regional):
        node.child("regional").fail("lists a subdivision code twice")
    return SupervisoryAuthority(
        node.child("name").text(), node.child("website", False).text(optional=True),
        *read_provenance(node), competent_for=node.child("competent_for", False).text(optional=True),
        note=node.child("note", False).text(optional=True), regional=regional)


def _refuse_verified_unknown(node: PolicyNode, what: str) -> None:
    if node.child("verified").value is not False:
        node.child("verified").fail(f"an unknown {what} cannot be verified")


def _load_requirement(node: PolicyNode) -> Requirement:
    value = node.child("value").choice(REQUIREMENTS)
    if value == "unknown":
        _refuse_verified_unknown(node, "requirement")
    verified, sources, verified_on = read_provenance(node)
    return Requirement(value, node.child("legal_reference", False).text(optional=True),
                       node.child("note", False).text(optional=True), verified, sources, verified_on)


def _load_age(node: PolicyNode) -> AgeOfConsent:
    value = node.child("value").value
    if value is not None and (type(value) is not int or not 13 <= value <= 16):
        node.child("value").fail("must be an integer 13-16 (GDPR Art 8(1)) or null")
    if value is None:
        _refuse_verified_unknown(node, "age")
    verified, sources, verified_on = read_provenance(node)
    return AgeOfConsent(value, node.child("note", False).text(optional=True), verified, sources,
                        verified_on)


def _load_claim_period(node: PolicyNode) -> ClaimPeriod:
    if node.child("value").value == "unknown":
        _refuse_verified_unknown(node, "claim period")
    verified, sources, verified_on = read_provenance(node)
    reference = node.child("legal_reference", False).text(optional=True)
    note = node.child("note", False).text(optional=True)
    if node.child("value").value == "unknown":
        return ClaimPeriod(None, None, reference, note, verified, sources, verified_on)
    period = node.child("value").period()
    if not verified:
        node.child("verified").fail("a claim period the retention sweep relies on must be verified; "
                                    "write `value: unknown` and put the lead in the note")
    starts = node.child("starts").choice(CLAIM_STARTS)
    return ClaimPeriod(period, starts, node.child("legal_reference").text(), note, verified, sources,
                       verified_on)


def _load_member_state(directory: Path, code: str) -> MemberState:
    root = read_policy_yaml(directory, f"member_states/{code}.yaml")
    if root.child("code").value != code:
        root.child("code").fail(f"must be {code} (the file name)")
    overrides = {}
    for key, node in root.child("retention_overrides", False).entries():
        if key == CLAIM_CATEGORY:
            node.fail("comes from rejected_applicant_claim_period (the claim period in this state)")
        overrides[key] = load_retention_override(node)
    return MemberState(
        code=code, name=root.child("name").text(),
        supervisory_authority=_load_authority(root.child("supervisory_authority"), code),
        age_of_digital_consent=_load_age(root.child("age_of_digital_consent")),
        placement_requirement=_load_requirement(root.child("placement_requirement")),
        temporary_work_agency=_load_requirement(root.child("temporary_work_agency")),
        rejected_applicant_claim_period=_load_claim_period(
            root.child("rejected_applicant_claim_period")),
        retention_overrides=MappingProxyType(overrides),
    )


def load_member_states(directory: Path) -> dict[str, MemberState]:
    """The 30 EEA states, one file each; a missing or stray file is an error."""
    found = {p.stem for p in (directory / "member_states").glob("*.yaml")}
    if stray := sorted(found - EEA_STATES):
        raise PolicyError(f"{directory.name}/member_states/{stray[0]}.yaml: not an EEA state code")
    if missing := sorted(EEA_STATES - found):
        raise PolicyError(f"{directory.name}/member_states/{missing[0]}.yaml: file not found")
    return {code: _load_member_state(directory, code) for code in sorted(EEA_STATES)}


def claim_period_overrides(states: Mapping[str, MemberState]) -> dict[str, RetentionOverride]:
    """The rejected_candidate period per state whose claim period counts from the rejection."""
    overrides = {}
    for code, state in states.items():
        claim = state.rejected_applicant_claim_period
        if claim.counts_from_rejection:
            citation = (f"{claim.legal_reference}: time to bring a discrimination claim after the "
                        f"rejection (member_states/{code}.yaml)")
            overrides[code] = RetentionOverride(claim.value, citation, claim.verified, claim.sources,
                                                claim.verified_on)
    return overrides


def rejected_candidate_rule(
    default: tuple[Period, str], states: Mapping[str, MemberState], work_country: str | None
) -> RejectedCandidateRule:
    """The vacancy's work country's claim period, or the schedule default with the reason why."""
    period, citation = default
    state = states.get(work_country) if work_country else None
    if state is None:
        where = f"{work_country} is outside the EEA" if work_country else "no work country given"
        return RejectedCandidateRule(period, citation, work_country, "default",
                                     f"{where}: the schedule default {period} applies")
    claim = state.rejected_applicant_claim_period
    if claim.counts_from_rejection:
        override = claim_period_overrides({state.code: state})[state.code]
        return RejectedCandidateRule(claim.value, override.citation, state.code, "member_state",
                                     f"claim period in {state.code}: {claim.value}")
    if claim.value is None:
        why = f"claim period in {state.code} unknown (not verified)"
    else:
        why = f"claim period in {state.code} runs from the {claim.starts}, not from the rejection"
    return RejectedCandidateRule(period, citation, state.code, "default",
                                 f"{why}: the schedule default {period} applies")


def authority_for(state: MemberState, region: str | None = None) -> SupervisoryAuthority:
    """The authority for `region` (ISO 3166-2, e.g. DE-BY) where the state has regional ones."""
    national = state.supervisory_authority
    match = next((r for r in national.regional if region and r.code == region.upper()), None)
    if match is None:
        return national
    return SupervisoryAuthority(match.name, match.website, match.verified, match.sources,
                                match.verified_on, competent_for=national.competent_for)


def load_lead_authority(directory: Path, states: Mapping[str, MemberState]) -> LeadAuthority:
    """policies/lead_authority.yaml. That it names the controller's own country (its main
    establishment, CONTROLLER_COUNTRY in the configuration) is checked when the app starts."""
    root = read_policy_yaml(directory, "lead_authority.yaml")
    country = root.child("main_establishment").choice(tuple(sorted(EEA_STATES)))
    return LeadAuthority(country, states[country].supervisory_authority,
                         root.child("legal_basis").text(), root.child("note", False).text(optional=True),
                         *read_provenance(root))
