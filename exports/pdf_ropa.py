"""The record of processing activities as a document to read (GDPR Art 30(1)).

Page 1 names the controller, representative and DPO (Art 30(1)(a), the Controller sheet); then one
block per processing activity (a row of the ICO sheet) with the items of Art 30(1)(a)-(g) in order,
followed by what else the ICO template records for it. The CNIL sheet holds the same activities in
the CNIL's shape: it is checked and hashed like the others (the About facts match the xlsx) and not
printed twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from fpdf.enums import XPos, YPos

from exports import ropa
from exports.about import AboutInfo, SheetResult
from exports.hashing import SheetHasher
from exports.layout import WorkbookLayout
from exports.pdf_document import Document, RowCounter, display, prepared_rows

LAYOUT_NAME = ropa.LAYOUT.name
# Art 30(1)(a)-(g), each with the ICO columns that answer it, in order.
ARTICLE_30 = (
    ("(a) Joint controller", ("Name and contact details of joint controller",)),
    ("(b) Purposes of the processing", ("Purpose of processing", "Article 6 lawful basis")),
    ("(c) Categories of data subjects and of personal data",
     ("Categories of individuals", "Categories of personal data",
      "Article 9 condition for special category data")),
    ("(d) Categories of recipients", ("Categories of recipients", "Link to contract with processor")),
    ("(e) Transfers to third countries or international organisations",
     (ropa.ICO_HEADERS[7], "Safeguards for exceptional transfers")),
    ("(f) Time limits for erasure", ("Retention schedule",)),
    ("(g) Technical and organisational security measures",
     ("General description of technical and organisational security measures",)),
)
_ANSWERED = {header for _, headers in ARTICLE_30 for header in headers} | {"Business function"}


def render(document: Document, layout: WorkbookLayout, sheets: Mapping[str, Iterable[Sequence[object]]],
           about: AboutInfo, counter: RowCounter) -> dict[str, SheetResult]:
    """Write the RoPA into ``document``; the sheets' row counts and data hashes."""
    results: dict[str, SheetResult] = {}
    document.add_page()
    document.section = "Controller"
    document.heading(layout.title, size=16)
    document.multi_cell(0, 5, f"{about.controller.name}, registry code {about.controller.registry_code}, "
                              f"{about.controller.address}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    document.ln(3)
    document.heading("Controller, representative and data protection officer (Art 30(1)(a))", size=11)
    results[ropa.CONTROLLER_SHEET.name] = _controller(document, sheets, counter)
    results[ropa.ICO_SHEET.name] = _activities(document, sheets, counter)
    hasher = SheetHasher(ropa.CNIL_SHEET)
    for _ in prepared_rows(ropa.CNIL_SHEET, sheets.get(ropa.CNIL_SHEET.name, ()), hasher, counter):
        pass  # the same activities: hashed so the About facts are the xlsx's, not printed twice
    results[ropa.CNIL_SHEET.name] = SheetResult(hasher.row_count, hasher.hexdigest())
    return {sheet.name: results[sheet.name] for sheet in layout.sheets}


def _controller(document: Document, sheets, counter: RowCounter) -> SheetResult:
    sheet = ropa.CONTROLLER_SHEET
    hasher = SheetHasher(sheet)
    for prepared in prepared_rows(sheet, sheets.get(sheet.name, ()), hasher, counter):
        role = display(prepared[0])
        document.heading(role[:1].upper() + role[1:], size=10)
        document.pairs((column.header, display(value))
                       for column, value in zip(sheet.columns[1:], prepared[1:], strict=True)
                       if value is not None)
        document.ln(2)
    return SheetResult(hasher.row_count, hasher.hexdigest())


def _activities(document: Document, sheets, counter: RowCounter) -> SheetResult:
    sheet = ropa.ICO_SHEET
    hasher = SheetHasher(sheet)
    for prepared in prepared_rows(sheet, sheets.get(sheet.name, ()), hasher, counter):
        values = {column.header: display(value)
                  for column, value in zip(sheet.columns, prepared, strict=True)}
        if hasher.row_count == 1:
            document.add_page()
            document.section = "Processing activities"
        elif document.get_y() > document.eph * 0.6:
            document.add_page()  # a block starts on a fresh page rather than at the foot of one
        else:
            document.ln(4)
        document.heading(f"Activity {hasher.row_count}: {values['Business function']}", size=12)
        for item, headers in ARTICLE_30:
            document.heading(item, size=9.5)
            document.pairs((header, values[header] or "(none)") for header in headers)
            document.ln(1)
        further = [(header, text) for header, text in values.items() if header not in _ANSWERED and text]
        if further:
            document.heading("Also recorded (ICO template)", size=9.5)
            document.pairs(further)
    return SheetResult(hasher.row_count, hasher.hexdigest())
