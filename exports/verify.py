"""Recompute, from a saved workbook alone, the data hashes its About sheet states.

For auditors and for the CLI: open the file with openpyxl (normal mode), then compare
``recompute_sheet_hash`` with what ``read_about`` finds, or call ``verify_workbook``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from exports.about import AUDIT_HEAD_LABEL, SHEETS_HEADER, SheetResult
from exports.hashing import SheetHasher
from exports.layout import ABOUT_SHEET, SheetLayout, WorkbookLayout


@dataclass(frozen=True, slots=True)
class AboutContents:
    """What an About sheet states: per data sheet (rows, hash), and the audit head hash."""

    sheets: dict[str, SheetResult]
    audit_head: str | None


def recompute_sheet_hash(worksheet, layout_sheet: SheetLayout) -> str:
    """SHA-256 data hash of ``worksheet`` as defined in ``exports.hashing``.

    Data rows run from row 2 to the last row of the autofilter range (so trailing rows
    with no values still count), or to ``max_row`` when the sheet has no filter.
    """
    hasher = SheetHasher(layout_sheet)
    width = len(layout_sheet.columns)
    for values in worksheet.iter_rows(
        min_row=2, max_row=_last_data_row(worksheet), max_col=width, values_only=True
    ):
        hasher.update(values)
    return hasher.hexdigest()


def read_about(workbook) -> AboutContents:
    """Parse the row counts, data hashes and audit head hash off the About sheet."""
    rows = list(workbook[ABOUT_SHEET].iter_rows(max_col=3, values_only=True))
    sheets: dict[str, SheetResult] = {}
    audit_head = None
    in_table = False
    for name, second, third in rows:
        if (name, second, third) == SHEETS_HEADER:
            in_table = True
        elif in_table and name is not None:
            sheets[name] = SheetResult(row_count=int(second), data_hash=str(third))
        else:
            in_table = False
            if name == AUDIT_HEAD_LABEL:
                audit_head = second
    return AboutContents(sheets=sheets, audit_head=audit_head)


def verify_workbook(
    source: str | os.PathLike[str] | IO[bytes], layout: WorkbookLayout
) -> list[str]:
    """Check headers, row counts and data hashes against the About sheet.

    Returns a list of human-readable problems; an empty list means the file is intact.
    """
    workbook = load_workbook(source)
    try:
        stated = read_about(workbook).sheets
        problems = []
        for sheet in layout.sheets:
            problems.extend(_sheet_problems(workbook, sheet, stated.get(sheet.name)))
        return problems
    finally:
        workbook.close()


def _sheet_problems(workbook, sheet: SheetLayout, stated: SheetResult | None) -> list[str]:
    if sheet.name not in workbook.sheetnames:
        return [f"{sheet.name}: sheet missing"]
    if stated is None:
        return [f"{sheet.name}: not listed on the About sheet"]
    ws = workbook[sheet.name]
    problems = []
    headers = next(ws.iter_rows(max_row=1, max_col=len(sheet.columns), values_only=True))
    if tuple(headers) != sheet.headers:
        problems.append(f"{sheet.name}: headers differ from the layout")
    rows = _last_data_row(ws) - 1
    if rows != stated.row_count:
        problems.append(f"{sheet.name}: {rows} data rows, About states {stated.row_count}")
    if recompute_sheet_hash(ws, sheet) != stated.data_hash:
        problems.append(f"{sheet.name}: data hash differs from the About sheet")
    return problems


def _last_data_row(worksheet) -> int:
    ref = getattr(getattr(worksheet, "auto_filter", None), "ref", None)
    if ref:
        return range_boundaries(ref)[3]
    return worksheet.max_row
