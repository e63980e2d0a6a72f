"""Which workbooks exist, how their rows are built, which filters they take, and what they
decide about restricted subjects (GDPR Art 18): stated on every About sheet."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from compliance.reports.filters import ExportFilters

Rows = Mapping[str, Iterable[Sequence[object]]]


@dataclass(frozen=True)
class WorkbookSource:
    """A workbook's row builder (``module:function``) and what the About sheet says of it."""

    builder: str
    filters: frozenset[str]
    restricted_subjects: str
    period_applies_to: str | None = None

    def build(self, filters: ExportFilters) -> Rows:
        module, _, function = self.builder.partition(":")
        build: Callable[[ExportFilters], Rows] = getattr(importlib.import_module(module), function)
        return build(filters)


_PERIOD = frozenset({"date_from", "date_to"})
_LEGAL = "included: a record the controller must keep to demonstrate compliance (Art 5(2), 18(2))"

SOURCES: Mapping[str, WorkbookSource] = {
    "ropa": WorkbookSource(
        "compliance.reports.ropa:build_ropa_rows", frozenset(),
        "not applicable: no data about individuals"),
    "dsr-register": WorkbookSource(
        "compliance.reports.dsr_register:build_dsr_register_rows", _PERIOD, _LEGAL,
        "received"),
    "consent-register": WorkbookSource(
        "compliance.reports.consent_register:build_consent_register_rows",
        _PERIOD | {"purpose", "subject_id"},
        "included: proof of consent is a legal record (Art 7(1)) kept for legal claims (Art 18(2))",
        "occurred"),
    "breach-register": WorkbookSource(
        "compliance.reports.breach_register:build_breach_register_rows", _PERIOD,
        "not applicable: subjects are counted, not listed", "aware"),
    "retention": WorkbookSource(
        "compliance.reports.retention:build_retention_rows", _PERIOD, _LEGAL,
        "erasure log: performed"),
    "insurance-bordereau": WorkbookSource(
        "compliance.reports.bordereau:build_insurance_bordereau_rows", _PERIOD | {"policy_number"},
        "included as references only: needed for the insurance cover of legal claims (Art 18(2))",
        "risks: start date; claims: date notified"),
    "cross-border": WorkbookSource(
        "compliance.reports.cross_border:build_cross_border_rows", _PERIOD,
        "excluded: an internal analysis, not a record the law requires (Art 18(2))",
        "start date"),
}
