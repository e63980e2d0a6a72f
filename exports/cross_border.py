"""Cross-border findings per placement (Services Directive 2006/123/EC and national law)."""

from __future__ import annotations

from exports.layout import Column, SheetLayout, WorkbookLayout

FINDINGS_SHEET = SheetLayout("Findings", (
    Column("Work country", width=10),
    Column("Placement reference", width=20),
    Column("Placement type", width=18),
    Column("Member reference", width=37),
    Column("Client country", width=10),
    Column("Finding code", width=22),
    Column("Severity", width=10),
    Column("Message", width=50),
    Column("Legal reference", width=36),
))

LAYOUT = WorkbookLayout(
    name="cross-border",
    title="Cross-border compliance findings per placement",
    sheets=(FINDINGS_SHEET,),
)
