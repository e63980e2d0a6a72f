"""The compliance policy (policies/) loaded once, validated, and returned as immutable objects.

Pure module: no Flask, no database. Every validation error is a `PolicyError` whose message names
the file and the field, e.g.
``policies/purposes.yaml: purposes[2].lawful_basis: must be one of a, b, c, d, e, f``.
Member-state facts and the lead authority are read by compliance.policy_states, transfer
destinations by compliance.policy_transfers, both with this module's reader and provenance rules.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NoReturn

import yaml

if TYPE_CHECKING:  # defined by the fact loaders, which import this module
    from compliance.policy_states import (
        LeadAuthority,
        MemberState,
        RejectedCandidateRule,
        SupervisoryAuthority,
    )
    from compliance.policy_transfers import ThirdCountry

EU_STATES = frozenset(
    "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
EEA_STATES = EU_STATES | {"IS", "LI", "NO"}
COUNTRY_ALIASES: Mapping[str, str] = MappingProxyType({"GR": "EL"})  # ISO 3166 GR; EU uses EL
LAWFUL_BASES = ("a", "b", "c", "d", "e", "f")  # GDPR Art 6(1)
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
DPIA_PROGRESS = ("not_required", "planned", "in_progress", "completed")

_PERIOD_RE = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?")
_URL_RE = re.compile(r"https?://\S+")


class PolicyError(Exception):
    """The policy data is missing, malformed or inconsistent."""


@dataclasses.dataclass(frozen=True)
class Period:
    """An ISO-8601 calendar period PnYnMnD."""

    years: int = 0
    months: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse 'P4M', 'P2Y', 'P1Y6M10D'; raise ValueError otherwise."""
        match = _PERIOD_RE.fullmatch(text) if isinstance(text, str) else None
        if match is None or not any(match.groups()):
            raise ValueError(f"{text!r} is not an ISO-8601 period PnYnMnD")
        return cls(*(int(group or 0) for group in match.groups()))

    def add_to(self, start: dt.date) -> dt.date:
        """Add years and months (clamping to the month's last day), then days."""
        month_index = start.month - 1 + self.months + 12 * self.years
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day) + dt.timedelta(days=self.days)

    def __str__(self) -> str:
        parts = [(self.years, "Y"), (self.months, "M"), (self.days, "D")]
        return "P" + "".join(f"{n}{unit}" for n, unit in parts if n) if any(
            n for n, _ in parts
        ) else "P0D"


DEFAULT_CONSENT_VALIDITY = Period(months=24)


@dataclasses.dataclass(frozen=True)
class RetentionOverride:
    period: Period
    citation: str
    verified: bool
    sources: tuple[str, ...]
    verified_on: dt.date | None = None  # the date the source was read; None when not verified


@dataclasses.dataclass(frozen=True)
class Purpose:
    id: str
    name: str
    description: str
    lawful_basis: str
    requires_consent: bool
    consent_validity: Period | None
    scoped_to_client: bool
    direct_marketing: bool
    notice_id: str
    notice_version: str
    legitimate_interest: str | None
    data_categories: tuple[str, ...]
    retention_category: str


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


@dataclasses.dataclass(frozen=True)
class Controller:
    name: str
    registry_code: str
    address: str
    country: str
    representative: str | None
    dpo_name: str
    dpo_email: str


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
    lia_link: str | None
    automated_decision_making: str | None
    source: str | None
    consent_record_link: str | None
    location: str | None
    dpia_link: str | None
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
    dpia_required: bool
    dpia_progress: str
    breach_occurred: bool
    retained_per_policy: bool


