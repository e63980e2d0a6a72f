"""The export writer: real workbooks written to disk and reopened with openpyxl."""

from __future__ import annotations

import os
import weakref
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.worksheet._writer import ALL_TEMP_FILES

from exports import LAYOUTS, AboutInfo, ControllerIdentity, write_workbook
from exports.cells import neutralise
from exports.hashing import SheetHasher
from exports.layout import Column, SheetLayout, WorkbookLayout
from exports.verify import read_about, recompute_sheet_hash, verify_workbook
from exports.writer import write_workbook_to_tempfile

ICO_COLUMNS = [
    "Business function", "Purpose of processing", "Name and contact details of joint controller",
    "Categories of individuals", "Categories of personal data", "Categories of recipients",
    "Link to contract with processor",
    "Names of third countries or international organisations that personal data are "
    "transferred to",
    "Safeguards for exceptional transfers", "Retention schedule",
    "General description of technical and organisational security measures",
    "Article 6 lawful basis", "Article 9 condition for special category data",
    "Legitimate interests for the processing", "Link to record of legitimate interests assessment",
    "Rights available to individuals",
    "Existence of automated decision-making, including profiling",
    "The source of the personal data", "Link to record of consent", "Location of personal data",
    "DPIA required?", "DPIA progress", "Link to DPIA", "Has a personal data breach occurred?",
    "Link to record of personal data breach", "(UK-only) DPA 2018 Schedule 1 condition",
    "GDPR Article 6 lawful basis", "Link to retention and erasure policy document",
    "Is personal data retained and erased in accordance with the policy document?",
    "Reasons for not adhering",
]

SAMPLE = WorkbookLayout("sample", "Sample workbook", (SheetLayout("Data", (
    Column("Reference", width=16),
    Column("Received (UTC)", "datetime", 20),
    Column("Due", "date", 12),
    Column("Fee", "number", 12),
    Column("Count", "integer", 8),
    Column("On time", "bool", 8),
)),))


