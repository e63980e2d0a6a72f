"""Member-state facts from policies/member_states/ for the API, each with its provenance."""

from __future__ import annotations

from dataclasses import asdict

from compliance.errors import NotFound
from compliance.policy_context import current_policies
from compliance.policy_states import MemberState


def _claim_period_fact(state: MemberState) -> dict:
    claim = state.rejected_applicant_claim_period
    return {**asdict(claim), "value": str(claim.value) if claim.value else "unknown"}


def member_state_view(state: MemberState) -> dict:
    """Headline values plus every fact with `verified` (and the date it was read) and `sources`."""
    facts = {
        "supervisory_authority": {**asdict(state.supervisory_authority),
                                  "value": state.supervisory_authority.name},
        "age_of_digital_consent": asdict(state.age_of_digital_consent),
        "placement_requirement": asdict(state.placement_requirement),
        "temporary_work_agency": asdict(state.temporary_work_agency),
        "rejected_applicant_claim_period": _claim_period_fact(state),
    }
    for fact in facts.values():
        fact.pop("name", None)
    sources = dict.fromkeys(s for fact in facts.values() for s in fact["sources"])
    overrides = {key: {"period": str(o.period), "citation": o.citation, "verified": o.verified,
                       "sources": list(o.sources)} for key, o in state.retention_overrides.items()}
    return {
        "code": state.code, "name": state.name, "is_eu": state.is_eu,
        "supervisory_authority": state.supervisory_authority.name,
        "age_of_digital_consent": state.age_of_digital_consent.value,
        "placement_requirement": state.placement_requirement.value,
        "temporary_work_agency_requirement": state.temporary_work_agency.value,
        "rejected_applicant_claim_period": facts["rejected_applicant_claim_period"]["value"],
        "verified": all(fact["verified"] for fact in facts.values()),
        "sources": list(sources), "facts": facts, "retention_overrides": overrides,
    }


def list_member_states() -> list[dict]:
    """The EU27 and IS, LI, NO in code order."""
    states = current_policies().member_states
    return [member_state_view(states[code]) for code in sorted(states)]


def get_member_state(code: str) -> dict:
    """One state by ISO code (GR is read as EL); 404 outside the EEA."""
    try:
        return member_state_view(current_policies().member_state(code))
    except KeyError:
        raise NotFound("No member-state rules for this code (EEA states only).") from None
