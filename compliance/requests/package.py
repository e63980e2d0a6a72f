"""The answer to an access (Art 15) or portability (Art 20) request: everything held about the
subject plus the Art 15 information, as JSON (machine-readable) and as an .xlsx workbook."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from collections.abc import Iterator
from datetime import date, datetime

from sqlalchemy import select

from compliance.audit.services import head_hash
from compliance.config import current_controller
from compliance.consent.services import export_subject_consents
from compliance.extensions import db
from compliance.keystore.texts import open_field
from compliance.placements.services import export_subject_placements
from compliance.policy_context import current_policies
from compliance.requests.information import art15_information
from compliance.requests.models import SubjectRequest
from compliance.requests.rules import RequestType
from compliance.subjects.models import Subject
from compliance.subjects.services import decrypt_subject
from compliance.timeutil import as_utc, utcnow
from exports.about import AboutInfo, ControllerIdentity
from exports.layout import Column, SheetLayout, WorkbookLayout
from exports.writer import write_workbook

FIELD_COLUMNS = (Column("Record", "integer", 8), Column("Field", width=28), Column("Value", width=70))
SECTIONS = ("subject", "consents", "requests", "placements", "cv_submissions", "recipients",
            "art15_information")
SHEET_TITLES = {"subject": "Subject", "consents": "Consents", "requests": "Requests",
                "placements": "Placements", "cv_submissions": "CV submissions",
                "recipients": "Recipients", "art15_information": "Information (Art 15)"}
LAYOUT = WorkbookLayout(
    name="subject-access-package",
    title="Copy of your personal data (GDPR Art 15 and Art 20)",
    sheets=tuple(SheetLayout(SHEET_TITLES[s], FIELD_COLUMNS) for s in SECTIONS),
)


def build_package(request: SubjectRequest, subject: Subject) -> dict:
    """Everything held about the subject, as a JSON-serialisable mapping (decrypts: caller audits)."""
    view = decrypt_subject(subject)
    placements = export_subject_placements(subject.id)
    policies = current_policies()
    return {
        "generated_at": utcnow().isoformat(timespec="seconds"),
        "request": {"reference": request.reference, "type": request.type,
                    "article": RequestType(request.type).article},
        "controller": _controller(),
        "subject": {k: _plain(v) for k, v in view.__dict__.items()},
        "consents": export_subject_consents(subject.id),
        "requests": _requests_of(subject.id),
        "placements": placements["placements"],
        "cv_submissions": placements["cv_submissions"],
        "recipients": placements["recipients"],
        "art15_information": art15_information(policies, subject.kind, placements["recipients"]),
    }


def _controller() -> dict:
    controller = current_controller()
    return {"name": controller.name, "registry_code": controller.registry_code,
            "address": controller.address, "country": controller.country,
            "dpo_contact": controller.dpo_contact}


def _requests_of(subject_id: uuid.UUID) -> list[dict]:
    rows = db.session.execute(
        select(SubjectRequest).where(SubjectRequest.subject_id == subject_id)
        .order_by(SubjectRequest.received_at)
    ).scalars()
    return [{
        "reference": r.reference, "type": r.type, "status": r.status, "channel": r.channel,
        "received_at": _plain(as_utc(r.received_at)), "due_date": _plain(r.due_date),
        "extended": r.extended, "closed_at": _plain(r.closed_at and as_utc(r.closed_at)),
        "rejection_ground": r.rejection_ground, "details": open_field(r, "details", owner_id=r.subject_id),
    } for r in rows]


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def render_json(package: dict) -> bytes:
    return json.dumps(package, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode()


def render_xlsx(package: dict) -> bytes:
    """One sheet per section, one row per field of each record (Record, Field, Value)."""
    controller = current_controller()
    about = AboutInfo(
        controller=ControllerIdentity(controller.name, controller.registry_code, controller.address,
                                      controller.dpo_contact),
        generated_by="compliance service, data subject request " + package["request"]["reference"],
        audit_head=head_hash(),
        scope=[("Request", package["request"]["reference"]), ("Right", package["request"]["article"])],
    )
    sheets = {SHEET_TITLES[s]: _field_rows(package[s]) for s in SECTIONS}
    buffer = io.BytesIO()
    write_workbook(buffer, LAYOUT, sheets, about)
    return buffer.getvalue()


def _field_rows(section) -> Iterator[tuple]:
    records = section if isinstance(section, list) else [section]
    for number, record in enumerate(records, 1):
        items = record.items() if isinstance(record, dict) else [("value", record)]
        for field, value in _flatten(items):
            yield number, field, value


def _flatten(items, prefix: str = "") -> Iterator[tuple[str, object]]:
    for key, value in items:
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value.items(), name + ".")
        elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
            yield from _flatten(((str(i), v) for i, v in enumerate(value, 1)), name + ".")
        elif isinstance(value, list):
            yield name, "; ".join(str(v) for v in value)
        else:
            yield name, None if value is None else str(_plain(value))


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
