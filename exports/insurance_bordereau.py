"""Bordereau for the professional indemnity insurer: risks written and claims.

Header names lean on Lloyd's Coverholder Reporting Standards v5 wording (e.g.
"Certificate Reference", "Class of Business", "Risk Inception Date", "Original
Currency") where they fit; the mapping to CRS field codes is not verified.
"""

from __future__ import annotations

from exports.layout import Column, SheetLayout, WorkbookLayout

RISKS_SHEET = SheetLayout("Risks written", (
    Column("Policy Number", width=16),
    Column("Certificate Reference", width=20),  # placement reference
    Column("Member Reference", width=37),
    Column("Client Name", width=26),
    Column("Client Country", width=10),
    Column("Risk Location Country", width=10),  # where the work is done
    Column("Class of Business", width=20),  # placement type
    Column("Risk Inception Date", "date", 12),
    Column("Fee", "number", 14),
    Column("Original Currency", width=10),
    Column("Covered", "bool", 10),
    Column("Reasons", width=40),
))

CLAIMS_SHEET = SheetLayout("Claims", (
    Column("Claim Reference", width=16),
    Column("Policy Number", width=16),
    Column("Certificate Reference", width=20),
    Column("Date Claim Notified", "date", 12),
    Column("Reserve", "number", 14),
    Column("Paid to Date", "number", 14),
    Column("Original Currency", width=10),
    Column("Claim Status", width=14),
))

LAYOUT = WorkbookLayout(
    name="insurance-bordereau",
    title="Professional indemnity bordereau: risks written and claims",
    sheets=(RISKS_SHEET, CLAIMS_SHEET),
)
