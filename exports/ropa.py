"""Record of processing activities (GDPR Art 30(1)) in the ICO and CNIL shapes.

"ICO RoPA": the 30 columns of the UK ICO controller template, in its order (header in
row 1 here; the template's title block is replaced by the About sheet).
"CNIL register": one row per activity with the CNIL register's checkbox columns.
"Controller": Art 30(1)(a) name and contact of controller, joint controller,
representative and DPO, one row per role.
"""

from __future__ import annotations

from exports.layout import Column, SheetLayout, WorkbookLayout

# UK ICO "Record of processing activities" controller template, columns in order.
ICO_HEADERS: tuple[str, ...] = (
    "Business function",
    "Purpose of processing",
    "Name and contact details of joint controller",
    "Categories of individuals",
    "Categories of personal data",
    "Categories of recipients",
    "Link to contract with processor",
    "Names of third countries or international organisations that personal data are "
    "transferred to",
    "Safeguards for exceptional transfers",
    "Retention schedule",
    "General description of technical and organisational security measures",
    "Article 6 lawful basis",
    "Article 9 condition for special category data",
    "Legitimate interests for the processing",
    "Link to record of legitimate interests assessment",
    "Rights available to individuals",
    "Existence of automated decision-making, including profiling",
    "The source of the personal data",
    "Link to record of consent",
    "Location of personal data",
    "DPIA required?",
    "DPIA progress",
    "Link to DPIA",
    "Has a personal data breach occurred?",
    "Link to record of personal data breach",
    "(UK-only) DPA 2018 Schedule 1 condition",
    "GDPR Article 6 lawful basis",
    "Link to retention and erasure policy document",
    "Is personal data retained and erased in accordance with the policy document?",
    "Reasons for not adhering",
)
_ICO_YES_NO = {
    "DPIA required?",
    "Has a personal data breach occurred?",
    "Is personal data retained and erased in accordance with the policy document?",
}

# CNIL register ("registre des activités de traitement") checkbox groups.
CNIL_DATA_CATEGORIES: tuple[str, ...] = (
    "identity", "personal life", "professional life", "economic/financial",
    "connection", "location", "internet", "other",
)
CNIL_SECURITY_MEASURES: tuple[str, ...] = (
    "access control", "traceability", "software protection", "backup", "encryption",
    "processor control",
)


def _ico_column(header: str) -> Column:
    kind = "bool" if header in _ICO_YES_NO else "text"
    return Column(header, kind, width=12 if kind == "bool" else 30)


ICO_SHEET = SheetLayout("ICO RoPA", tuple(_ico_column(header) for header in ICO_HEADERS))

CNIL_SHEET = SheetLayout("CNIL register", (
    Column("Reference", width=14),
    Column("Activity", width=30),
    Column("Created", "date", 12),
    Column("Updated", "date", 12),
    Column("Main purpose", width=40),
    Column("Sub-purposes", width=40),
    Column("Lawful basis", width=24),
    Column("Categories of data subjects", width=30),
    *(Column(f"Data: {category}", "bool", 12) for category in CNIL_DATA_CATEGORIES),
    Column("Data categories described", width=40),
    Column("Sensitive data", "bool", 12),
    Column("Sensitive data described", width=30),
    *(Column(f"Retention: {category}", width=20) for category in CNIL_DATA_CATEGORIES),
    Column("Recipients: internal", width=30),
    Column("Recipients: external", width=30),
    Column("Recipients: processors", width=30),
    Column("Transfers outside the EU: recipient", width=26),
    Column("Transfers outside the EU: country", width=20),
    Column("Transfers outside the EU: safeguards", width=30),
    *(Column(f"Security: {measure}", "bool", 12) for measure in CNIL_SECURITY_MEASURES),
    Column("Other security measures", width=36),
))

CONTROLLER_SHEET = SheetLayout("Controller", (
    Column("Role", width=22),  # controller / joint controller / representative / DPO
    Column("Name", width=30),
    Column("Registry code", width=16),
    Column("Address", width=40),
    Column("Country", width=10),
    Column("Email", width=30),
    Column("Phone", width=18),
))

LAYOUT = WorkbookLayout(
    name="ropa",
    title="Record of processing activities (GDPR Art 30(1))",
    sheets=(ICO_SHEET, CNIL_SHEET, CONTROLLER_SHEET),
)
