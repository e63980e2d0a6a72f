"""Proof of consent (GDPR Art 7(1); EDPB Guidelines 05/2020 §108), one row per event."""

from __future__ import annotations

from exports.layout import Column, SheetLayout, WorkbookLayout

EVENTS_SHEET = SheetLayout("Consent events", (
    Column("Event id", width=37),
    Column("Subject reference", width=37),
    Column("Subject name", width=26),
    Column("Purpose", width=24),
    Column("Scope (client)", width=24),
    Column("Action", width=12),  # given / withdrawn / renewed
    Column("Occurred at (UTC)", "datetime", 20),
    Column("Channel", width=14),
    Column("Notice version", width=14),
    Column("Notice SHA-256", width=66),
    Column("Collected by", width=20),
    Column("Policy version", width=14),
))

LAYOUT = WorkbookLayout(
    name="consent-register",
    title="Consent register (GDPR Art 7(1))",
    sheets=(EVENTS_SHEET,),
)
