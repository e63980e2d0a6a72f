"""Rows of the ``cross-border`` workbook: placements by work country with their findings.

Findings come from the placements feature's rules (Services Directive 2006/123/EC, national
licensing, transfers). An internal analysis, not a record the law requires: placements of
restricted members or candidates are left out (GDPR Art 18(2)). One row per finding; a
placement without findings gets one row saying so. Period: start date.
"""

from __future__ import annotations

from collections.abc import Iterator

from compliance.reports.filters import ExportFilters
from compliance.reports.placements_query import judged_placements, placement_query, reference_and_member
from exports import cross_border as layout


def build_cross_border_rows(filters: ExportFilters) -> dict[str, Iterator[list]]:
    return {layout.FINDINGS_SHEET.name: _rows(filters)}


def _rows(filters: ExportFilters) -> Iterator[list]:
    query = placement_query(filters, exclude_restricted=True, order_by_country=True)
    for row, _, findings in judged_placements(query):
        reference, member = reference_and_member(row)
        head = [row.work_country, reference, row.placement_type, member, row.client_country]
        if not findings:
            yield [*head, None, None, "No findings", None]
        for finding in findings:
            yield [*head, finding.code, finding.severity.value, finding.message,
                   finding.legal_reference]
