"""Which workbooks exist, how their rows are built, which filters they take, and what they
decide about restricted subjects (GDPR Art 18): stated on every About sheet."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from compliance.reports import (
    assessments,
    bordereau,
    breach_register,
    consent_register,
    cross_border,
    dsr_register,
    retention,
    ropa,
)
from compliance.reports.filters import ExportFilters

Rows = Mapping[str, Iterable[Sequence[object]]]


@dataclass(frozen=True)
class WorkbookSource:
    """A workbook's row builder and what the About sheet says of it."""

    builder: Callable[[ExportFilters], Rows]
    filters: frozenset[str]
    restricted_subjects: str
    period_applies_to: str | None = None
    counter: Callable[[ExportFilters], int] | None = None  # counts the rows, for progress bars

    def build(self, filters: ExportFilters) -> Rows:
        return self.builder(filters)

    def count(self, filters: ExportFilters) -> int | None:
        """How many data rows the export will have, when cheap to know (else None)."""
        return self.counter(filters) if self.counter else None


_PERIOD = frozenset({"date_from", "date_to"})
_LEGAL = "included: a record the controller must keep to demonstrate compliance (Art 5(2), 18(2))"

SOURCES: Mapping[str, WorkbookSource] = {
    "ropa": WorkbookSource(
        ropa.build_ropa_rows, frozenset(), "not applicable: no data about individuals"),
    "dsr-register": WorkbookSource(
        dsr_register.build_dsr_register_rows, _PERIOD, _LEGAL, "received",
        dsr_register.count_dsr_register_rows),
    "consent-register": WorkbookSource(
        consent_register.build_consent_register_rows, _PERIOD | {"purpose", "subject_id"},
        "included: proof of consent is a legal record (Art 7(1)) kept for legal claims (Art 18(2))",
        "occurred", consent_register.count_consent_register_rows),
    "breach-register": WorkbookSource(
        breach_register.build_breach_register_rows, _PERIOD,
        "not applicable: subjects are counted, not listed", "aware",
        breach_register.count_breach_register_rows),
    "retention": WorkbookSource(
        retention.build_retention_rows, _PERIOD, _LEGAL, "erasure log: performed",
        retention.count_retention_rows),
    "insurance-bordereau": WorkbookSource(
        bordereau.build_insurance_bordereau_rows, _PERIOD | {"policy_number"},
        "included as references only: needed for the insurance cover of legal claims (Art 18(2))",
        "risks: start date; claims: date notified"),
    "cross-border": WorkbookSource(
        cross_border.build_cross_border_rows, _PERIOD,
        "excluded: an internal analysis, not a record the law requires (Art 18(2))", "start date"),
    "assessments": WorkbookSource(
        assessments.build_assessment_rows, frozenset(), "not applicable: no data about individuals"),
}
