"""Register of assessments: DPIAs (GDPR Art 35-36) with each feared event's risk before and after
the measures, legitimate interests assessments (Art 6(1)(f)), AI systems and automated decisions
(Art 22; AI Act Annex III), and the gaps still open."""

from __future__ import annotations

from exports.layout import Column, SheetLayout, WorkbookLayout

DPIAS_SHEET = SheetLayout("DPIAs", (
    Column("Reference", width=16),
    Column("Title", width=30),
    Column("Processing activities", width=26),
    Column("Status", width=20),
    Column("Status code", width=14),
    Column("Residual risk", width=12),
    Column("Prior consultation (Art 36)", width=30),
    Column("DPO advice (Art 35(2))", width=40),
    Column("Validated at (UTC)", "datetime", 20),
    Column("Next review", "date", 12),
))

RISKS_SHEET = SheetLayout("DPIA risks", (
    Column("DPIA", width=16),
    Column("Feared event", width=22),
    Column("Severity before (1-4)", "integer", 12),
    Column("Likelihood before (1-4)", "integer", 12),
    Column("Rating before", width=12),
    Column("Measures", width=40),
    Column("Severity after (1-4)", "integer", 12),
    Column("Likelihood after (1-4)", "integer", 12),
    Column("Residual rating", width=12),
))

LIAS_SHEET = SheetLayout("LIAs", (
    Column("Reference", width=16),
    Column("Purpose", width=22),
    Column("Purpose code", width=18),
    Column("Interest (purpose test)", width=40),
    Column("Purpose test", width=12),
    Column("Necessity test", width=12),
    Column("Balancing test", width=12),
    Column("Outcome", width=12),
    Column("Decided at (UTC)", "datetime", 20),
    Column("Next review", "date", 12),
))

AI_SHEET = SheetLayout("AI systems", (
    Column("Reference", width=14),
    Column("Name", width=26),
    Column("Provider", width=26),
    Column("Purposes", width=26),
    Column("AI Act Annex III", width=14),
    Column("High-risk", "bool", 10),
    Column("Solely automated decisions", "bool", 12),
    Column("Legal or similar effect", "bool", 12),
    Column("Art 22(2) exception", width=14),
    Column("Human oversight", width=36),
    Column("Logs kept", width=10),
    Column("DPIA", width=16),
    Column("In use", "bool", 8),
))

GAPS_SHEET = SheetLayout("Gaps", (
    Column("Gap", width=24),
    Column("Gap code", width=18),
    Column("Concerns", width=22),
    Column("What is missing", width=80),
))

LAYOUT = WorkbookLayout(
    name="assessments",
    title="Register of assessments: DPIAs, LIAs, AI systems and automated decisions",
    sheets=(DPIAS_SHEET, RISKS_SHEET, LIAS_SHEET, AI_SHEET, GAPS_SHEET),
)
