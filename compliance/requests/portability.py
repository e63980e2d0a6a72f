"""The answer to a portability request (GDPR Art 20; WP29 Guidelines WP242 rev.01).

Not the access package: only the personal data the person PROVIDED (what they typed or agreed
to: their profile, the terms of a placement or membership they entered into), and only where the
processing rests on their consent (Art 6(1)(a)) or a contract with them (Art 6(1)(b)), as taken
from the purposes in policies/purposes.yaml. Data the controller derived or generated, the request
history, fees and invoices, and the Art 15 information are left out (WP242 rev.01 section III).

Formats (Art 20(1) "structured, commonly used and machine-readable"): a zip holding data.json
(the whole package) and one CSV per section, plus the same sections as an .xlsx workbook.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass

from compliance.audit.services import head_hash
from compliance.config import current_controller
from compliance.consent.services import purposes_consented
from compliance.placements.services import export_subject_placements
from compliance.policy_context import current_policies
from compliance.requests.models import SubjectRequest
from compliance.subjects.models import Subject
from compliance.subjects.rules import SubjectKind
from compliance.subjects.services import decrypt_subject
from compliance.timeutil import controller_today, utcnow
from exports.about import AboutInfo, ControllerIdentity
from exports.layout import Column, SheetLayout, WorkbookLayout
from exports.writer import write_workbook

FORMAT_VERSION = "portability/v1"
PORTABLE_BASES = ("a", "b")  # GDPR Art 20(1)(a)
# Fields the person provided, with the data category a purpose must cover for them to travel.
PROFILE_FIELDS = {"name": "identity", "date_of_birth": "identity", "country": "identity",
                  "email": "contact", "phone": "contact"}
MEMBERSHIP_FIELDS = ("membership_start", "membership_end")
# Placement terms the candidate agreed to; the fee, currency and governing law are the client's
# contract with the platform, not data the candidate provided.
PLACEMENT_FIELDS = ("reference", "client_name", "client_country", "placement_type", "role_title",
                    "work_country", "start_date", "end_date")
LEFT_OUT = ("request history", "fees, invoices and commissions",
            "information about the processing (GDPR Art 15(1)-(2))",
            "records the controller generated (CV submissions, recipients, audit trail)")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same data gives the same bytes and hash


class NotPortable(Exception):
    """Nothing the subject provided is processed on consent or contract: Art 20 does not apply."""


@dataclass(frozen=True)
class PortableBasis:
    purpose: str
    lawful_basis: str
    categories: frozenset[str]


def portable_bases(subject: Subject) -> list[PortableBasis]:
    """The purposes that carry the right for this subject: consents in force, contracts held."""
    consented = purposes_consented(subject.id, controller_today())
    held = set()
    if export_subject_placements(subject.id)["placements"]:
        held.add("placement_administration")
    if subject.kind == SubjectKind.MEMBER and subject.membership_start:
        held.add("member_administration")
    result = []
    for purpose in current_policies().purposes.values():
        if purpose.lawful_basis not in PORTABLE_BASES:
            continue
        in_force = purpose.id in consented if purpose.lawful_basis == "a" else purpose.id in held
        if in_force:
            result.append(PortableBasis(purpose.id, purpose.lawful_basis, frozenset(purpose.data_categories)))
    return sorted(result, key=lambda b: b.purpose)


def build_portability_package(request: SubjectRequest, subject: Subject) -> dict:
    """The provided data that Art 20 covers (decrypts: the caller audits). NotPortable if none."""
    bases = portable_bases(subject)
    categories = frozenset().union(*(b.categories for b in bases)) if bases else frozenset()
    view = decrypt_subject(subject)
    profile = {field: _plain(getattr(view, field)) for field, category in PROFILE_FIELDS.items()
               if category in categories and getattr(view, field) is not None}
    sections = {"profile": [profile] if profile else []}
    if "membership" in categories:
        sections["membership"] = [{f: _plain(getattr(view, f)) for f in MEMBERSHIP_FIELDS}]
    if "placement_terms" in categories:
        placements = export_subject_placements(subject.id)["placements"]
        sections["placements"] = [{f: p[f] for f in PLACEMENT_FIELDS}
                                  for p in placements if p["role"] == "candidate"]
    if not any(sections.values()):
        raise NotPortable()
    controller = current_controller()
    return {
        "format": FORMAT_VERSION,
        "generated_at": utcnow().isoformat(timespec="seconds"),
        "request": {"reference": request.reference, "article": "GDPR Art 20"},
        "controller": {"name": controller.name, "registry_code": controller.registry_code,
                       "country": controller.country},
        "basis": [{"purpose": b.purpose, "lawful_basis": f"GDPR Art 6(1)({b.lawful_basis})"}
                  for b in bases],
        "data": {name: rows for name, rows in sections.items() if rows},
        "left_out": list(LEFT_OUT),
    }


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def render_zip(package: dict) -> bytes:
    """data.json plus one CSV per section (UTF-8, header row), byte-for-byte reproducible."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "data.json", json.dumps(package, ensure_ascii=False, indent=2, sort_keys=True))
        for name, rows in sorted(package["data"].items()):
            _add(archive, f"{name}.csv", _csv(rows))
    return buffer.getvalue()


def _add(archive: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text.encode("utf-8"))


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    columns = list(dict.fromkeys(k for row in rows for k in row))
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        # A cell starting with = + - @ would be a formula when opened in a spreadsheet.
        writer.writerow({k: _neutral(v) for k, v in row.items()})
    return out.getvalue()


def _neutral(value):
    # Phone numbers and dates stay exact ("+372 ...", "-1"); only text a spreadsheet would run as
    # a formula is prefixed. data.json holds every value unchanged.
    if isinstance(value, str) and value[:1] in ("=", "@", "+", "-") and not value[1:2].isdigit():
        return "'" + value
    return value


def render_xlsx(package: dict) -> bytes:
    """One sheet per section with a column per field, and the About sheet (controller, request)."""
    names = sorted(package["data"])
    columns = {name: _columns(package, name) for name in names}
    layout = WorkbookLayout(
        name="portability-package", title="Your data, as you provided it (GDPR Art 20)",
        sheets=tuple(SheetLayout(name.capitalize(), tuple(Column(c, width=24) for c in columns[name]))
                     for name in names))
    controller = current_controller()
    about = AboutInfo(
        controller=ControllerIdentity(controller.name, controller.registry_code, controller.address,
                                      controller.dpo_contact),
        generated_by="compliance service, data subject request " + package["request"]["reference"],
        audit_head=head_hash(),
        scope=[("Request", package["request"]["reference"]), ("Right", "GDPR Art 20"),
               ("Basis", "; ".join(f"{b['purpose']} ({b['lawful_basis']})" for b in package["basis"]))])
    sheets = {name.capitalize(): [[row.get(c) for c in columns[name]] for row in package["data"][name]]
              for name in names}
    buffer = io.BytesIO()
    write_workbook(buffer, layout, sheets, about)
    return buffer.getvalue()


def _columns(package: dict, name: str) -> list[str]:
    return list(dict.fromkeys(k for row in package["data"][name] for k in row))


# GDPR Art 20(2) "where technically feasible": how a package may travel to another controller.
TRANSMISSION_METHODS = ("secure_email", "sftp", "api", "data_carrier", "other")
