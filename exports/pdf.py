"""The workbooks as PDF documents for reading: rows in (from iterators), one PDF out.

Made with fpdf2 (pure Python, installed from the package registry alone). The RoPA is laid out one
processing activity per block (``exports.pdf_ropa``); any other workbook prints each sheet as a
paginated table with the header row repeated on every page or, for sheets too wide to read as a
table, one record per block. The document ends with the About facts of the xlsx: controller, scope,
rows and SHA-256 data hash per sheet (the same values the xlsx export of the same rows states),
audit head and the signed checkpoint.

Rows are consumed one at a time and hashed as they come, but a PDF is assembled in memory until it
is written, so a document holds at most ``MAX_PDF_ROWS`` data rows (``TooManyRows`` beyond them;
a register that large is read as a workbook, or narrowed by period).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import IO

from fpdf.enums import XPos, YPos

from exports import pdf_ropa
from exports.about import AboutInfo, SheetResult
from exports.hashing import SheetHasher
from exports.layout import SheetLayout, WorkbookLayout
from exports.pdf_document import (
    FONT,
    HEADINGS,
    Document,
    Progress,
    RowCounter,
    TooManyRows,
    display,
    prepared_rows,
    render_about,
)
from exports.writer import WorkbookSummary

PDF_MIMETYPE = "application/pdf"
MAX_PDF_ROWS = 5_000  # fpdf2 lays out tables at ~5 ms a row: a 5,000-row PDF takes ~25 s
# Sheets up to this many characters of column width print as a table; wider ones one record per block.
TABLE_WIDTH_LIMIT = 340
_CHUNK = 200  # rows per table: fpdf2 lays a table out when it is closed

__all__ = ["MAX_PDF_ROWS", "PDF_MIMETYPE", "TooManyRows", "write_pdf"]


def write_pdf(
    target: str | os.PathLike[str] | IO[bytes],
    layout: WorkbookLayout,
    sheets: Mapping[str, Iterable[Sequence[object]]],
    about: AboutInfo,
    progress: Progress | None = None,
    max_rows: int = MAX_PDF_ROWS,
) -> WorkbookSummary:
    """Write ``layout`` as a PDF to ``target`` (a path or a writable binary file) and summarise it.

    The same rows, checks and data hashes as ``write_workbook``; ``TooManyRows`` past ``max_rows``.
    """
    unknown = set(sheets) - {sheet.name for sheet in layout.sheets}
    if unknown:
        raise KeyError(f"workbook {layout.name!r} has no sheet(s) {sorted(unknown)}")
    rows = RowCounter(max_rows, progress)
    ropa = layout.name == pdf_ropa.LAYOUT_NAME
    document = Document(layout, about, "portrait" if ropa else "landscape")
    try:
        if ropa:
            results = pdf_ropa.render(document, layout, sheets, about, rows)
        else:
            results = {sheet.name: _render_sheet(document, sheet, sheets.get(sheet.name, ()), rows)
                       for sheet in layout.sheets}
        render_about(document, layout, about, results)
        rows.finish()
        document.output(target)
    finally:
        document.close_fonts()
    return WorkbookSummary(
        row_counts={name: result.row_count for name, result in results.items()},
        data_hashes={name: result.data_hash for name, result in results.items()},
    )


def _render_sheet(document: Document, sheet: SheetLayout, rows: Iterable[Sequence[object]],
                  counter: RowCounter) -> SheetResult:
    document.add_page()
    document.section = sheet.name
    document.heading(sheet.name)
    hasher = SheetHasher(sheet)
    widths = [column.width for column in sheet.columns]
    if sum(widths) <= TABLE_WIDTH_LIMIT:
        _table(document, sheet, prepared_rows(sheet, rows, hasher, counter))
    else:
        for prepared in prepared_rows(sheet, rows, hasher, counter):
            document.heading(f"{sheet.columns[0].header}: {display(prepared[0])}", size=10)
            document.pairs((column.header, display(value))
                           for column, value in zip(sheet.columns[1:], prepared[1:], strict=True)
                           if value is not None)
            document.ln(3)
    if hasher.row_count == 0:
        document.multi_cell(0, 5, "No rows.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return SheetResult(row_count=hasher.row_count, data_hash=hasher.hexdigest())


def _table(document: Document, sheet: SheetLayout, rows: Iterable[list[object]]) -> None:
    widths = [column.width for column in sheet.columns]
    # Shrink the type until the columns fit the page width, but not below 6 pt.
    size = max(6.0, min(8.5, document.epw / (0.19 * sum(widths))))
    document.set_font(FONT, size=size)
    chunk: list[list[str]] = []
    for prepared in rows:
        chunk.append([display(value) for value in prepared])
        if len(chunk) == _CHUNK:
            _table_chunk(document, sheet, chunk, size)
            chunk = []
    if chunk:
        _table_chunk(document, sheet, chunk, size)
    document.set_font(FONT, size=9)


def _table_chunk(document: Document, sheet: SheetLayout, chunk: list[list[str]], size: float) -> None:
    with document.table(col_widths=[column.width for column in sheet.columns], text_align="LEFT",
                        headings_style=HEADINGS, line_height=size * 0.5, padding=0.8,
                        repeat_headings=1) as table:
        table.row(list(sheet.headers))
        for values in chunk:
            table.row(values)