_ACTIVITY_TEXTS = (
    "joint_controller", "processor_contract_link", "safeguards", "security_measures",
    "article9_condition", "lia_link", "automated_decision_making", "source", "consent_record_link",
    "location", "dpia_link", "breach_link", "retention_policy_link", "reasons_not_adhering",
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
    controller: Controller
    lead_authority: LeadAuthority

    def member_state(self, code: str) -> MemberState:
        """The EEA state for `code` (GR accepted for EL); KeyError if not an EEA state."""
        return self.member_states[_canonical(code)]

    def is_eea(self, code: str) -> bool:
        return _canonical(code) in EEA_STATES

    def known_country_codes(self) -> frozenset[str]:
        """Canonical codes of member states and listed third countries (aliases excluded)."""
        return frozenset(self.member_states) | frozenset(self.third_countries)

    def retention_period(
        self, category: str, country: str | None = None
    ) -> tuple[Period, str]:
        """Period and citation for `category`, with `country`'s override if it has one."""
        rule = self.retention[category]
        override = rule.country_overrides.get(_canonical(country)) if country else None
        if override is not None:
            return override.period, override.citation
        return rule.period, rule.legal_citation

    def rejected_candidate_period(self, work_country: str | None) -> RejectedCandidateRule:
        """The period for a rejected applicant, by the VACANCY'S work country (not residence).

        The work country's claim period (member_states/XX.yaml) overrides the schedule's
        rejected_candidate period; an unknown one falls back to the default, and the rule says so.
        """
        from compliance.policy_states import CLAIM_CATEGORY, rejected_candidate_rule

        rule = self.retention[CLAIM_CATEGORY]
        country = _canonical(work_country) if work_country else None
        return rejected_candidate_rule((rule.period, rule.legal_citation), self.member_states, country)

    def destination(self, code: str) -> ThirdCountry | None:
        """A third country (ISO code, GR read as EL) or an international organisation (e.g. EPO)."""
        key = _canonical(code)
        return self.third_countries.get(key) or self.international_organisations.get(key)

    def competent_authority(self, country: str, region: str | None = None) -> SupervisoryAuthority:
        """The supervisory authority to name for `country` (and ISO 3166-2 `region` where regional)."""
        from compliance.policy_states import competent_authority

        return competent_authority(self.member_state(country), region)

    def notice(self, notice_id: str, version: str) -> Notice:
        return self.notices[(notice_id, version)]


def _canonical(code: str) -> str:
    code = code.strip().upper()
    return COUNTRY_ALIASES.get(code, code)


@dataclasses.dataclass(frozen=True)
class _Node:
    """A value read from a policy file, with the path used in error messages."""

    file: str
    path: str
    value: Any

    def fail(self, message: str) -> NoReturn:
        raise PolicyError(f"{self.file}: {self.path or '<root>'}: {message}")

    def child(self, key: str, required: bool = True) -> _Node:
        """The value at `key`; a missing optional key reads as None."""
        path = f"{self.path}.{key}" if self.path else key
        if not isinstance(self.value, dict):
            self.fail("must be a mapping")
        if required and key not in self.value:
            _Node(self.file, path, None).fail("is required")
        return _Node(self.file, path, self.value.get(key))

    def items(self, optional: bool = False) -> list[_Node]:
        if self.value is None and optional:
            return []
        if not isinstance(self.value, list):
            self.fail("must be a list")
        return [_Node(self.file, f"{self.path}[{i}]", v) for i, v in enumerate(self.value)]

    def entries(self) -> list[tuple[str, _Node]]:
        """Key/value pairs of a mapping; an absent (None) mapping has none."""
        if self.value is None:
            return []
        if not isinstance(self.value, dict):
            self.fail("must be a mapping")
        return [(str(key), self.child(str(key))) for key in self.value]

    def text(self, optional: bool = False) -> str | None:
        if self.value is None and optional:
            return None
        if not isinstance(self.value, str) or not self.value.strip():
            self.fail("must be a non-empty string")
        return self.value

    def flag(self) -> bool:
        if not isinstance(self.value, bool):
            self.fail("must be true or false")
        return self.value

    def choice(self, choices: tuple[str, ...]) -> str:
        if self.value not in choices:
            self.fail(f"must be one of {', '.join(choices)}")
        return self.value

    def date(self, optional: bool = False) -> dt.date | None:
        """A YAML date (2026-11-29) or the same as an ISO string."""
        value = self.value
        if value is None and optional:
            return None
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                pass
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.fail("must be a date YYYY-MM-DD")
        return value

    def period(self) -> Period:
        try:
            return Period.parse(self.value)
        except ValueError as error:
            self.fail(str(error))

    def texts(self, choices: tuple[str, ...] | None = None) -> tuple[str, ...]:
        nodes = self.items()
        return tuple(n.choice(choices) if choices else n.text() for n in nodes)


def _provenance(node: _Node) -> tuple[bool, tuple[str, ...], dt.date | None]:
    """(verified, sources, verified_on): `verified` is the date someone read the source, or false.

    Every fact lists at least one source (for an unverified one: where it should be checked); a
    verified fact needs a source with its address, and cannot have been read in the future.
    """
    sources = node.child("sources").texts()
    if not sources:
        node.child("sources").fail("list at least one source (unverified: where to check it)")
    verified = node.child("verified")
    if verified.value is False:
        return False, sources, None
    if verified.value is True:
        verified.fail("must be the date the source was read (YYYY-MM-DD), or false")
    read_on = verified.date()
    if read_on > dt.date.today():
        verified.fail(f"{read_on} is in the future: give the date the source was read")
    if not any(_URL_RE.search(source) for source in sources):
        node.child("sources").fail("a verified fact needs a source with its address (https://...)")
    return True, sources, read_on


def _read_yaml(directory: Path, relative: str) -> _Node:
    label = f"{directory.name}/{relative}"
    path = directory / relative
    if not path.is_file():
        raise PolicyError(f"{label}: file not found")
    try:
        return _Node(label, "", yaml.safe_load(path.read_text(encoding="utf-8")))
    except yaml.YAMLError as error:
        raise PolicyError(f"{label}: invalid YAML: {error}") from error


def _load_override(node: _Node) -> RetentionOverride:
    return RetentionOverride(node.child("period").period(), node.child("citation").text(),
                             *_provenance(node))


# The reader shared with the fact loaders (compliance.policy_states, compliance.policy_transfers).
PolicyNode = _Node
read_policy_yaml = _read_yaml
read_provenance = _provenance
load_retention_override = _load_override


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


def _load_purpose(node: _Node, notices: Mapping, retention: Mapping) -> Purpose:
    basis = node.child("lawful_basis").choice(LAWFUL_BASES)
    consent = node.child("requires_consent").flag()
    if consent != (basis == "a"):
        node.child("requires_consent").fail("must be true exactly when lawful_basis is a")
    validity = _consent_validity(node.child("consent_validity", False)) if consent else None
    interest = node.child("legitimate_interest", basis == "f").text(optional=basis != "f")
    notice_id, _, version = (node.child("notice").text() or "").partition("/")
    if (notice_id, version) not in notices:
        node.child("notice").fail(f"notices/{notice_id}/{version}.md: file not found")
    category = node.child("retention_category").text()
    if category not in retention:
        node.child("retention_category").fail("unknown retention category")
    return Purpose(
        node.child("id").text(), node.child("name").text(), node.child("description").text(),
        basis, consent, validity, node.child("scoped_to_client").flag(),
        node.child("direct_marketing").flag(), notice_id, version, interest,
        node.child("data_categories").texts(), category)


def _consent_validity(node: _Node) -> Period:
    # EDPB Guidelines 05/2020 §111: refresh consent at intervals; market default 24 months
    return DEFAULT_CONSENT_VALIDITY if node.value is None else node.period()


def _load_purposes(directory: Path, notices: Mapping, retention: Mapping) -> dict[str, Purpose]:
    purposes = {}
    for node in _read_yaml(directory, "purposes.yaml").child("purposes").items():
        purpose = _load_purpose(node, notices, retention)
        if purpose.id in purposes:
            node.child("id").fail(f"duplicate purpose id {purpose.id}")
        purposes[purpose.id] = purpose
    return purposes


def _load_retention(directory: Path, states: Mapping[str, MemberState]) -> tuple[str, dict]:
    from compliance.policy_states import CLAIM_CATEGORY, claim_period_overrides

    root = _read_yaml(directory, "retention.yaml")
    categories = {}
    for key, node in root.child("categories").entries():
        own = {}
        for country, override in node.child("country_overrides", False).entries():
            if country not in EEA_STATES:
                override.fail("must be an EEA state code")
            if key == CLAIM_CATEGORY:
                override.fail("comes from member_states/XX.yaml rejected_applicant_claim_period")
            own[country] = _load_override(override)
        categories[key] = RetentionCategory(
            key, node.child("trigger").choice(TRIGGERS), node.child("period").period(),
            node.child("action").choice(RETENTION_ACTIONS), node.child("legal_citation").text(),
            node.child("description").text(), own)
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


def _load_controller(node: _Node) -> Controller:
    dpo = node.child("dpo")
    return Controller(
        node.child("name").text(), str(node.child("registry_code").value),
        node.child("address").text(),
        node.child("country").choice(tuple(sorted(EEA_STATES))),
        node.child("representative", False).text(optional=True),
        dpo.child("name").text(), dpo.child("email").text())


def _load_activity(node: _Node, purposes: Mapping, known: Mapping) -> ProcessingActivity:
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
        dpia_required=node.child("dpia_required").flag(),
        dpia_progress=node.child("dpia_progress").choice(DPIA_PROGRESS),
        breach_occurred=node.child("breach_occurred").flag(),
        retained_per_policy=node.child("retained_per_policy").flag())


