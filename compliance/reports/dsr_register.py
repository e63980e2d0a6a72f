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
from compliance.requests.letters import ANSWER_KINDS
from compliance.requests.models import TABLE, RequestLetter, SubjectRequest
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


def _answer_sent():
    """The latest answer or refusal letter of each request: when, and the SHA-256 of its text."""
    latest = (select(RequestLetter).where(RequestLetter.request_id == SubjectRequest.id,
                                          RequestLetter.kind.in_(ANSWER_KINDS))
              .order_by(RequestLetter.sent_at.desc()).limit(1).correlate(SubjectRequest))
    return (latest.with_only_columns(RequestLetter.sent_at).scalar_subquery(),
            latest.with_only_columns(RequestLetter.sha256).scalar_subquery())


def _rows(filters: ExportFilters) -> Iterator[list]:
    sent_at, sha256 = _answer_sent()
    query = (select(SubjectRequest, sent_at, sha256).where(*within(SubjectRequest.received_at, filters))
             .order_by(SubjectRequest.received_at, SubjectRequest.id)
             .execution_options(yield_per=YIELD_PER))
    today, zone = controller_today(), current_app.config["TIMEZONE"]
    rows = db.session.execute(query)
    for (request, answered, digest), cipher in with_ciphers(rows, lambda r: r[0].subject_id):
        reason = request.extension_reason_ciphertext
        if reason is not None:
            reason = cipher.decrypt(TABLE, "extension_reason", request.id, reason) if cipher else ERASED
        yield _row(request, reason, _on_time(request, today, zone)) + [
            request.paused_days or 0, _objections(request.outcome), _kept(request.outcome),
            as_utc(answered) if answered else None, digest]


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
        _ground(ground, r.outcome),
    ]


def _ground(ground: RejectionGround | None, outcome: dict | None) -> str | None:
    if ground is None:
        return "no data held (an answer)" if (outcome or {}).get("no_data_held") else None
    law = (outcome or {}).get("law")
    return f"{ground.legal_reference}: {ground.description}" + (f"; law: {law}" if law else "")


def _objections(outcome: dict | None) -> str | None:
    """GDPR Art 21, per purpose: "candidate_matching: upheld; reference_checks: refused (legal_claims)"."""
    decided = (outcome or {}).get("objections")
    if not decided:
        return None
    return "; ".join(f"{o['purpose']}: {o['decision']}" + (f" ({o['ground']})" if o.get("ground") else "")
                     for o in decided)


def _kept(outcome: dict | None) -> str | None:
    """What an erasure kept, why and until when (GDPR Art 17(3)); request records are always kept."""
    kept = [r for r in (outcome or {}).get("retained", []) if r.get("ground")]
    if not kept:
        return None
    return "; ".join(f"{r['category']}: {r['ground']} until {r.get('until') or 'the contract ends'}"
                     for r in kept)


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
