"""Print set-up of every sheet of every workbook, read back from the saved file with openpyxl."""

from __future__ import annotations

from datetime import UTC, date, datetime

import openpyxl
import pytest

from exports import LAYOUTS, AboutInfo, ControllerIdentity, write_workbook
from exports.layout import Column, SheetLayout, WorkbookLayout
from exports.printing import LINE_HEIGHT, PORTRAIT_WIDTH, pages_wide, row_height

CONTROLLER = ControllerIdentity("Umbrella & Partners OÜ", "16000000", "Tallinn, Estonia", "dpo@example.eu")
LONG_TEXT = " ".join(["retained for the limitation period of claims"] * 6)  # 275 characters
NARROW = WorkbookLayout("narrow", "Narrow workbook", (SheetLayout("Data", (
    Column("Reference", width=16),
    Column("Reason", width=30),
    Column("Due", "date", 12),
)),))


def about(**overrides) -> AboutInfo:
    values = {"controller": CONTROLLER, "generated_by": "cli", "audit_head": "ab" * 32,
              "generated_at": datetime(2026, 11, 29, 20, 5, 9, tzinfo=UTC), "audit_sequence": 1234,
              "audit_checkpoint": "event 1234, hash abab, signed 2026-11-29T20:05:09Z: {}"} | overrides
    return AboutInfo(**values)


def written(tmp_path, layout, sheets=None, **overrides):
    path = tmp_path / f"{layout.name}.xlsx"
    write_workbook(path, layout, sheets or {}, about(**overrides))
    return openpyxl.load_workbook(path)


def long_rows(layout: SheetLayout, count: int = 3):
    """Rows with long text in every text column (other columns left empty)."""
    for _ in range(count):
        yield [LONG_TEXT if column.kind == "text" else None for column in layout.columns]


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_data_sheet_prints_fitted_to_width_with_repeated_header_and_stamped_pages(tmp_path, name):
    layout = LAYOUTS[name]
    workbook = written(tmp_path, layout, {sheet.name: long_rows(sheet) for sheet in layout.sheets})
    for sheet in layout.sheets:
        ws, widths = workbook[sheet.name], [column.width for column in sheet.columns]
        setup = ws.page_setup
        assert setup.paperSize == 9, sheet.name  # A4
        wide = sum(widths) > PORTRAIT_WIDTH
        assert setup.orientation == ("landscape" if wide else "portrait"), sheet.name
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert setup.fitToWidth == pages_wide(widths) and setup.fitToHeight == 0, sheet.name
        assert ws.print_title_rows == "$1:$1", sheet.name
        assert ws.print_title_cols == ("$A:$A" if setup.fitToWidth > 1 else None), sheet.name
        assert_stamped(ws, layout.title)
        assert all(cell.alignment.wrap_text for cell in ws[1]), f"{sheet.name}: header does not wrap"
        for row in ws.iter_rows(min_row=2):
            texts = [cell for cell in row if isinstance(cell.value, str)]
            assert texts and all(cell.alignment.wrap_text for cell in texts)
            widths_of = ws.column_dimensions
            tallest = max(_lines(cell.value, widths_of[cell.column_letter].width) for cell in texts)
            assert ws.row_dimensions[row[0].row].height >= min(409, tallest * LINE_HEIGHT), sheet.name
    workbook.close()


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_about_sheet_prints_on_one_page_with_labels_beside_values(tmp_path, name):
    workbook = written(tmp_path, LAYOUTS[name])
    ws = workbook["About"]
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True and ws.page_setup.paperSize == 9
    assert ws.print_title_rows is None
    assert_stamped(ws, LAYOUTS[name].title)
    labels = {}
    for label, value in ws.iter_rows(max_col=2):
        if label.value:
            labels.setdefault(label.value, value)  # the RoPA also has a data sheet called Controller
    assert labels["Controller"].value == CONTROLLER.name
    assert labels["Audit checkpoint (signed)"].value.startswith("event 1234, hash abab")
    assert labels["How to verify"].alignment.wrap_text
    assert ws.row_dimensions[labels["How to verify"].row].height >= 3 * LINE_HEIGHT
    widths = [ws.column_dimensions[letter].width for letter in "ABC"]
    assert widths[0] < widths[1] and widths[2] >= 64  # label, value, a whole SHA-256 hex digest
    workbook.close()


def assert_stamped(ws, title: str) -> None:
    header, footer = ws.oddHeader, ws.oddFooter
    assert header.left.text == title
    assert header.right.text == "Umbrella && Partners OÜ"  # "&" is a code in headers: doubled
    assert footer.left.text == "&A" and footer.center.text == "Page &P of &N"
    assert footer.right.text == "Generated 2026-11-29 20:05 UTC; audit event 1234, hash abababababab"


def test_footer_names_the_head_hash_when_no_checkpoint_could_be_signed(tmp_path):
    workbook = written(tmp_path, NARROW, audit_sequence=None, audit_checkpoint=None)
    assert workbook["Data"].oddFooter.right.text.endswith("; audit head abababababab")
    labels = [row[0] for row in workbook["About"].iter_rows(max_col=1, values_only=True)]
    assert "Audit checkpoint (signed)" not in labels
    workbook.close()


def test_narrow_sheet_prints_portrait_and_one_line_rows_keep_the_default_height(tmp_path):
    rows = [["R-1", "short", date(2026, 1, 2)], ["R-2", LONG_TEXT, None]]
    workbook = written(tmp_path, NARROW, {"Data": rows})
    ws = workbook["Data"]
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.fitToWidth == 1
    assert ws.row_dimensions[2].height is None
    assert ws.row_dimensions[3].height >= _lines(LONG_TEXT, 30) * LINE_HEIGHT
    assert ws["C2"].number_format == "yyyy-mm-dd" and ws["C2"].alignment.vertical == "top"
    workbook.close()


def test_row_height_counts_wrapped_lines_and_paragraphs_within_excels_limit():
    assert row_height([("short", 30), (None, 10), (42, 5)]) is None
    assert row_height([("a" * 100, 10)]) >= 10 * LINE_HEIGHT
    assert row_height([("one\ntwo\nthree", 30)]) >= 3 * LINE_HEIGHT
    assert row_height([("x" * 100_000, 10)]) == 409


def test_very_wide_sheets_spread_over_page_widths_instead_of_shrinking_unreadably():
    assert pages_wide([30] * 5) == 1
    ico = LAYOUTS["ropa"].sheet("ICO RoPA")
    across = pages_wide([column.width for column in ico.columns])
    assert 1 < across <= 5
    assert sum(column.width for column in ico.columns) / across <= 250  # >= 60% of full size


def _lines(text: str, width: float) -> int:
    """Lines a text needs at a generous 1 character per unit of column width."""
    return sum(max(1, -(-len(part) // int(width))) for part in text.split("\n"))
