"""Doing what each right asks (GDPR Art 15-21). Each function changes rows and flushes, returns
a non-personal outcome (field names, categories, counts, citations, client names); services.py
audits, and its unit of work commits."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime

from compliance.consent.services import export_subject_consents
from compliance.errors import Conflict, ProcessingRefused, ValidationFailed
from compliance.extensions import db
from compliance.keystore.services import cipher_for
from compliance.placements.services import export_subject_placements
from compliance.policy_context import current_policies
from compliance.requests import portability
from compliance.requests.exemptions import erase_partially, exemptions_for
from compliance.requests.models import RequestPackage, SubjectRequest
from compliance.requests.objections import close_objection
from compliance.requests.package import build_package, render_json, render_xlsx, sha256_hex
from compliance.requests.rules import RequestType
from compliance.retention.services import active_holds, hold_view
from compliance.subjects.erasure import erase_subjects
from compliance.subjects.models import Subject
from compliance.subjects.rules import PERSONAL_FIELDS, SubjectStatus, subject_problems
from compliance.subjects.services import decrypt_subject, encrypt_personal_fields
from compliance.timeutil import controller_today, utcnow
from compliance.transaction import CONFLICT_MESSAGE

PACKAGE_TABLE = "request_packages"
MIMETYPES = {"json": "application/json", "zip": "application/zip",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def fulfil(request: SubjectRequest, subject: Subject, changes: Mapping) -> dict:
    """Do what the request's right asks; the outcome holds no personal data."""
    kind = RequestType(request.type)
    if kind is RequestType.ACCESS:
        return answer_with_package(request, subject)
    if kind is RequestType.PORTABILITY:
        return answer_with_portability_package(request, subject)
    if kind is RequestType.RECTIFICATION:
        return rectify(subject, changes)
    if kind is RequestType.RESTRICTION:
        return restrict(subject)
    if kind is RequestType.OBJECTION:
        _refuse_if_erased(subject)
        return close_objection(request, subject)
    return erase(subject, request.reference)


def audit_details(request: SubjectRequest) -> dict:
    """What the trail records of a fulfilment: names, hashes, categories and counts only."""
    outcome = request.outcome or {}
    details = {"type": request.type, "subject_id": str(request.subject_id)}
    if "fields_changed" in outcome:
        details["fields"] = outcome["fields_changed"]
    if "package" in outcome:
        details["sha256"] = {fmt: v["sha256"] for fmt, v in outcome["package"].items()}
    if "retained" in outcome:
        details["retained_categories"] = sorted({r["category"] for r in outcome["retained"]})
    if "recipients_to_notify" in outcome:
        details["recipients_to_notify"] = len(outcome["recipients_to_notify"])
    return details


def _refuse_if_erased(subject: Subject) -> None:
    if subject.status == SubjectStatus.ERASED:
        raise Conflict("The subject was erased; answer the request as no_data_held "
                       "(POST .../no-data-held): no personal data about the person is held.")


# The subject a public-form request created for an unknown address holds only what the request
# itself needs (GDPR Art 5(2), 12): that is no data "held" about the person.
REQUEST_ONLY_SOURCE = "public_request_form"


def holds_data(subject: Subject) -> bool:
    """Whether personal data about the subject is held beyond the request itself."""
    if subject.status == SubjectStatus.ERASED:
        return False
    if subject.source != REQUEST_ONLY_SOURCE:
        return True
    placements = export_subject_placements(subject.id)
    return bool(placements["placements"] or placements["cv_submissions"]
                or export_subject_consents(subject.id))


# --- access (Art 15) and portability (Art 20) ------------------------------------------------


def answer_with_package(request: SubjectRequest, subject: Subject) -> dict:
    """Build the package once, store its bytes encrypted with the subject's key, record hashes."""
    _refuse_if_erased(subject)
    package = build_package(request, subject)
    formats = _store_package(request, subject, (("json", render_json(package)),
                                                ("xlsx", render_xlsx(package))))
    counts = {name: len(package[name]) for name in
              ("consents", "requests", "placements", "cv_submissions", "recipients")}
    return {"package": formats, "records": counts}


def answer_with_portability_package(request: SubjectRequest, subject: Subject) -> dict:
    """Art 20: the provided data on consent or contract only, as JSON + CSV (zip) and xlsx."""
    _refuse_if_erased(subject)
    try:
        package = portability.build_portability_package(request, subject)
    except portability.NotPortable:
        raise ProcessingRefused(
            "Nothing this person provided is processed on consent or contract; refuse with the "
            "ground art20_not_applicable (GDPR Art 20(1)) and point to the right of access.",
            {"type": ["Art 20 does not apply to this person's data."]},
            reason="art20_not_applicable") from None
    formats = _store_package(request, subject, (("zip", portability.render_zip(package)),
                                                ("xlsx", portability.render_xlsx(package))))
    return {"package": formats, "records": {name: len(rows) for name, rows in package["data"].items()},
            "basis": package["basis"], "left_out": package["left_out"]}


