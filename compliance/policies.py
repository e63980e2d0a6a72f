"""The compliance policy (policies/) loaded once, validated, and returned as immutable objects.

Pure module: no Flask, no database. Every validation error is a `PolicyError` whose message names
the file and the field, e.g.
``policies/purposes.yaml: purposes[2].lawful_basis: must be one of a, b, c, d, e, f``.
The reader, provenance rules and ISO periods are in compliance.policy_reading; member-state facts
and the lead authority are read by compliance.policy_states, transfer destinations by
compliance.policy_transfers, purposes (dependencies, objection, restriction) by
compliance.policy_purposes, and assembled here.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from compliance.assessments.rules import CRITERIA, DpiaScreening, dpia_screening
from compliance.policy_ai_act import AiActFacts, load_ai_act
from compliance.policy_purposes import LAWFUL_BASES, Purpose, load_purposes
from compliance.policy_reading import (
    COUNTRY_ALIASES,
    EEA_STATES,
    EU_STATES,
    Period,
    PolicyError,
    PolicyNode,
    RetentionOverride,
    canonical_code,
    load_retention_override,
    read_policy_yaml,
)
from compliance.policy_states import (
    CLAIM_CATEGORY,
    LeadAuthority,
    MemberState,
    RejectedCandidateRule,
    SupervisoryAuthority,
    authority_for,
    claim_period_overrides,
    load_lead_authority,
    load_member_states,
    rejected_candidate_rule,
)
from compliance.policy_transfers import ThirdCountry, load_third_countries

# Re-exported: callers import these from here (defined in compliance.policy_reading and
# compliance.policy_purposes).
__all__ = [
    "COUNTRY_ALIASES", "DATA_CATEGORY_FLAGS", "EEA_STATES", "EU_STATES", "LAWFUL_BASES",
    "SECURITY_MEASURE_FLAGS", "Period", "Policies", "PolicyError", "Purpose", "RetentionOverride",
    "clear_policy_cache", "load_policies",
]

TRIGGERS = (
    "last_activity", "rejection", "placement_end", "consent_withdrawn", "request_closed",
    "membership_end", "created",
)
RETENTION_ACTIONS = ("erase", "anonymise")
DATA_CATEGORY_FLAGS = (
    "identity", "personal_life", "professional_life", "economic_financial", "connection",
    "location", "internet", "other",
)
SECURITY_MEASURE_FLAGS = (
    "access_control", "traceability", "software_protection", "backup", "encryption",
    "processor_control",
)


@dataclasses.dataclass(frozen=True)
class Notice:
    notice_id: str
    version: str
    path: str
    text: str
    sha256: str


@dataclasses.dataclass(frozen=True)
class RetentionCategory:
    id: str
    trigger: str
    period: Period
    action: str
    legal_citation: str
    description: str
    country_overrides: Mapping[str, RetentionOverride]
    enforcement: str = ""  # how it is enforced today: swept, with another category, kept, not yet


@dataclasses.dataclass(frozen=True)
class ProcessingActivity:
    """One Art 30(1) record; fields cover the ICO controller template and the CNIL register."""

    id: str
    name: str
    business_function: str
    purposes: tuple[str, ...]  # ids in purposes.yaml
    purpose: str
    lawful_bases: tuple[str, ...]  # Art 6(1) letters, derived from purposes
    legitimate_interests: tuple[str, ...]  # derived from purposes with basis f
    joint_controller: str | None
    processor_contract_link: str | None
    safeguards: str | None
    security_measures: str | None
    article9_condition: str | None
    automated_decision_making: str | None
    source: str | None
    consent_record_link: str | None
    location: str | None
    breach_link: str | None
    retention_policy_link: str | None
    reasons_not_adhering: str | None
    categories_of_individuals: tuple[str, ...]
    categories_of_personal_data: tuple[str, ...]
    categories_of_recipients: tuple[str, ...]
    third_countries: tuple[str, ...]
    retention: tuple[str, ...]  # ids in retention.yaml
    rights_available: tuple[str, ...]
    data_category_flags: tuple[str, ...]  # subset of DATA_CATEGORY_FLAGS
    recipients_internal: tuple[str, ...]
    recipients_external: tuple[str, ...]
    processors: tuple[str, ...]
    security_measure_flags: tuple[str, ...]  # subset of SECURITY_MEASURE_FLAGS
    sensitive_data: bool
    dpia_criteria: tuple[str, ...]  # WP248 rev.01 criteria met (compliance.assessments.rules)
    dpia_screening: DpiaScreening  # derived from the criteria: required or not, and why
    breach_occurred: bool
    retained_per_policy: bool


_ACTIVITY_TEXTS = (
    "joint_controller", "processor_contract_link", "safeguards", "security_measures",
    "article9_condition", "automated_decision_making", "source", "consent_record_link",
    "location", "breach_link", "retention_policy_link", "reasons_not_adhering",
)
_ACTIVITY_LISTS = (
    "categories_of_individuals", "categories_of_personal_data", "categories_of_recipients",
    "third_countries", "retention", "rights_available", "data_category_flags",
    "recipients_internal", "recipients_external", "processors", "security_measure_flags",
)


@dataclasses.dataclass(frozen=True)
class Policies:
    directory: Path
    version: str
    member_states: Mapping[str, MemberState]
    third_countries: Mapping[str, ThirdCountry]
    international_organisations: Mapping[str, ThirdCountry]
    purposes: Mapping[str, Purpose]
    notices: Mapping[tuple[str, str], Notice]
    retention: Mapping[str, RetentionCategory]
    processing_activities: tuple[ProcessingActivity, ...]
    lead_authority: LeadAuthority
    ai_act: AiActFacts

    def member_state(self, code: str) -> MemberState:
        """The EEA state for `code` (GR accepted for EL); KeyError if not an EEA state."""
        return self.member_states[canonical_code(code)]

    def is_eea(self, code: str) -> bool:
        return canonical_code(code) in EEA_STATES

    def known_country_codes(self) -> frozenset[str]:
        """Canonical codes of member states and listed third countries (aliases excluded)."""
        return frozenset(self.member_states) | frozenset(self.third_countries)

    def retention_period(
        self, category: str, country: str | None = None
    ) -> tuple[Period, str]:
        """Period and citation for `category`, with `country`'s override if it has one."""
        rule = self.retention[category]
        override = rule.country_overrides.get(canonical_code(country)) if country else None
        if override is not None:
            return override.period, override.citation
        return rule.period, rule.legal_citation

    def rejected_candidate_period(self, work_country: str | None) -> RejectedCandidateRule:
        """The period for a rejected applicant, by the VACANCY'S work country (not residence).

        The work country's claim period (member_states/XX.yaml) overrides the schedule's
        rejected_candidate period; an unknown one falls back to the default, and the rule says so.
        """
        rule = self.retention[CLAIM_CATEGORY]
        country = canonical_code(work_country) if work_country else None
        return rejected_candidate_rule((rule.period, rule.legal_citation), self.member_states, country)

    def destination(self, code: str) -> ThirdCountry | None:
        """A third country (ISO code, GR read as EL) or an international organisation (e.g. EPO)."""
        key = canonical_code(code)
        return self.third_countries.get(key) or self.international_organisations.get(key)

    def competent_authority(self, country: str, region: str | None = None) -> SupervisoryAuthority:
        """The supervisory authority to name for `country` (and ISO 3166-2 `region` where regional)."""
        return authority_for(self.member_state(country), region)

    def notice(self, notice_id: str, version: str) -> Notice:
        return self.notices[(notice_id, version)]


