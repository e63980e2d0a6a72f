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
    counter: str | None = None  # ``module:function`` counting the rows, for progress bars

    def build(self, filters: ExportFilters) -> Rows:
        build: Callable[[ExportFilters], Rows] = _resolve(self.builder)
        return build(filters)

    def count(self, filters: ExportFilters) -> int | None:
        """How many data rows the export will have, when cheap to know (else None)."""
        return _resolve(self.counter)(filters) if self.counter else None


def _resolve(path: str) -> Callable:
    module, _, function = path.partition(":")
    return getattr(importlib.import_module(module), function)


_PERIOD = frozenset({"date_from", "date_to"})
_LEGAL = "included: a record the controller must keep to demonstrate compliance (Art 5(2), 18(2))"

_R = "compliance.reports."

SOURCES: Mapping[str, WorkbookSource] = {
    "ropa": WorkbookSource(
        f"{_R}ropa:build_ropa_rows", frozenset(), "not applicable: no data about individuals"),
    "dsr-register": WorkbookSource(
        f"{_R}dsr_register:build_dsr_register_rows", _PERIOD, _LEGAL, "received",
        f"{_R}dsr_register:count_dsr_register_rows"),
    "consent-register": WorkbookSource(
        f"{_R}consent_register:build_consent_register_rows", _PERIOD | {"purpose", "subject_id"},
        "included: proof of consent is a legal record (Art 7(1)) kept for legal claims (Art 18(2))",
        "occurred", f"{_R}consent_register:count_consent_register_rows"),
    "breach-register": WorkbookSource(
        f"{_R}breach_register:build_breach_register_rows", _PERIOD,
        "not applicable: subjects are counted, not listed", "aware",
        f"{_R}breach_register:count_breach_register_rows"),
    "retention": WorkbookSource(
        f"{_R}retention:build_retention_rows", _PERIOD, _LEGAL, "erasure log: performed",
        f"{_R}retention:count_retention_rows"),
    "insurance-bordereau": WorkbookSource(
        f"{_R}bordereau:build_insurance_bordereau_rows", _PERIOD | {"policy_number"},
        "included as references only: needed for the insurance cover of legal claims (Art 18(2))",
        "risks: start date; claims: date notified"),
    "cross-border": WorkbookSource(
        f"{_R}cross_border:build_cross_border_rows", _PERIOD,
        "excluded: an internal analysis, not a record the law requires (Art 18(2))", "start date"),
}