def _load_activities(directory: Path, purposes: Mapping, retention: Mapping,
                     countries: Mapping) -> tuple[Controller, tuple[ProcessingActivity, ...]]:
    root = _read_yaml(directory, "processing_activities.yaml")
    known = {"data_category_flags": DATA_CATEGORY_FLAGS,
             "security_measure_flags": SECURITY_MEASURE_FLAGS,
             "retention": tuple(retention), "third_countries": tuple(countries)}
    activities = tuple(_load_activity(n, purposes, known) for n in root.child("activities").items())
    return _load_controller(root.child("controller")), activities


def _fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        relative = path.relative_to(directory).as_posix()
        if not any(part.startswith(".") for part in relative.split("/")):
            digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:8]


@functools.lru_cache(maxsize=8)
def _load_resolved(directory: str) -> Policies:
    # The fact loaders build on this module's reader, so they are imported when loading.
    from compliance.policy_states import load_lead_authority, load_member_states
    from compliance.policy_transfers import load_third_countries

    root = Path(directory)
    if not root.is_dir():
        raise PolicyError(f"{directory}: policy directory not found")
    states = load_member_states(root)
    countries, organisations = load_third_countries(root)
    notices = _load_notices(root)
    version, retention = _load_retention(root, states)
    purposes = _load_purposes(root, notices, retention)
    controller, activities = _load_activities(root, purposes, retention, countries)
    lead = load_lead_authority(root, states, controller.country)
    return Policies(
        root, f"{version}+{_fingerprint(root)}", MappingProxyType(states),
        MappingProxyType(countries), MappingProxyType(organisations), MappingProxyType(purposes),
        MappingProxyType(notices), MappingProxyType(retention), activities, controller, lead)


def load_policies(directory: str | Path) -> Policies:
    """Read and validate every policy file under `directory` once (cached per resolved path)."""
    return _load_resolved(str(Path(directory).resolve()))


def clear_policy_cache() -> None:
    """Forget loaded policies, e.g. after the files changed on disk."""
    _load_resolved.cache_clear()
