"""Application reads: the SQL conditions the retention sweep asks about rejected applicants, and
the rejections of a set of candidates (so a rule can say which vacancy's country decided)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, case, exists, literal, or_, select

from compliance.applications.models import Application
from compliance.applications.rules import ApplicationStatus
from compliance.consent.models import ConsentState
from compliance.consent.rules import ConsentAction
from compliance.extensions import db
from compliance.placements.models import Placement
from compliance.subjects.models import Subject

REJECTED = ApplicationStatus.REJECTED.value
#: Outcomes that keep a candidate's profile for another purpose: running, or placed.
KEEPING = (ApplicationStatus.RUNNING.value, ApplicationStatus.PLACED.value)


def rejection_clock_ran_out(cutoffs: Mapping[str, date], default_cutoff: date,
                            consent_purposes: Iterable[str], as_of: date) -> ColumnElement[bool]:
    """SQL condition on Subject: a rejected applicant whose every rejection is past the claim
    period of its vacancy's work country (``cutoffs``: last rejection date that is due, per
    country; ``default_cutoff`` for the others), with nothing keeping the profile: no running or
    placed application, no placement, no consent in force for one of ``consent_purposes``."""
    cutoff = case(dict(cutoffs), value=Application.work_country, else_=literal(default_cutoff)) \
        if cutoffs else literal(default_cutoff)
    mine = Application.subject_id == Subject.id
    latest = max([default_cutoff, *cutoffs.values()])
    return and_(
        # Driven from the rejections old enough for some country: the set is found from the
        # applications' index, not by probing every candidate in the population.
        Subject.id.in_(select(Application.subject_id).where(
            Application.status == REJECTED, Application.outcome_on <= latest)),
        ~exists().where(mine, or_(Application.status.in_(KEEPING),
                                  and_(Application.status == REJECTED, Application.outcome_on > cutoff))),
        ~exists().where(Placement.candidate_id == Subject.id),
        ~exists().where(ConsentState.subject_id == Subject.id,
                        ConsentState.purpose.in_(tuple(consent_purposes)),
                        ConsentState.last_action.in_((ConsentAction.GRANT.value, ConsentAction.RENEW.value)),
                        or_(ConsentState.valid_until.is_(None), ConsentState.valid_until >= as_of)),
    )


def rejections_of(subjects: Iterable[uuid.UUID] | Select) -> dict[uuid.UUID, list[tuple[str, date]]]:
    """(work country, rejection date) of every rejected application of ``subjects``."""
    chosen = subjects.scalar_subquery() if isinstance(subjects, Select) else list(subjects)
    found: dict[uuid.UUID, list[tuple[str, date]]] = {}
    rows = db.session.execute(
        select(Application.subject_id, Application.work_country, Application.outcome_on)
        .where(Application.subject_id.in_(chosen), Application.status == REJECTED))
    for subject_id, country, on in rows:
        found.setdefault(subject_id, []).append((country, on))
    return found
