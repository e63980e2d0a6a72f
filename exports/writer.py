"""The streaming workbook writer: rows in (from iterators), one .xlsx out.

Rows are consumed one at a time and streamed by openpyxl's write-only mode to a
temporary file per sheet, so memory stays flat however many rows are exported.

Serving an export from Flask::

    file, summary = write_workbook_to_tempfile(layout, sheets, about)
    return send_file(file, mimetype=XLSX_MIMETYPE, as_attachment=True,
                     download_name="dsr-register.xlsx")   # Werkzeug closes the file
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from copy import copy
from dataclasses import dataclass
from tempfile import SpooledTemporaryFile
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from exports.about import AboutInfo, SheetResult, page_stamp, prepare_about_sheet, write_about_rows
from exports.cells import prepare_value
from exports.hashing import SheetHasher
from exports.layout import ABOUT_SHEET, SheetLayout, WorkbookLayout
from exports.printing import WRAP_TOP, PageStamp, forget_row_height, set_row_height, set_up_page

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm:ss"}
PROGRESS_EVERY = 1000
_BOLD = Font(bold=True)

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class WorkbookSummary:
    """What was written: rows and SHA-256 data hash per data sheet, keyed by sheet name."""

    row_counts: dict[str, int]
    data_hashes: dict[str, str]


def write_workbook(
    target: str | os.PathLike[str] | IO[bytes],
    layout: WorkbookLayout,
    sheets: Mapping[str, Iterable[Sequence[object]]],
    about: AboutInfo,
    progress: Progress | None = None,
    progress_every: int = PROGRESS_EVERY,
) -> WorkbookSummary:
    """Write ``layout`` to ``target`` (a path or a writable binary file) and summarise it.

    ``sheets`` maps data sheet names to row iterables; each row is a sequence in the
    layout's column order (short rows are padded with empty cells, long rows raise
    ValueError). A sheet missing from ``sheets`` is written with a header and no rows;
    an unknown name raises KeyError before anything is written. The About sheet comes
    first. ``progress`` receives the running total of data rows every ``progress_every``
    rows and the final total once at the end. Temporary files are removed on failure.
    """
    unknown = set(sheets) - {sheet.name for sheet in layout.sheets}
    if unknown:
        raise KeyError(f"workbook {layout.name!r} has no sheet(s) {sorted(unknown)}")
    workbook = Workbook(write_only=True)
    try:
        stamp = page_stamp(layout, about)
        about_ws = workbook.create_sheet(ABOUT_SHEET)
        prepare_about_sheet(about_ws, stamp)
        counter = _ProgressCounter(progress, progress_every)
        results = {
            sheet.name: _write_data_sheet(workbook, sheet, sheets.get(sheet.name, ()), counter, stamp)
            for sheet in layout.sheets
        }
        write_about_rows(about_ws, layout, about, results)
        counter.finish()
        workbook.save(target)
    except BaseException:
        _discard_temporary_files(workbook)
        raise
    return WorkbookSummary(
        row_counts={name: result.row_count for name, result in results.items()},
        data_hashes={name: result.data_hash for name, result in results.items()},
    )


def write_workbook_to_tempfile(
    layout: WorkbookLayout,
    sheets: Mapping[str, Iterable[Sequence[object]]],
    about: AboutInfo,
    progress: Progress | None = None,
    max_memory: int = 8 * 1024 * 1024,
) -> tuple[IO[bytes], WorkbookSummary]:
    """Like ``write_workbook``, into a spooled temporary file rewound to the start.

    The file stays in memory up to ``max_memory`` bytes, then spills to disk. The caller
    owns it and must close it (Flask's ``send_file`` does so when the response ends).
    """
    file = SpooledTemporaryFile(max_size=max_memory, mode="w+b")
    try:
        summary = write_workbook(file, layout, sheets, about, progress)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file, summary


def _write_data_sheet(
    workbook: Workbook,
    layout: SheetLayout,
    rows: Iterable[Sequence[object]],
    counter: _ProgressCounter,
    stamp: PageStamp,
) -> SheetResult:
    ws = workbook.create_sheet(layout.name)
    widths = [column.width for column in layout.columns]
    # Write-only sheets emit widths, panes and page set-up with the first row, so set them first.
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    set_up_page(ws, widths, stamp)
    set_row_height(ws, 1, list(zip(layout.headers, widths, strict=True)))
    ws.append([_header_cell(ws, column.header) for column in layout.columns])
    forget_row_height(ws, 1)
    hasher = SheetHasher(layout)
    styles = [_cell_style(ws, NUMBER_FORMATS.get(column.kind)) for column in layout.columns]
    for values in rows:
        prepared = prepare_row(layout, values, hasher.row_count + 1)
        row_number = hasher.row_count + 2
        tall = set_row_height(ws, row_number, list(zip(prepared, widths, strict=True)))
        ws.append([
            _data_cell(ws, value, style) for value, style in zip(prepared, styles, strict=True)
        ])
        if tall:
            forget_row_height(ws, row_number)
        hasher.update(prepared)
        counter.tick()
    # The filter is written after the rows (write_tail), so it may be set last.
    last_column = get_column_letter(len(layout.columns))
    ws.auto_filter.ref = f"A1:{last_column}{hasher.row_count + 1}"
    return SheetResult(row_count=hasher.row_count, data_hash=hasher.hexdigest())


def prepare_row(layout: SheetLayout, values: Sequence[object], number: int) -> list[object]:
    """Data row ``number`` of ``layout`` as cells hold and hash it: padded to the columns, each
    value converted by its column's kind; ValueError/TypeError naming sheet and row otherwise."""
    columns = layout.columns
    values = list(values)
    if len(values) > len(columns):
        raise ValueError(f"sheet {layout.name!r}, data row {number}: {len(values)} values "
                         f"for {len(columns)} columns")
    values += [None] * (len(columns) - len(values))
    try:
        return [prepare_value(column, value) for column, value in zip(columns, values, strict=True)]
    except (TypeError, ValueError) as error:
        raise type(error)(f"sheet {layout.name!r}, data row {number}: {error}") from None


def _header_cell(ws, header: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, header)
    cell.font = _BOLD
    cell.alignment = WRAP_TOP
    return cell


def _cell_style(ws, number_format: str | None) -> StyleArray:
    """A column's cell style: wrapped at the top (printed text wraps instead of being cut)."""
    cell = WriteOnlyCell(ws)
    cell.alignment = WRAP_TOP
    if number_format is not None:
        cell.number_format = number_format
    return cell._style


def _data_cell(ws, value: object, style: StyleArray) -> object:
    if value is None:
        return value
    cell = WriteOnlyCell(ws, value)
    # Copying the column's style indices is what openpyxl does to copy a cell's style; setting
    # the style objects per cell would hash them again for every cell.
    cell._style = copy(style)
    return cell


class _ProgressCounter:
    """Counts data rows across sheets and reports to the optional callback."""

    def __init__(self, progress: Progress | None, every: int) -> None:
        if every < 1:
            raise ValueError("progress_every must be at least 1")
        self._progress, self._every = progress, every
        self.total, self._reported = 0, -1

    def tick(self) -> None:
        self.total += 1
        if self._progress is not None and self.total % self._every == 0:
            self._progress(self.total)
            self._reported = self.total

    def finish(self) -> None:
        if self._progress is not None and self._reported != self.total:
            self._progress(self.total)


def _discard_temporary_files(workbook: Workbook) -> None:
    # openpyxl deletes a write-only sheet's temp file only on a successful save (else at
    # interpreter exit); a long-running server must not accumulate them.
    for ws in workbook.worksheets:
        if getattr(ws, "_writer", None) is None:
            continue
        with suppress(Exception):  # half-written stream: finish it only to discard it
            ws.close()
        with suppress(OSError, ValueError):
            ws._writer.cleanup()
