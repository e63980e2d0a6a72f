"""Rows of the ``breach-register`` workbook: every breach, notified or not (GDPR Art 33(5)).

Linked subjects are not exported (the register states numbers and categories); restricted
subjects therefore play no part. The period filters on the time of awareness.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select

from compliance.breaches.models import Breach, BreachNotification
from compliance.breaches.rules import SubjectNotificationExemption
from compliance.breaches.services import clock_state
from compliance.extensions import db
from compliance.reports.filters import ExportFilters, within
from compliance.timeutil import as_utc, utcnow
from exports import breach_register as layout

BATCH = 500


def build_breach_register_rows(filters: ExportFilters) -> dict[str, Iterator[list]]:
    return {layout.BREACHES_SHEET.name: _rows(filters)}


def count_breach_register_rows(filters: ExportFilters) -> int:
    query = select(func.count()).select_from(Breach).where(*within(Breach.aware_at, filters))
    return db.session.scalar(query) or 0


def _rows(filters: ExportFilters) -> Iterator[list]:
    now = utcnow()
    query = (select(Breach).where(*within(Breach.aware_at, filters))
             .order_by(Breach.aware_at, Breach.id).execution_options(yield_per=BATCH))
    for breach in db.session.execute(query).scalars():
        yield _row(breach, _initial_authority_notification(breach), clock_state(breach, now))


def _initial_authority_notification(breach: Breach) -> BreachNotification | None:
    return next((n for n in breach.notifications
                 if n.recipient == "authority" and n.phase == "initial"), None)


def _row(b: Breach, notice: BreachNotification | None, clock: str) -> list:
    ground = (SubjectNotificationExemption(b.art34_ground) if b.art34_ground else None)
    return [
        b.reference, b.aware_at, b.occurred_at, b.discovered_how, b.nature,
        "; ".join(b.subject_categories or ()) or None, b.approx_subjects,
        "; ".join(b.record_categories or ()) or None, b.approx_records,
        b.likely_consequences, b.measures, b.dpo_contact, b.risk, b.notify_decision,
        b.decision_reasoning, b.notify_by, b.notified_at,
        notice.authority if notice else None, notice.authority_reference if notice else None,
        notice.late_reasons if notice else None, _phases(b), b.subjects_told_at,
        f"{ground.legal_reference}: {ground.description}" if ground else None,
        f"{b.status} ({clock})",
    ]


def _phases(breach: Breach) -> str | None:
    later = [f"{n.phase} {as_utc(n.sent_at):%Y-%m-%d %H:%M}" + (f" ({n.authority_reference})"
                                                                 if n.authority_reference else "")
             for n in breach.notifications if n.recipient == "authority" and n.phase != "initial"]
    return "; ".join(later) or None
