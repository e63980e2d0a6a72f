"""Rows of the ``dsr-register`` workbook: every data subject request (GDPR Art 12-22).

A legal record (Art 5(2), 12): restricted subjects stay in. The extension reason is staff text
stored under the subject's key: decrypted a batch at a time, "erased" once the key is gone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from flask import current_app
from sqlalchemy import func, select

from compliance.extensions import db
from compliance.reports.decryption import ERASED, with_ciphers
from compliance.reports.filters import ExportFilters, within
from compliance.requests.models import TABLE, SubjectRequest
from compliance.requests.rules import RejectionGround, RequestType, receipt_date
from compliance.timeutil import as_utc, controller_today
from compliance.vocabulary import words
from exports import dsr_register as layout

YIELD_PER = 1000


def build_dsr_register_rows(filters: ExportFilters) -> dict[str, Iterator[list]]:
    return {layout.REQUESTS_SHEET.name: _rows(filters)}


def count_dsr_register_rows(filters: ExportFilters) -> int:
    query = select(func.count()).select_from(SubjectRequest).where(
        *within(SubjectRequest.received_at, filters))
    return db.session.scalar(query) or 0


def _rows(filters: ExportFilters) -> Iterator[list]:
    query = (select(SubjectRequest).where(*within(SubjectRequest.received_at, filters))
             .order_by(SubjectRequest.received_at, SubjectRequest.id)
             .execution_options(yield_per=YIELD_PER))
    today, zone = controller_today(), current_app.config["TIMEZONE"]
    for request, cipher in with_ciphers(db.session.execute(query).scalars(), lambda r: r.subject_id):
        reason = request.extension_reason_ciphertext
        if reason is not None:
            reason = cipher.decrypt(TABLE, "extension_reason", request.id, reason) if cipher else ERASED
        yield _row(request, reason, _on_time(request, today, zone))


def _on_time(request: SubjectRequest, today: date, zone: str) -> bool | None:
    """Closed: answered by the due date (controller's calendar). Open: "no" once overdue."""
    if request.closed_at is not None:
        return receipt_date(as_utc(request.closed_at), zone) <= request.due_date
    return False if today > request.due_date else None


def _row(r: SubjectRequest, extension_reason: str | None, on_time: bool | None) -> list:
    ground = RejectionGround(r.rejection_ground) if r.rejection_ground else None
    return [
        r.reference, words("request_type", r.type), r.type, RequestType(r.type).article,
        words("channel", r.channel), r.channel, r.received_at,
        r.original_due_date, r.due_date, r.extended, extension_reason, r.closed_at, on_time,
        words("request_status", r.status), r.status, _outcome(r.outcome),
        f"{ground.legal_reference}: {ground.description}" if ground else None,
    ]


def _outcome(outcome: dict | None) -> str | None:
    """A short, non-personal summary of the recorded outcome: which things were done."""
    if not outcome:
        return None
    parts = []
    for key, value in sorted(outcome.items()):
        if isinstance(value, list):
            shown = ", ".join(str(v) for v in value if isinstance(v, str | int)) or len(value)
        elif isinstance(value, dict):
            shown = ", ".join(sorted(value))
        else:
            shown = value
        parts.append(f"{key}: {shown}")
    return "; ".join(parts)
