"""Regulator-ready workbooks: a streaming .xlsx writer and one layout per workbook.

Pure: rows in, .xlsx out. This package never imports ``compliance``; the dependency
points one way (``compliance.reports`` builds rows and hands them to ``write_workbook``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from exports import (
    assessments,
    breach_register,
    consent_register,
    cross_border,
    dsr_register,
    insurance_bordereau,
    retention,
    ropa,
)
from exports.about import AboutInfo, ControllerIdentity
from exports.cells import neutralise
from exports.hashing import HASH_EXPLANATION, SheetHasher, canonical_row
from exports.layout import Column, SheetLayout, WorkbookLayout
from exports.writer import (
    XLSX_MIMETYPE,
    WorkbookSummary,
    write_workbook,
    write_workbook_to_tempfile,
)

LAYOUTS: Mapping[str, WorkbookLayout] = MappingProxyType({
    layout.name: layout
    for layout in (
        ropa.LAYOUT,
        dsr_register.LAYOUT,
        consent_register.LAYOUT,
        breach_register.LAYOUT,
        retention.LAYOUT,
        insurance_bordereau.LAYOUT,
        cross_border.LAYOUT,
        assessments.LAYOUT,
    )
})

__all__ = [
    "HASH_EXPLANATION",
    "LAYOUTS",
    "XLSX_MIMETYPE",
    "AboutInfo",
    "Column",
    "ControllerIdentity",
    "SheetHasher",
    "SheetLayout",
    "WorkbookLayout",
    "WorkbookSummary",
    "canonical_row",
    "neutralise",
    "write_workbook",
    "write_workbook_to_tempfile",
]