def _store_package(request: SubjectRequest, subject: Subject, contents) -> dict:
    """Store each format's bytes encrypted with the subject's key; return their hashes and sizes."""
    cipher = cipher_for(subject.id)
    formats = {}
    for fmt, content in contents:
        row = RequestPackage(id=uuid.uuid4(), request_id=request.id, subject_id=subject.id,
                             format=fmt, sha256=sha256_hex(content), size=len(content))
        # Binary content travels as latin-1 text through the text cipher, losslessly.
        row.content_ciphertext = cipher.encrypt(PACKAGE_TABLE, "content", row.id, content.decode("latin-1"))
        db.session.add(row)
        formats[fmt] = {"sha256": row.sha256, "size": row.size}
    return formats


def package_content(row: RequestPackage) -> bytes:
    """The exact bytes served (raises KeyShredded once the subject was erased)."""
    text = cipher_for(row.subject_id).decrypt(PACKAGE_TABLE, "content", row.id, row.content_ciphertext)
    return text.encode("latin-1")


# --- rectification (Art 16) ------------------------------------------------------------------


def rectify(subject: Subject, changes: Mapping) -> dict:
    """Apply field changes; the outcome names the fields changed, never the values."""
    _refuse_if_erased(subject)
    if not changes:
        raise ValidationFailed("Say what to correct.", {"changes": ["At least one field is required."]})
    current = decrypt_subject(subject)
    problems = subject_problems({**current.__dict__, **changes}, controller_today())
    if problems:
        raise ValidationFailed("The correction is not valid.", problems)
    changed = sorted(k for k, v in changes.items() if getattr(current, k, None) != v)
    encrypt_personal_fields(subject, cipher_for(subject.id),
                            {k: v for k, v in changes.items() if k in PERSONAL_FIELDS})
    if "country" in changes:
        subject.country = changes["country"]
    subject.last_activity_at = utcnow()
    return {"fields_changed": changed, "recipients_to_notify": recipients_of(subject.id)}


# --- restriction (Art 18); objection (Art 21) is in objections.py ---------------------------


def restrict(subject: Subject) -> dict:
    """Store only: every other processing of the subject is refused until lifted."""
    _refuse_if_erased(subject)
    subject.status, subject.restricted_at = SubjectStatus.RESTRICTED, utcnow()
    return {"subject_status": SubjectStatus.RESTRICTED.value,
            "recipients_to_notify": recipients_of(subject.id)}


def lift_restriction(subject: Subject, request: SubjectRequest, notified_at: datetime) -> None:
    if subject.status != SubjectStatus.RESTRICTED:
        raise Conflict("The subject is not restricted.")
    subject.status, subject.restricted_at = SubjectStatus.ACTIVE, None
    request.restriction_lifted_at = utcnow()
    request.lift_notified_at = notified_at


# --- erasure (Art 17) ------------------------------------------------------------------------


def erase(subject: Subject, reference: str) -> dict:
    """Erase per data category: crypto-shred the subject when no exemption applies; otherwise
    erase what none covers and keep the rest for its legal purpose, saying which, why and until when."""
    _refuse_if_erased(subject)
    _refuse_if_held(subject.id)
    recipients = recipients_of(subject.id)
    exemptions = exemptions_for(subject)
    if exemptions:
        subject.erasure_reference = reference
        outcome = erase_partially(subject, reference, exemptions)
        if not outcome["partially_erased"]:
            raise Conflict(CONFLICT_MESSAGE)
        outcome["retained"] += _request_records_kept(subject.id)
        return {**outcome, "recipients_to_notify": recipients}
    retained = _request_records_kept(subject.id)
    result = erase_subjects([subject.id], reference=reference)
    if not result.erased:  # erased, or put on hold, by someone else since we looked
        raise Conflict(CONFLICT_MESSAGE)
    return {"key_shredded": result.keys_shredded == 1, "retained": retained,
            "recipients_to_notify": recipients}


def recipients_of(subject_id: uuid.UUID) -> list[dict]:
    """Named clients the subject's data went to (GDPR Art 15(1)(c), Art 19)."""
    return export_subject_placements(subject_id)["recipients"]


def _refuse_if_held(subject_id: uuid.UUID) -> None:
    holds = [hold_view(h) for h in active_holds(subject_id)]
    if holds:
        described = "; ".join(f"{h.reason} (until {_day(h.until)})" for h in holds)
        raise ProcessingRefused(f"Erasure is blocked by a legal hold: {described}.",
                                {"legal_hold": [str(h.id) for h in holds]}, reason="legal_hold")


def _day(value) -> str:
    if value is None:
        return "further notice"
    return value.isoformat() if isinstance(value, date) else str(value)


def _request_records_kept(subject_id: uuid.UUID) -> list[dict]:
    count = db.session.query(SubjectRequest).filter(SubjectRequest.subject_id == subject_id).count()
    rule = current_policies().retention.get("request_records")
    citation = rule.legal_citation if rule else "GDPR Art 5(2) and Art 12"
    period = str(rule.period) if rule else None
    return [{"category": "request_records", "count": count, "citation": citation,
             "until": f"{period} after the request is closed" if period else None,
             "kept": "reference, type, dates, status, grounds; free text made unreadable"}]
