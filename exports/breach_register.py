"""Register of personal data breaches (GDPR Art 33(5)): every breach, notified or not."""

from __future__ import annotations

from exports.layout import Column, SheetLayout, WorkbookLayout

BREACHES_SHEET = SheetLayout("Breaches", (
    Column("Reference", width=16),
    Column("Aware at (UTC)", "datetime", 20),
    Column("Occurred at (UTC)", "datetime", 20),
    Column("Discovered how", width=30),
    Column("Nature", width=30),  # Art 33(3)(a)
    Column("Categories of subjects", width=26),
    Column("Approx. subjects", "integer", 12),
    Column("Categories of records", width=26),
    Column("Approx. records", "integer", 12),
    Column("Likely consequences", width=36),  # Art 33(3)(c)
    Column("Measures", width=36),  # Art 33(3)(d)
    Column("DPO contact", width=26),  # Art 33(3)(b)
    Column("Risk", width=10),
    Column("Decision: notify", "bool", 12),
    Column("Reasoning", width=40),
    Column("Notify by (72h, UTC)", "datetime", 20),  # Art 33(1): elapsed hours
    Column("Notified at (UTC)", "datetime", 20),
    Column("Authority", width=20),
    Column("Authority reference", width=18),
    Column("Late reasons", width=30),
    Column("Follow-up phases (UTC)", width=36),  # Art 33(4): information provided in phases
    Column("Subjects told at (UTC)", "datetime", 20),  # Art 34(1)
    Column("Art 34(3) ground", width=24),
    Column("Status", width=12),
))

LAYOUT = WorkbookLayout(
    name="breach-register",
    title="Register of personal data breaches (GDPR Art 33(5))",
    sheets=(BREACHES_SHEET,),
)
