"""Rows of the ``retention`` workbook: the schedule in force and the erasure log of a period.

The erasure log holds subject ids only; restricted subjects stay in (a legal record, Art 5(2)).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select

from compliance.extensions import db
from compliance.policies import Policies
from compliance.policy_context import current_policies
from compliance.reports.filters import ExportFilters, within
from compliance.retention.models import ErasureLogEntry
from compliance.subjects.models import Subject
from compliance.subjects.rules import ErasureAction
from exports import retention as layout

LOG = ErasureLogEntry.__table__
OUTCOMES = {ErasureAction.ERASE: "erased: data key shredded, ciphertexts cleared, tombstone kept",
            ErasureAction.ANONYMISE: "anonymised: minimised to what the law requires"}


def build_retention_rows(filters: ExportFilters) -> dict[str, Iterator[list]]:
    policies = current_policies()
    return {layout.SCHEDULE_SHEET.name: _schedule_rows(policies),
            layout.ERASURE_LOG_SHEET.name: _log_rows(filters)}


def count_retention_rows(filters: ExportFilters) -> int:
    query = select(func.count()).select_from(LOG).where(*within(LOG.c.acted_at, filters))
    return (db.session.scalar(query) or 0) + sum(1 for _ in _schedule_rows(current_policies()))


def _schedule_rows(policies: Policies) -> Iterator[list]:
    for category in policies.retention.values():
        yield [category.id, category.description, category.trigger, str(category.period),
               category.action, None, category.legal_citation, policies.version, category.enforcement]
        for country, override in sorted(category.country_overrides.items()):
            yield [category.id, category.description, category.trigger, str(override.period),
                   category.action, country, override.citation, policies.version, category.enforcement]


def _log_rows(filters: ExportFilters) -> Iterator[list]:
    query = (
        select(LOG.c.acted_at, LOG.c.category, LOG.c.rule, LOG.c.action, LOG.c.policy_version,
               LOG.c.subject_id, LOG.c.country, LOG.c.sweep_id, Subject.erasure_reference)
        .join(Subject, Subject.id == LOG.c.subject_id, isouter=True)
        .where(*within(LOG.c.acted_at, filters))
        .order_by(LOG.c.acted_at, LOG.c.id)
        .execution_options(yield_per=2000)
    )
    for row in db.session.execute(query):
        outcome = f"{OUTCOMES.get(row.action, row.action)} (sweep {row.sweep_id})"
        yield [row.acted_at, row.category, row.rule, row.action, row.policy_version,
               str(row.subject_id), row.country, row.erasure_reference, outcome]
