"""Retention schedule (GDPR Art 30(1)(f)) and the log of erasures it caused."""

from __future__ import annotations

from exports.layout import Column, SheetLayout, WorkbookLayout

SCHEDULE_SHEET = SheetLayout("Schedule", (
    Column("Category", width=22),
    Column("Description", width=36),
    Column("Trigger", width=22),
    Column("Period", width=10),  # ISO 8601 duration, e.g. P7Y
    Column("Action", width=14),
    Column("Country", width=10),
    Column("Legal citation", width=36),
    Column("Policy version", width=14),
    Column("Enforcement", width=48),  # how the category is enforced today (retention.yaml)
))

ERASURE_LOG_SHEET = SheetLayout("Erasure log", (
    Column("Performed at (UTC)", "datetime", 20),
    Column("Category", width=22),
    Column("Rule", width=24),
    Column("Action", width=14),
    Column("Policy version", width=14),
    Column("Subject id", width=14),
    Column("Country", width=10),
    Column("Request reference", width=18),
    Column("Outcome", width=36),
))

LAYOUT = WorkbookLayout(
    name="retention",
    title="Retention schedule and erasure log (GDPR Art 5(1)(e), 30(1)(f))",
    sheets=(SCHEDULE_SHEET, ERASURE_LOG_SHEET),
)
