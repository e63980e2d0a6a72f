"""Placements streamed with the facts the placements feature's verdict functions need.

The columns named in compliance.placements.assessment.placement_rows, plus what the
bordereau and the findings sheet show; judged by compliance.placements.assessment.judge.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from sqlalchemy import String, cast, select
from sqlalchemy.orm import aliased

from compliance.extensions import db
from compliance.placements.assessment import RuleBook, judge, member_authorisations, policy_terms
from compliance.placements.models import Placement, placement_reference
from compliance.placements.rules import PlacementStatus
from compliance.policy_context import current_policies
from compliance.reports.filters import ExportFilters, within
from compliance.subjects.models import Subject
from compliance.subjects.rules import SubjectStatus
from compliance.timeutil import controller_today

YIELD_PER = 1000


def placement_query(filters: ExportFilters, *, exclude_restricted: bool, order_by_country: bool):
    """Non-cancelled placements starting in the period, streamed."""
    member, candidate = aliased(Subject), aliased(Subject)
    query = (
        select(cast(Placement.id, String).label("id"), Placement.placement_type, Placement.start_date,
               Placement.work_country, Placement.client_country, Placement.member_id,
               Placement.client_name, Placement.fee,
               Placement.currency, member.country.label("member_country"), member.membership_start,
               member.membership_end, candidate.country.label("candidate_country"))
        .join(member, member.id == Placement.member_id)
        .join(candidate, candidate.id == Placement.candidate_id)
        .where(Placement.status != PlacementStatus.CANCELLED,
               *within(Placement.start_date, filters, as_dates=True))
    )
    if exclude_restricted:
        query = query.where(member.status != SubjectStatus.RESTRICTED,
                             candidate.status != SubjectStatus.RESTRICTED)
    first = (Placement.work_country,) if order_by_country else ()
    return query.order_by(*first, Placement.start_date, Placement.id).execution_options(
        yield_per=YIELD_PER)


def reference_and_member(row) -> tuple[str, str]:
    """The placement reference and the member's id (canonical form) of a streamed row."""
    return placement_reference(uuid.UUID(row.id)), str(row.member_id)


def judged_placements(query) -> Iterator:
    """(row, coverage verdict, cross-border findings) per placement, with the placements
    feature's own rules (policies, claims totals, authorisations loaded once)."""
    # The placement id is read as text (the form assessment.placement_rows gives the rules); the
    # member id as a UUID, with authorisations keyed the same way whatever form they come in.
    held = {_as_uuid(member): items for member, items in member_authorisations().items()}
    rows = db.session.execute(query)
    return judge(rows, RuleBook(current_policies()), policy_terms(), held, controller_today())


def _as_uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
