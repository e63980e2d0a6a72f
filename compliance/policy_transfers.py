"""Transfer destinations outside the EEA (policies/third_countries.yaml), loaded and validated.

GDPR Art 45: an adequacy decision covers a whole country (`full`), only the recipients meeting a
named condition (`partial`, e.g. the EU-US Data Privacy Framework: certified importers only), or
nothing (`none`: Art 46 safeguards or an Art 49 derogation are needed). Each decision has its
citation, the dates it applies from and until, its sources and the date they were read.
International organisations (Art 45(1)) are destinations too, keyed by a short name (e.g. EPO).
Part of the policy loader (assembled in compliance.policies, reader in compliance.policy_reading):
pure, errors name the file and the field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from compliance.policy_reading import (
    COUNTRY_ALIASES,
    EEA_STATES,
    PolicyNode,
    read_policy_yaml,
    read_provenance,
)

ADEQUACY_LEVELS = ("full", "partial", "none")  # GDPR Art 45
DESTINATION_KINDS = ("country", "international_organisation")
_COUNTRY_RE = re.compile(r"[A-Z]{2}")
_ORGANISATION_RE = re.compile(r"[A-Z][A-Z0-9]{2,15}")
_CONDITION_ID_RE = re.compile(r"[a-z][a-z0-9_]*")


@dataclasses.dataclass(frozen=True)
class ThirdCountry:
    """A transfer destination outside the EEA (ISO code, or e.g. 'EPO' for an organisation)."""

    code: str
    name: str
    adequacy: str
    condition: str | None  # partial: who is covered and who is not, in words
    decision: str | None  # the decision's citation
    note: str | None
    verified: bool
    sources: tuple[str, ...]
    verified_on: dt.date | None = None
    condition_id: str | None = None  # partial: a stable name code can test, e.g. dpf_certified
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None  # None: no end date in the decision
    kind: str = "country"

    def adequacy_on(self, day: dt.date) -> str:
        """The adequacy that applies to a disclosure on `day`: 'none' outside the decision's dates."""
        if self.adequacy == "none" or (self.valid_from and day < self.valid_from):
            return "none"
        if self.valid_until and day > self.valid_until:
            return "none"
        return self.adequacy


def _condition(node: PolicyNode, adequacy: str) -> tuple[str | None, str | None]:
    condition = node.child("condition", False).text(optional=True)
    condition_id = node.child("condition_id", False).text(optional=True)
    if adequacy != "partial":
        if condition or condition_id:
            node.child("condition", False).fail("only a partial adequacy decision has a condition")
        return None, None
    if condition is None:
        node.child("condition", False).fail("a partial adequacy decision needs a condition")
    if condition_id is None or not _CONDITION_ID_RE.fullmatch(condition_id):
        node.child("condition_id", False).fail(
            "a partial adequacy decision needs a condition_id (snake_case)")
    return condition, condition_id


def _validity(node: PolicyNode, adequacy: str) -> tuple[str | None, dt.date | None, dt.date | None]:
    decision = node.child("decision", False).text(optional=True)
    valid_from = node.child("valid_from", False).date(optional=True)
    valid_until = node.child("valid_until", False).date(optional=True)
    if adequacy == "none":
        if decision or valid_from or valid_until:
            node.child("decision", False).fail("a destination without adequacy has no decision or dates")
        return None, None, None
    if decision is None:
        node.child("decision", False).fail("an adequacy decision needs its citation")
    if valid_from is None:
        node.child("valid_from", False).fail("an adequacy decision needs the date it applies from")
    if valid_until is not None and valid_until < valid_from:
        node.child("valid_until", False).fail("must not be before valid_from")
    return decision, valid_from, valid_until


def _load_destination(code: str, node: PolicyNode, kind: str) -> ThirdCountry:
    adequacy = node.child("adequacy").choice(ADEQUACY_LEVELS)
    condition, condition_id = _condition(node, adequacy)
    decision, valid_from, valid_until = _validity(node, adequacy)
    return ThirdCountry(
        code, node.child("name").text(), adequacy, condition, decision,
        node.child("note", False).text(optional=True), *read_provenance(node),
        condition_id=condition_id, valid_from=valid_from, valid_until=valid_until, kind=kind)


def load_third_countries(directory: Path) -> tuple[dict[str, ThirdCountry], dict[str, ThirdCountry]]:
    """Countries (ISO 3166-1 alpha-2, outside the EEA) and international organisations."""
    root = read_policy_yaml(directory, "third_countries.yaml")
    countries = {}
    for code, node in root.child("countries").entries():
        if not _COUNTRY_RE.fullmatch(code) or code in EEA_STATES | set(COUNTRY_ALIASES):
            node.fail("must be an ISO 3166 alpha-2 code of a country outside the EEA")
        countries[code] = _load_destination(code, node, "country")
    organisations = {}
    for key, node in root.child("international_organisations", False).entries():
        if not _ORGANISATION_RE.fullmatch(key):
            node.fail("must be an upper-case short name of 3-16 letters or digits (not a country code)")
        organisations[key] = _load_destination(key, node, "international_organisation")
    return countries, organisations