def _load_notices(directory: Path) -> dict[tuple[str, str], Notice]:
    notices = {}
    for path in sorted((directory / "notices").glob("*/*.md")):
        data = path.read_bytes()
        relative = path.relative_to(directory).as_posix()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise PolicyError(f"{directory.name}/{relative}: not UTF-8: {error}") from error
        key = (path.parent.name, path.stem)
        notices[key] = Notice(*key, relative, text, hashlib.sha256(data).hexdigest())
    return notices


def _load_retention(directory: Path, states: Mapping[str, MemberState]) -> tuple[str, dict]:
    root = read_policy_yaml(directory, "retention.yaml")
    categories = {}
    for key, node in root.child("categories").entries():
        own = {}
        for country, override in node.child("country_overrides", False).entries():
            if country not in EEA_STATES:
                override.fail("must be an EEA state code")
            if key == CLAIM_CATEGORY:
                override.fail("comes from member_states/XX.yaml rejected_applicant_claim_period")
            own[country] = load_retention_override(override)
        categories[key] = RetentionCategory(
            key, node.child("trigger").choice(TRIGGERS), node.child("period").period(),
            node.child("action").choice(RETENTION_ACTIONS), node.child("legal_citation").text(),
            node.child("description").text(), own,
            node.child("enforcement", False).text(optional=True) or "")
    _merge_state_overrides(directory, categories, states)
    if CLAIM_CATEGORY not in categories:
        root.child("categories").child(CLAIM_CATEGORY).fail("is required (claim periods override it)")
    categories[CLAIM_CATEGORY].country_overrides.update(claim_period_overrides(states))
    frozen = {k: _freeze_overrides(c) for k, c in categories.items()}
    return str(root.child("version").text()), frozen


