"""Rows of the ``consent-register`` workbook: consent events with their proof (GDPR Art 7(1)).

Restricted subjects stay in: proof of consent is a legal record kept for legal claims
(Art 18(2)). Names and the client scope are decrypted a batch at a time; "erased" once the
subject's key was shredded. Filters: period (occurred at), purpose, subject.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select

from compliance.consent.models import ConsentEvent
from compliance.extensions import db
from compliance.reports.decryption import ERASED, with_ciphers
from compliance.reports.filters import ExportFilters, within
from compliance.subjects.models import Subject
from exports import consent_register as layout

EVENTS = ConsentEvent.__table__
YIELD_PER = 2000


def build_consent_register_rows(filters: ExportFilters) -> dict[str, Iterator[list]]:
    return {layout.EVENTS_SHEET.name: _rows(filters)}


def count_consent_register_rows(filters: ExportFilters) -> int:
    return db.session.scalar(select(func.count()).select_from(EVENTS).where(*_conditions(filters))) or 0


def _conditions(filters: ExportFilters) -> list:
    conditions = within(EVENTS.c.occurred_at, filters)
    if filters.purpose:
        conditions.append(EVENTS.c.purpose == filters.purpose)
    if filters.subject_id:
        conditions.append(EVENTS.c.subject_id == filters.subject_id)
    return conditions


def _rows(filters: ExportFilters) -> Iterator[list]:
    # Core columns, not ORM objects: no identity map growing with a million events.
    query = (
        select(EVENTS.c.id, EVENTS.c.subject_id, Subject.name_ciphertext, EVENTS.c.purpose,
               EVENTS.c.scope_ciphertext, EVENTS.c.action, EVENTS.c.occurred_at, EVENTS.c.channel,
               EVENTS.c.notice_id, EVENTS.c.notice_version, EVENTS.c.notice_sha256,
               EVENTS.c.collected_by, EVENTS.c.policy_version)
        .join(Subject, Subject.id == EVENTS.c.subject_id)
        .where(*_conditions(filters))
        .order_by(EVENTS.c.occurred_at, EVENTS.c.id)
        .execution_options(yield_per=YIELD_PER)
    )
    names: dict = {}
    for row, cipher in with_ciphers(db.session.execute(query), lambda r: r.subject_id):
        if len(names) > YIELD_PER:
            names.clear()
        if row.subject_id not in names:
            names[row.subject_id] = (cipher.decrypt("subjects", "name", row.subject_id, row.name_ciphertext)
                                     if cipher else ERASED)
        yield _row(row, names[row.subject_id], cipher)


def _row(row, name: str | None, cipher) -> list:
    scope = None
    if row.scope_ciphertext is not None:
        scope = cipher.decrypt(EVENTS.name, "scope", row.id, row.scope_ciphertext) if cipher else ERASED
    notice = f"{row.notice_id}/{row.notice_version}" if row.notice_id else None
    return [str(row.id), str(row.subject_id), name, row.purpose, scope, row.action, row.occurred_at,
            row.channel, notice, row.notice_sha256, row.collected_by, row.policy_version]