@pytest.fixture
def about():
    """Factory for About information; keyword overrides change single fields."""
    def make(**overrides):
        values = {
            "controller": ControllerIdentity(
                "Umbrella Recruit OÜ", "16000000", "Tallinn, Estonia", "dpo@example.eu"),
            "generated_by": "dpo@example.eu",
            "audit_head": "ab" * 32,
            "scope": {"period": "2025-01-01..2025-12-31", "country": "EE"},
            "generated_at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        } | overrides
        return AboutInfo(**values)
    return make


@pytest.fixture
def written(tmp_path, about):
    """Factory: write rows with a layout, return (reopened workbook, summary)."""
    opened = []

    def write(layout=SAMPLE, sheets=None, name="out.xlsx", **about_overrides):
        path = tmp_path / name
        summary = write_workbook(path, layout, sheets or {}, about(**about_overrides))
        workbook = openpyxl.load_workbook(path)
        opened.append(workbook)
        return workbook, summary

    yield write
    for workbook in opened:
        workbook.close()


def sample_rows():
    yield ["R-1", datetime(2025, 3, 5, 10, 0, 7, 900, tzinfo=timezone(timedelta(hours=2))),
           date(2025, 4, 7), Decimal("1234.50"), 3, True]
    yield ["=1+2", None, None, 0.1, None, False]


def about_values(workbook):
    return {row[0]: row[1] for row in workbook["About"].iter_rows(max_col=2, values_only=True)}


def test_about_is_first_and_states_controller_counts_hashes_and_audit_head(written):
    workbook, summary = written(sheets={"Data": sample_rows()})
    assert workbook.sheetnames == ["About", "Data"]
    values = about_values(workbook)
    assert workbook["About"]["A1"].value == "Sample workbook"
    assert values["Controller"] == "Umbrella Recruit OÜ"
    assert values["Registry code"] == "16000000"
    assert values["DPO contact"] == "dpo@example.eu"
    assert values["Generated at (UTC)"] == datetime(2026, 1, 2, 3, 4, 5)
    assert values["country"] == "EE"
    assert values["Audit trail head hash"] == "ab" * 32
    stated = read_about(workbook)
    assert stated.sheets["Data"].row_count == 2 == summary.row_counts["Data"]
    assert stated.sheets["Data"].data_hash == summary.data_hashes["Data"]
    assert stated.audit_head == "ab" * 32
    assert "SHA-256" in values["How to verify"]


def test_header_is_bold_frozen_filtered_and_columns_have_widths(written):
    workbook, _ = written(sheets={"Data": sample_rows()})
    ws = workbook["Data"]
    assert [cell.value for cell in ws[1]] == [column.header for column in SAMPLE.sheets[0].columns]
    assert all(cell.font.b for cell in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:F3"
    assert ws.column_dimensions["A"].width == 16
    assert ws.column_dimensions["B"].width == 20


def test_dates_are_real_dates_and_datetimes_naive_utc(written):
    workbook, _ = written(sheets={"Data": sample_rows()})
    received, due = workbook["Data"]["B2"], workbook["Data"]["C2"]
    assert received.is_date and due.is_date
    assert received.value == datetime(2025, 3, 5, 8, 0, 7)
    assert received.number_format == "yyyy-mm-dd hh:mm:ss"
    assert due.value == datetime(2025, 4, 7)
    assert due.number_format == "yyyy-mm-dd"


def test_numbers_and_booleans(written):
    workbook, _ = written(sheets={"Data": sample_rows()})
    ws = workbook["Data"]
    assert ws["D2"].value == 1234.5 and ws["D3"].value == 0.1
    assert ws["E2"].value == 3 and ws["E3"].value is None
    assert (ws["F2"].value, ws["F3"].value) == ("yes", "no")


@pytest.mark.parametrize("dangerous", ["=1+2", "+x", "-x", "@x", "\tx", "=HYPERLINK(\"x\")"])
def test_formula_triggers_are_stored_as_quoted_text(written, dangerous):
    workbook, _ = written(sheets={"Data": [[dangerous]]})
    cell = workbook["Data"]["A2"]
    assert cell.data_type == "s"
    assert cell.value == "'" + dangerous


def test_neutralise_leaves_harmless_values_alone():
    assert neutralise("Anna Tamm") == "Anna Tamm"
    assert neutralise(5) == 5
    assert neutralise("\x00\x07=x") == "'=x"


def test_control_characters_are_stripped(written):
    workbook, _ = written(sheets={"Data": [["bell\x07 null\x00 esc\x1b ok\ufffe"]]})
    assert workbook["Data"]["A2"].value == "bell null esc ok"


def test_hash_recomputed_from_reopened_file_matches_about(written):
    rows = [*sample_rows(), ["line\r\nbreak", date(2024, 2, 29), date(2024, 2, 29), -7, 10**17]]
    workbook, summary = written(sheets={"Data": rows})
    recomputed = recompute_sheet_hash(workbook["Data"], SAMPLE.sheets[0])
    assert recomputed == summary.data_hashes["Data"]
    assert recomputed == read_about(workbook).sheets["Data"].data_hash


def test_verify_workbook_reports_tampering(tmp_path, about):
    path = tmp_path / "sample.xlsx"
    write_workbook(path, SAMPLE, {"Data": sample_rows()}, about())
    assert verify_workbook(path, SAMPLE) == []
    workbook = openpyxl.load_workbook(path)
    workbook["Data"]["D2"] = 1.5
    workbook.save(path)
    assert verify_workbook(path, SAMPLE) == ["Data: data hash differs from the About sheet"]


def test_same_rows_give_same_hash_whenever_generated(written):
    _, first = written(sheets={"Data": sample_rows()}, name="a.xlsx")
    _, second = written(sheets={"Data": sample_rows()}, name="b.xlsx",
                        generated_at=datetime(2030, 6, 1, tzinfo=UTC), audit_head="cd" * 32)
    assert first.data_hashes == second.data_hashes


def test_different_rows_give_different_hash(written):
    _, first = written(sheets={"Data": [["a"]]}, name="a.xlsx")
    _, second = written(sheets={"Data": [["b"]]}, name="b.xlsx")
    assert first.data_hashes != second.data_hashes


def test_hasher_accepts_written_and_read_back_values_alike():
    layout = SAMPLE.sheets[0]
    written_hash, read_hash = SheetHasher(layout), SheetHasher(layout)
    written_hash.update(["x", datetime(2025, 1, 1, 9), date(2025, 1, 2), 2, 3, "yes"])
    read_hash.update(("x", datetime(2025, 1, 1, 9), datetime(2025, 1, 2), 2.0, 3, "yes"))
    assert written_hash.hexdigest() == read_hash.hexdigest()


def test_row_with_too_many_values_is_refused_and_temp_files_removed(tmp_path, about):
    with pytest.raises(ValueError, match="data row 1"):
        write_workbook(tmp_path / "x.xlsx", SAMPLE, {"Data": [["a"] * 7]}, about())
    assert not any(os.path.exists(path) for path in ALL_TEMP_FILES)


def test_carriage_return_trigger_is_quoted_and_reads_back_as_line_feed(written):
    workbook, summary = written(sheets={"Data": [["\rx"]]})
    assert workbook["Data"]["A2"].value == "'\nx"
    assert recompute_sheet_hash(workbook["Data"], SAMPLE.sheets[0]) == summary.data_hashes["Data"]


def test_unknown_sheet_is_refused(tmp_path, about):
    with pytest.raises(KeyError):
        write_workbook(tmp_path / "x.xlsx", SAMPLE, {"Nope": []}, about())


def test_progress_is_reported_every_thousand_rows_and_at_the_end(tmp_path, about):
    seen = []
    rows = (["R"] for _ in range(2500))
    write_workbook(tmp_path / "p.xlsx", SAMPLE, {"Data": rows}, about(), progress=seen.append)
    assert seen == [1000, 2000, 2500]


def test_tempfile_variant_returns_a_rewound_xlsx(about):
    file, summary = write_workbook_to_tempfile(SAMPLE, {"Data": sample_rows()}, about())
    with file:
        assert file.read(2) == b"PK"
        file.seek(0)
        workbook = openpyxl.load_workbook(file)
        assert workbook["Data"].max_row == 3
        workbook.close()
    assert summary.row_counts == {"Data": 2}


class _Row(list):
    """A row that can be weakly referenced, to see whether anyone keeps it."""


def test_large_generator_fed_write_keeps_no_rows_alive(tmp_path, about):
    # tracemalloc slows openpyxl's pure-Python XML writer ~6x (17 s here), so this checks
    # the property itself: rows already handed over must be garbage, not collected.
    layout = WorkbookLayout("big", "Big", (SheetLayout("Rows", (
        Column("Reference"), Column("Count", "integer"))),))
    alive, most_alive = 0, 0

    def collected():
        nonlocal alive
        alive -= 1

    def rows():
        nonlocal alive, most_alive
        for i in range(50_000):
            row = _Row([f"R-{i:06d}", i])
            weakref.finalize(row, collected)
            alive += 1
            most_alive = max(most_alive, alive)
            yield row

    summary = write_workbook(tmp_path / "big.xlsx", layout, {"Rows": rows()}, about())
    assert summary.row_counts == {"Rows": 50_000}
    assert most_alive <= 3


def test_ico_sheet_has_exactly_the_30_template_columns_in_order(written):
    workbook, _ = written(layout=LAYOUTS["ropa"])
    headers = [cell.value for cell in workbook["ICO RoPA"][1]]
    assert headers == ICO_COLUMNS
    assert len(headers) == 30


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_layout_writes_with_zero_rows(written, name):
    layout = LAYOUTS[name]
    workbook, summary = written(layout=layout)
    assert workbook.sheetnames == ["About", *(sheet.name for sheet in layout.sheets)]
    assert set(summary.row_counts.values()) == {0}
    for sheet in layout.sheets:
        assert workbook[sheet.name].freeze_panes == "A2"
        assert recompute_sheet_hash(workbook[sheet.name], sheet) == summary.data_hashes[sheet.name]


def test_layout_names_are_the_published_ones():
    assert set(LAYOUTS) == {
        "ropa", "dsr-register", "consent-register", "breach-register", "retention",
        "insurance-bordereau", "cross-border", "assessments",
    }


def test_datetime_column_header_must_say_utc():
    with pytest.raises(ValueError, match="UTC"):
        Column("Received", "datetime")


def test_exports_never_imports_compliance():
    import pathlib

    package = pathlib.Path(__file__).resolve().parents[2] / "exports"
    for module in package.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert "import compliance" not in source and "from compliance" not in source, module