def _merge_state_overrides(directory: Path, categories: dict, states: Mapping) -> None:
    for code, state in states.items():
        label = f"{directory.name}/member_states/{code}.yaml: retention_overrides"
        for key, override in state.retention_overrides.items():
            if key not in categories:
                raise PolicyError(f"{label}.{key}: unknown retention category")
            if code in categories[key].country_overrides:
                raise PolicyError(f"{label}.{key}: also defined in retention.yaml")
            categories[key].country_overrides[code] = override


def _freeze_overrides(category: RetentionCategory) -> RetentionCategory:
    frozen = MappingProxyType(dict(category.country_overrides))
    return dataclasses.replace(category, country_overrides=frozen)


def _load_activity(node: PolicyNode, purposes: Mapping, known: Mapping) -> ProcessingActivity:
    ids = node.child("purposes").texts()
    for index, purpose_id in enumerate(ids):
        if purpose_id not in purposes:
            node.child("purposes").items()[index].fail(f"unknown purpose {purpose_id}")
    chosen = [purposes[i] for i in ids]
    lists = {name: node.child(name).texts(known.get(name)) for name in _ACTIVITY_LISTS}
    return ProcessingActivity(
        id=node.child("id").text(), name=node.child("name").text(),
        business_function=node.child("business_function").text(), purposes=ids,
        purpose=node.child("purpose").text(),
        lawful_bases=tuple(sorted({p.lawful_basis for p in chosen})),
        legitimate_interests=tuple(p.legitimate_interest for p in chosen if p.legitimate_interest),
        **{n: node.child(n).text(optional=True) for n in _ACTIVITY_TEXTS}, **lists,
        sensitive_data=node.child("sensitive_data").flag(),
        dpia_criteria=(criteria := node.child("dpia_criteria").texts(CRITERIA)),
        dpia_screening=dpia_screening(criteria),
        breach_occurred=node.child("breach_occurred").flag(),
        retained_per_policy=node.child("retained_per_policy").flag())


def _load_activities(directory: Path, purposes: Mapping, retention: Mapping,
                     countries: Mapping) -> tuple[ProcessingActivity, ...]:
    root = read_policy_yaml(directory, "processing_activities.yaml")
    known = {"data_category_flags": DATA_CATEGORY_FLAGS,
             "security_measure_flags": SECURITY_MEASURE_FLAGS,
             "retention": tuple(retention), "third_countries": tuple(countries)}
    return tuple(_load_activity(n, purposes, known) for n in root.child("activities").items())


def _fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        relative = path.relative_to(directory).as_posix()
        if not any(part.startswith(".") for part in relative.split("/")):
            digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:8]


@functools.lru_cache(maxsize=8)
def _load_resolved(directory: str) -> Policies:
    root = Path(directory)
    if not root.is_dir():
        raise PolicyError(f"{directory}: policy directory not found")
    states = load_member_states(root)
    countries, organisations = load_third_countries(root)
    notices = _load_notices(root)
    version, retention = _load_retention(root, states)
    purposes = load_purposes(root, notices, retention)
    activities = _load_activities(root, purposes, retention, countries)
    lead = load_lead_authority(root, states)
    ai_act = load_ai_act(root)
    return Policies(
        root, f"{version}+{_fingerprint(root)}", MappingProxyType(states),
        MappingProxyType(countries), MappingProxyType(organisations), MappingProxyType(purposes),
        MappingProxyType(notices), MappingProxyType(retention), activities, lead, ai_act)


def load_policies(directory: str | Path) -> Policies:
    """Read and validate every policy file under `directory` once (cached per resolved path)."""
    return _load_resolved(str(Path(directory).resolve()))


def clear_policy_cache() -> None:
    """Forget loaded policies, e.g. after the files changed on disk."""
    _load_resolved.cache_clear()
