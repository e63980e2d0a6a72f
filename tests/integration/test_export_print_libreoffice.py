"""The workbooks printed by a real spreadsheet application: LibreOffice Calc, headless, converts every
workbook of the demo data to PDF in one run; pypdf reads the PDFs back.

LibreOffice comes from the distribution (`apt-get install libreoffice-calc-nogui`; `.ci/run` installs
it). Without `soffice` on the PATH this test skips with that hint, as the browser tests do.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess  # noqa: S404 - runs the system's LibreOffice, no shell, fixed arguments
import time
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from compliance.config import current_controller
from exports import LAYOUTS

SOFFICE = shutil.which("soffice")
# Pages each workbook of `compliance demo --subjects 200` may print on (measured, with room for the
# demo's randomness). Before the print set-up the RoPA printed on 39 pages, one column per page.
PAGE_BOUNDS = {"ropa": 26, "dsr-register": 10, "consent-register": 30, "breach-register": 6,
               "retention": 6, "insurance-bordereau": 8, "cross-border": 14}
NEW_WORKBOOK_BOUND = 12  # a workbook added since, until its own bound is measured
SAMPLED_ROWS = 4
_SPACE = re.compile(r"\s+")

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="Print tests need LibreOffice Calc (soffice): sudo apt-get install libreoffice-calc-nogui "
           "(the CI script .ci/run installs it).")


@pytest.fixture
def printed(runner, tmp_path):
    """Every workbook of the demo data, exported and converted to PDF by one LibreOffice run."""
    seeded = runner.invoke(args=["demo", "--subjects", "200"])
    assert seeded.exit_code == 0, seeded.output
    books = tmp_path / "xlsx"
    books.mkdir()
    for name in LAYOUTS:
        result = runner.invoke(args=["export", name, "--output", str(books / f"{name}.xlsx")])
        assert result.exit_code == 0, result.output
    pdfs = tmp_path / "pdf"
    started = time.monotonic()
    # A private profile per run: parallel runs do not share (and lock) one LibreOffice profile.
    subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(pdfs), *sorted(str(p) for p in books.glob("*.xlsx"))],
        check=True, capture_output=True, timeout=600, env=os.environ | {"HOME": str(tmp_path)})
    print(f"LibreOffice converted {len(LAYOUTS)} workbooks in {time.monotonic() - started:.1f} s")
    return books, pdfs


def test_every_demo_workbook_prints_readably_in_libreoffice(printed):
    books, pdfs = printed
    controller = current_controller().name
    problems, pages_printed = [], {}
    for name, layout in LAYOUTS.items():
        pages = [page.extract_text() for page in PdfReader(pdfs / f"{name}.pdf").pages]
        pages_printed[name] = len(pages)
        bound = PAGE_BOUNDS.get(name, NEW_WORKBOOK_BOUND)
        if len(pages) > bound:
            problems.append(f"{name}: {len(pages)} pages, more than {bound}")
        about = pages[0]
        if not ("Controller" in about and controller in about and "Conventions" in about):
            problems.append(f"{name}: the About sheet is not whole on page 1")
        for number, text in enumerate(pages, start=1):
            if layout.title not in text or f"Page {number} of {len(pages)}" not in text:
                problems.append(f"{name}: page {number} lacks its header or footer")
        printed_text = _squeezed("".join(pages))
        for sheet, cell in _sampled_texts(books / f"{name}.xlsx", layout):
            if _squeezed(cell) not in printed_text:
                problems.append(f"{name}/{sheet}: cell text cut or missing: {cell[:60]!r}")
    print("pages printed:", pages_printed)
    assert not problems, "\n".join(problems)


def _sampled_texts(path: Path, layout) -> list[tuple[str, str]]:
    """The text cells of the first rows of each data sheet, and each sheet's longest text cell."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        sampled = []
        for sheet in layout.sheets:
            texts = [(number, value) for number, row in enumerate(
                workbook[sheet.name].iter_rows(min_row=2, values_only=True)) for value in row
                if isinstance(value, str)]
            sampled += [(sheet.name, value) for number, value in texts if number < SAMPLED_ROWS]
            if texts:
                sampled.append((sheet.name, max((value for _, value in texts), key=len)))
        return sampled
    finally:
        workbook.close()


def _squeezed(text: str) -> str:
    # Wrapping moves line breaks; LibreOffice breaks long words (UUIDs) anywhere.
    return _SPACE.sub("", text)
