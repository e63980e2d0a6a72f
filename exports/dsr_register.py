"""Register of data subject requests (GDPR Art 12-22), one row per request."""

from __future__ import annotations

from exports.layout import Column, SheetLayout, WorkbookLayout

REQUESTS_SHEET = SheetLayout("Requests", (
    Column("Reference", width=16),
    Column("Type", width=22),
    Column("Type code", width=14),  # machine-readable, next to the words people read
    Column("Article", width=10),
    Column("Channel", width=16),
    Column("Channel code", width=12),
    Column("Received (UTC)", "datetime", 20),
    Column("Original due", "date", 12),
    Column("Due", "date", 12),
    Column("Extended", "bool", 10),
    Column("Extension reason", width=30),
    Column("Closed (UTC)", "datetime", 20),
    Column("On time", "bool", 10),
    Column("Status", width=22),
    Column("Status code", width=14),
    Column("Outcome", width=30),
    Column("Rejection ground", width=30),
    Column("Days paused", "integer", 10),
    Column("Objection per purpose", width=40),
    Column("Kept after erasure", width=40),
    Column("Answer sent (UTC)", "datetime", 20),
    Column("Answer SHA-256", width=24),
))

LAYOUT = WorkbookLayout(
    name="dsr-register",
    title="Register of data subject requests (GDPR Art 12-22)",
    sheets=(REQUESTS_SHEET,),
)
