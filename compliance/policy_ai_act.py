"""The AI Act facts (policies/ai_act.yaml), loaded and validated: the Annex III uses of a
recruitment platform, the date a deployer's high-risk duties apply from (amended once already, so
policy data with its sources, never a constant), and the deployer's duties.
Part of the policy loader (assembled in compliance.policies): pure, errors name the file and field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from compliance.assessments.rules import ANNEX_III, AnnexIII
from compliance.policy_reading import Period, read_policy_yaml, read_provenance


@dataclasses.dataclass(frozen=True)
class Fact:
    verified: bool
    sources: tuple[str, ...]
    verified_on: dt.date | None


@dataclasses.dataclass(frozen=True)
class AiActFacts:
    regulation: str
    annex_iii: Mapping[str, str]  # "4(a)" -> the Annex's words
    annex_iii_fact: Fact
    high_risk_duties_from: dt.date
    high_risk_duties_previously: dt.date | None
    date_fact: Fact
    deployer_duties: tuple[str, ...]
    minimum_log_retention: Period
    duties_fact: Fact

    def high_risk_duties_apply(self, day: dt.date) -> bool:
        return day >= self.high_risk_duties_from


def load_ai_act(directory: Path) -> AiActFacts:
    root = read_policy_yaml(directory, "ai_act.yaml")
    annex = root.child("annex_iii")
    listed = {key: node.text() for key, node in annex.entries() if key not in ("sources", "verified")}
    known = set(ANNEX_III) - {AnnexIII.NOT_LISTED.value}
    for key in listed:
        if key not in known:
            annex.child(key).fail(f"unknown Annex III use; known: {', '.join(sorted(known))}")
    for key in known - set(listed):
        annex.child(key).fail("is required (the register classifies AI systems against it)")
    when, duties = root.child("high_risk_duties_apply_from"), root.child("deployer_duties")
    return AiActFacts(
        regulation=root.child("regulation").text(), annex_iii=MappingProxyType(listed),
        annex_iii_fact=Fact(*read_provenance(annex)),
        high_risk_duties_from=when.child("date").date(),
        high_risk_duties_previously=when.child("previously").date(optional=True),
        date_fact=Fact(*read_provenance(when)),
        deployer_duties=duties.child("duties").texts(),
        minimum_log_retention=duties.child("minimum_log_retention").period(),
        duties_fact=Fact(*read_provenance(duties)))
