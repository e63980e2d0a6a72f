"""Print set-up shared by every sheet of every workbook (what a spreadsheet application prints).

A4, landscape when the columns are wider than a portrait page; scaled to fit the page width
(height free) or, for sheets too wide to read on one page, to as few page widths as keep the
text readable, with the first column repeated on each; the header row repeated on every page;
a page header naming the workbook and the controller; a footer with the sheet name, "Page x of
y", the generation time and the audit checkpoint the workbook was made under. Cells wrap, and
each row is given the height its longest wrapped cell needs, so no text is cut at a cell edge.

openpyxl's write-only mode writes page set-up and widths at the top of the sheet stream, so
``set_up_page`` must run before the first row is appended; row heights are set per row, just
before that row is appended, and dropped after it (memory stays flat).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from openpyxl.styles import Alignment
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

WRAP_TOP = Alignment(wrap_text=True, vertical="top")
# Excel's default row height for 11 pt text; one wrapped line per LINE_HEIGHT points.
LINE_HEIGHT = 15.0
MAX_ROW_HEIGHT = 409.0  # the largest row height Excel accepts (points)
# Column widths are counted in widths of "0"; a printer's substitute font (LibreOffice maps
# Calibri to DejaVu Sans when Carlito is absent) is wider, so fewer characters fit a line.
CHARACTERS_PER_WIDTH = 0.95
# A portrait A4 page at 100% holds about 100 characters of column width, a landscape one ~150.
PORTRAIT_WIDTH = 100.0
# Wider sheets are spread over several page widths rather than shrunk below ~60% (7 pt text).
READABLE_WIDTH = 250.0
_MARGINS = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.7, header=0.3, footer=0.3)


@dataclass(frozen=True, slots=True)
class PageStamp:
    """What every printed page says about the workbook it belongs to."""

    title: str
    controller: str
    generated_at: datetime
    checkpoint: str  # short form, e.g. "audit event 1234, hash 4f3a9c1b2d3e"

    @property
    def generated(self) -> str:
        moment = self.generated_at
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
        return f"Generated {moment:%Y-%m-%d %H:%M} UTC"


def checkpoint_short_form(sequence: int | None, head: str) -> str:
    """The audit checkpoint as a footer states it: event number and the hash's first 12 digits."""
    digest = head[:12] if head else "none"
    return f"audit event {sequence}, hash {digest}" if sequence else f"audit head {digest}"


def set_up_page(ws, widths: Sequence[float], stamp: PageStamp, *, one_page: bool = False) -> None:
    """Paper, orientation, scaling, repeated titles, header and footer of ``ws``.

    ``one_page`` fits the whole sheet on a single page (the About sheet); otherwise the header
    row repeats on every page and the sheet is fitted to the page width, height free.
    """
    total = sum(widths)
    setup = ws.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    wide = total > PORTRAIT_WIDTH
    setup.orientation = Worksheet.ORIENTATION_LANDSCAPE if wide else Worksheet.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    setup.fitToWidth = 1 if one_page else pages_wide(widths)
    setup.fitToHeight = 1 if one_page else 0  # 0: as many pages tall as the rows need
    ws.page_margins = _MARGINS
    if not one_page:
        ws.print_title_rows = "1:1"
        ws.print_options.gridLines = True
        if setup.fitToWidth > 1:
            ws.print_title_cols = "A:A"  # each page across says which row it continues
    _stamp(ws, stamp)


def pages_wide(widths: Sequence[float]) -> int:
    """Page widths a sheet is fitted to: one, unless that would shrink it below readable size."""
    return max(1, math.ceil(sum(widths) / READABLE_WIDTH))


def row_height(cells: Sequence[tuple[object, float]]) -> float | None:
    """Points a row of (value, column width) needs when its text wraps; None for one line."""
    lines = max((_wrapped_lines(value, width) for value, width in cells), default=1)
    if lines <= 1:
        return None
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 2)


def set_row_height(ws, row_number: int, cells: Sequence[tuple[object, float]]) -> bool:
    """Give row ``row_number`` (about to be appended) its wrapped height; True if one was set."""
    height = row_height(cells)
    if height is None:
        return False
    ws.row_dimensions[row_number].height = height
    return True


def forget_row_height(ws, row_number: int) -> None:
    """Drop the height of a row already streamed out (keeps a write-only sheet's memory flat)."""
    ws.row_dimensions.pop(row_number, None)


def _wrapped_lines(value: object, width: float) -> int:
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(1, int(width * CHARACTERS_PER_WIDTH) - 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))


def _stamp(ws, stamp: PageStamp) -> None:
    header, footer = ws.oddHeader, ws.oddFooter
    header.left.text = _literal(stamp.title)
    header.right.text = _literal(stamp.controller)
    footer.left.text = "&A"  # the sheet name
    footer.center.text = "Page &P of &N"
    footer.right.text = _literal(f"{stamp.generated}; {stamp.checkpoint}")
    for part in (header.left, header.right, footer.left, footer.center, footer.right):
        part.size = 8


def _literal(text: str) -> str:
    # "&" starts a code in header/footer text; a literal one is doubled.
    return text.replace("&", "&&")
