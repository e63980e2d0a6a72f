"""Rows of the ``assessments`` workbook: DPIAs and their risks, LIAs, AI systems, open gaps."""

from __future__ import annotations

from collections.abc import Iterator

from compliance import vocabulary
from compliance.assessments import services
from compliance.assessments.queries import assessment_flags
from compliance.assessments.rules import is_high_risk, residual_risk
from compliance.policy_context import current_policies
from compliance.reports.filters import ExportFilters
from compliance.timeutil import as_utc
from exports import assessments as layout


def _dpia_rows(dpias) -> Iterator[list]:
    activities = {a.id: a.name for a in current_policies().processing_activities}
    for d in dpias:
        residual = residual_risk(d.scores)
        consultation = None
        if d.consultation_submitted_on:
            consultation = (f"{d.consultation_authority or 'authority'}: submitted "
                            f"{d.consultation_submitted_on.isoformat()}"
                            + (f", answered {d.consultation_answered_on.isoformat()}"
                               if d.consultation_answered_on else ", awaiting the answer"))
        yield [d.reference, d.title, "; ".join(activities.get(a, a) for a in d.activities),
               vocabulary.plain(d.status), d.status,
               residual.value if residual else None, consultation, d.dpo_opinion,
               as_utc(d.validated_at) if d.validated_at else None, d.review_due]


def _risk_rows(dpias) -> Iterator[list]:
    for d in dpias:
        for r in d.risks:
            score = r.score
            yield [d.reference, vocabulary.plain(r.kind), r.severity_before, r.likelihood_before,
                   score.before.value, r.measures, r.severity_after, r.likelihood_after, score.residual.value]


def _purpose_names() -> dict[str, str]:
    return {p.id: p.name for p in current_policies().purposes.values()}


def _lia_rows() -> Iterator[list]:
    names = _purpose_names()
    for lia in services.list_lias():
        yield [lia.reference, vocabulary.words("purpose", lia.purpose, names), lia.purpose, lia.interest,
               vocabulary.plain(lia.purpose_outcome), vocabulary.plain(lia.necessity_outcome),
               vocabulary.plain(lia.balancing_outcome), vocabulary.plain(lia.status),
               as_utc(lia.decided_at) if lia.decided_at else None, lia.review_due]


def _ai_rows() -> Iterator[list]:
    names = _purpose_names()
    for s in services.list_ai_systems():
        purposes = "; ".join(vocabulary.words("purpose", p, names) for p in s.purposes)
        yield [s.reference, s.name, s.provider, purposes,
               "not listed" if s.annex_iii == "none" else f"point {s.annex_iii}", is_high_risk(s.annex_iii),
               s.solely_automated, s.significant_effect, s.art22_exception, s.human_oversight,
               vocabulary.period(s.log_retention), s.dpia.reference if s.dpia else None, s.in_use]


def build_assessment_rows(filters: ExportFilters) -> dict[str, Iterator[list]]:
    dpias = services.list_dpias()
    return {
        layout.DPIAS_SHEET.name: _dpia_rows(dpias),
        layout.RISKS_SHEET.name: _risk_rows(dpias),
        layout.LIAS_SHEET.name: _lia_rows(),
        layout.AI_SHEET.name: _ai_rows(),
        layout.GAPS_SHEET.name: ([f.title, f.code, f.subject, f.message]
                                 for f in assessment_flags()),
    }
