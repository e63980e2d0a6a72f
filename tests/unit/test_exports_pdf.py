"""The PDF writer on its own: written to disk and read back with pypdf."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from exports import LAYOUTS, AboutInfo, ControllerIdentity
from exports.layout import Column, SheetLayout, WorkbookLayout
from exports.pdf import TooManyRows, write_pdf
from exports.writer import write_workbook

ABOUT = AboutInfo(ControllerIdentity("Umbrella Recruit OÜ", "16000000", "Tallinn, Estonia", "dpo@example.eu"),
                  "cli", "ab" * 32, generated_at=datetime(2026, 11, 29, 20, 5, tzinfo=UTC), audit_sequence=7)
REGISTER = WorkbookLayout("register", "A register", (SheetLayout("Rows", (
    Column("Reference", width=16), Column("Name", width=30), Column("Due", "date", 12),
)),))


def pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def rows(count: int):
    for number in range(1, count + 1):
        yield [f"R-{number:05d}", "Zoë Łukasiewicz-Γεωργίου", date(2026, 1, 2)]


def test_a_long_register_is_a_table_over_many_pages_each_with_its_header_row(tmp_path):
    summary = write_pdf(tmp_path / "r.pdf", REGISTER, {"Rows": rows(450)}, ABOUT)
    printed = pages(tmp_path / "r.pdf")
    assert summary.row_counts == {"Rows": 450} and len(printed) > 5
    for number, text in enumerate(printed[:-1], start=1):
        assert "Reference" in text and "Due" in text, f"page {number} without the header row"
        assert f"Page {number} of {len(printed)}" in text and "audit event 7" in text
    every = "".join(printed)
    assert all(f"R-{number:05d}" in every for number in range(1, 451))
    assert "Zoë Łukasiewicz-Γεωργίου" in printed[0] and "2026-01-02" in printed[0]


def test_the_about_page_states_the_hashes_the_workbook_of_the_same_rows_states(tmp_path):
    from_pdf = write_pdf(tmp_path / "r.pdf", REGISTER, {"Rows": rows(30)}, ABOUT)
    from_xlsx = write_workbook(tmp_path / "r.xlsx", REGISTER, {"Rows": rows(30)}, ABOUT)
    assert from_pdf == from_xlsx
    about = re.sub(r"\s+", "", pages(tmp_path / "r.pdf")[-1])
    assert f"Rows30{from_pdf.data_hashes['Rows']}" in about and "UmbrellaRecruitOÜ" in about


def test_wide_sheets_print_one_record_per_block(tmp_path):
    layout = LAYOUTS["breach-register"]
    sheet = layout.sheets[0]
    values = [f"value {index}" if column.kind == "text" else None
              for index, column in enumerate(sheet.columns)]
    write_pdf(tmp_path / "b.pdf", layout, {sheet.name: [values]}, ABOUT)
    text = pages(tmp_path / "b.pdf")[0]
    assert f"{sheet.columns[0].header}: value 0" in text
    for column, value in zip(sheet.columns[1:], values[1:], strict=True):
        if value:
            assert f"{column.header} {value}" in text.replace("\n", " ")


def test_more_rows_than_one_document_holds_are_refused_before_anything_is_written(tmp_path):
    with pytest.raises(TooManyRows):
        write_pdf(tmp_path / "r.pdf", REGISTER, {"Rows": rows(11)}, ABOUT, max_rows=10)
    assert not (tmp_path / "r.pdf").exists()


def test_rows_are_checked_as_for_the_workbook(tmp_path):
    with pytest.raises(ValueError, match="data row 1"):
        write_pdf(tmp_path / "r.pdf", REGISTER, {"Rows": [["R", "x", "y", "too many"]]}, ABOUT)
    with pytest.raises(KeyError):
        write_pdf(tmp_path / "r.pdf", REGISTER, {"Nope": []}, ABOUT)
