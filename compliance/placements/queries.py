"""Read-only placement views for the pages: coverage verdicts and cross-border findings for a page
of placements, and a page of the uncovered ones.

The placements service judges one placement (``placement_coverage``) or the whole portfolio;
a list page needs the verdicts of the 30 placements it shows, so this module feeds just those
rows to the same assessment (same queries, same pure rules, one pass)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from compliance.extensions import db
from compliance.placements import assessment
from compliance.placements.models import Placement
from compliance.placements.rules import CoverageVerdict, Finding
from compliance.policy_context import current_policies
from compliance.timeutil import controller_today

SEVERITY_ORDER = {"blocker": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class JudgedPlacement:
    placement: Placement
    verdict: CoverageVerdict
    findings: tuple[Finding, ...]

    @property
    def worst_severity(self) -> str | None:
        ranked = sorted((f.severity.value for f in self.findings), key=SEVERITY_ORDER.get)
        return ranked[0] if ranked else None


def judge_placements(placements: Sequence[Placement]) -> list[JudgedPlacement]:
    """Each placement with its coverage verdict and cross-border findings, in the given order."""
    if not placements:
        return []
    rows = assessment.placement_rows([p.id for p in placements])
    held = assessment.member_authorisations({p.member_id for p in placements})
    judged = assessment.judge(rows, assessment.RuleBook(current_policies()),
                              assessment.policy_terms(), held, controller_today())
    # Row ids are the database's text form (hex on SQLite, dashed on PostgreSQL): normalise.
    by_id = {uuid.UUID(str(row.id)): (verdict, findings) for row, verdict, findings in judged}
    return [JudgedPlacement(p, *by_id[p.id]) for p in placements if p.id in by_id]


def uncovered_placements(page: int, per_page: int) -> tuple[list[Placement], int]:
    """Uncovered placements need the whole portfolio judged (fresh: the DPO is drilling in)."""
    summary = assessment.portfolio(limit=page * per_page)
    ids = [item["id"] for item in summary["uncovered_placements"][(page - 1) * per_page:]]
    found = {p.id: p for p in db.session.execute(select(Placement).where(Placement.id.in_(ids))).scalars()}
    return [found[i] for i in ids if i in found], summary["uncovered"]
