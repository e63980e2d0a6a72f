"""The PDF document every export renders into: A4 pages stamped like the printed workbooks, the
font, and what every rendering shares (cell display, row checks and hashing, the About facts).

Noto Sans (fontpkg-noto-sans, SIL OFL) covers Latin, Greek and Cyrillic, so every EU language's
names print as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime

import fontpkg_noto_sans
from fpdf import FPDF, FontFace
from fpdf.enums import TableBordersLayout, XPos, YPos

from exports.about import CONVENTIONS, SHEETS_HEADER, AboutInfo, SheetResult, page_stamp
from exports.hashing import HASH_EXPLANATION, SheetHasher
from exports.layout import SheetLayout, WorkbookLayout
from exports.writer import prepare_row

FONT = "NotoSans"
_FONT_FILE = fontpkg_noto_sans.ROOT / "files" / "NotoSans[wdth,wght].ttf"
HEADINGS = FontFace(fill_color=(225, 230, 238))
_GREY = (90, 90, 90)

Progress = Callable[[int], None]


class TooManyRows(ValueError):
    """More data rows than one PDF document holds."""


class Document(FPDF):
    """An A4 document whose every page names the workbook, controller, section, page of pages,
    generation time and audit checkpoint."""

    def __init__(self, layout: WorkbookLayout, about: AboutInfo, orientation: str) -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.stamp = page_stamp(layout, about)
        self.section = ""
        self.set_margins(14, 16, 14)
        self.set_auto_page_break(True, margin=16)
        # The variable font's default instance is the regular weight: instancing a bold one takes
        # seconds, so emphasis is size and colour, and "B" maps to the same face.
        for style in ("", "B"):
            self.add_font(FONT, style, str(_FONT_FILE))
        self.set_font(FONT, size=9)
        self.set_title(layout.title)
        self.set_author(about.controller.name)
        self.set_creation_date(about.generated_at)

    def close_fonts(self) -> None:
        """Close the font files fontTools keeps open (lazy loading) once the document is written."""
        for font in self.fonts.values():
            ttfont = getattr(font, "ttfont", None)
            if ttfont is not None:
                ttfont.close()

    def header(self) -> None:
        self.set_font(FONT, size=7)
        self.set_text_color(*_GREY)
        self.cell(self.epw / 2, 5, self.stamp.title)
        self.cell(self.epw / 2, 5, self.stamp.controller, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.set_text_color(0)
        self.set_font(FONT, size=9)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, size=7)
        self.set_text_color(*_GREY)
        third = self.epw / 3
        self.cell(third, 5, self.section)
        self.cell(third, 5, f"Page {self.page_no()} of {{nb}}", align="C")
        self.cell(third, 5, f"{self.stamp.generated}; {self.stamp.checkpoint}", align="R")
        self.set_text_color(0)

    def heading(self, text: str, size: float = 13) -> None:
        self.set_font(FONT, size=size)
        self.set_text_color(20, 50, 110)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.set_font(FONT, size=9)
        self.ln(1.5)

    def pairs(self, rows: Iterable[tuple[str, str]], label_share: float = 0.28) -> None:
        """Label/value lines as a two-column table, values wrapping."""
        with self.table(col_widths=(label_share, 1 - label_share), first_row_as_headings=False,
                        borders_layout=TableBordersLayout.HORIZONTAL_LINES, text_align="LEFT",
                        line_height=4.4, padding=1) as table:
            for label, value in rows:
                row = table.row()
                row.cell(label)
                row.cell(value)


def display(value: object) -> str:
    """A prepared cell value as the document prints it (dates ISO 8601, empty for no value)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def prepared_rows(sheet: SheetLayout, rows: Iterable[Sequence[object]], hasher: SheetHasher,
                  counter: RowCounter) -> Iterable[list[object]]:
    """The sheet's rows checked and converted as the xlsx writer does, hashed as they pass."""
    for values in rows:
        prepared = prepare_row(sheet, values, hasher.row_count + 1)
        hasher.update(prepared)
        counter.tick()
        yield prepared


def render_about(document: Document, layout: WorkbookLayout, about: AboutInfo,
                 results: Mapping[str, SheetResult]) -> None:
    """The About facts of the xlsx, at the end of the document."""
    document.add_page()
    document.section = "About"
    document.heading(f"About this document: {layout.title}")
    controller = about.controller
    document.pairs([
        ("Workbook", layout.name),
        ("Controller", controller.name),
        ("Registry code", controller.registry_code),
        ("Address", controller.address),
        ("DPO contact", controller.dpo_contact),
        ("Generated at (UTC)", display(about.generated_at.replace(tzinfo=None, microsecond=0))),
        ("Generated by", about.generated_by),
        *((str(key), str(value)) for key, value in about.scope_items()),
    ])
    document.ln(3)
    with document.table(col_widths=(0.25, 0.1, 0.65), text_align="LEFT", headings_style=HEADINGS,
                        line_height=4.4, padding=1) as table:
        table.row(list(SHEETS_HEADER))
        for name, result in results.items():
            table.row([name, str(result.row_count), result.data_hash])
    document.ln(3)
    document.pairs([
        ("Audit trail head hash", about.audit_head),
        *([("Audit checkpoint (signed)", about.audit_checkpoint)] if about.audit_checkpoint else []),
        ("How to verify", "The data hashes are those of the xlsx export of the same rows: "
                          + HASH_EXPLANATION),
        ("Conventions", CONVENTIONS),
    ])


class RowCounter:
    """Counts data rows across sheets, reports progress, and stops at the document's limit."""

    def __init__(self, limit: int, progress: Progress | None) -> None:
        self.total, self._limit, self._progress = 0, limit, progress

    def tick(self) -> None:
        self.total += 1
        if self.total > self._limit:
            raise TooManyRows(f"more than {self._limit} rows: too many for one PDF document")
        if self._progress is not None and self.total % 1000 == 0:
            self._progress(self.total)

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(self.total)
