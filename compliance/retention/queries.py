"""Retention reads, each condition written once: a legal hold in force, and what is due for a
sweep (the survey). The services, the sweep, erasure and the dashboard all ask here.

For the dashboard: the schedule in force, legal holds across all subjects (and the overview's
count of those in force), the erasure log and a sweep's progress. Nothing personal is read: hold
reasons stay encrypted (they are shown, audited, on the subject's page) and the erasure log holds
ids, rules and counts only."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, true

from compliance.applications.queries import rejection_clock_ran_out, rejections_of
from compliance.extensions import db
from compliance.pagination import paginate
from compliance.policies import Policies
from compliance.retention.models import ErasureLogEntry, LegalHold
from compliance.retention.rules import (
    ENFORCED,
    NOT_ENFORCED,
    REJECTION,
    DueGroup,
    RejectionVerdict,
    SweepReport,
    decisive_rejection,
    plan_groups,
    plan_rejection_group,
)
from compliance.subjects.models import Subject
from compliance.subjects.rules import SubjectStatus


def hold_is_active(on_date: date) -> ColumnElement[bool]:
    """SQL condition on LegalHold: not released, and ``until`` (inclusive) not passed on ``on_date``."""
    return LegalHold.released_at.is_(None) & or_(LegalHold.until.is_(None), LegalHold.until >= on_date)


def subject_is_held(on_date: date) -> ColumnElement[bool]:
    """SQL condition on Subject: a hold protects the subject, or one of its records, on ``on_date``."""
    return exists().where(LegalHold.subject_id == Subject.id, hold_is_active(on_date))


def due_groups(policies: Policies, as_of: date) -> list[DueGroup]:
    """The set-based slices of a sweep on ``as_of``: each enforced category, per overriding country."""
    groups = []
    for category in ENFORCED:
        rule = policies.retention[category]
        if ENFORCED[category][1] == REJECTION:
            groups.append(_rejection_group(policies, rule.action, as_of))
            continue
        overrides = {code: (o.period, o.citation) for code, o in rule.country_overrides.items()}
        groups += plan_groups(category, rule.action, (rule.period, rule.legal_citation), overrides, as_of)
    return groups


def _rejection_group(policies: Policies, action: str, as_of: date) -> DueGroup:
    """Rejected applicants: the claim period of each vacancy's work country, else the default."""
    default = policies.rejected_candidate_period(None)
    periods = {code: policies.rejected_candidate_period(code).period for code in policies.member_states}
    return plan_rejection_group(action, (default.period, default.citation), periods, as_of,
                                profile_consent_purposes(policies))


def profile_consent_purposes(policies: Policies) -> tuple[str, ...]:
    """Consent purposes that keep a candidate's profile (those retained as candidate_profile)."""
    return tuple(sorted(p.id for p in policies.purposes.values()
                        if p.retention_category == "candidate_profile" and p.lawful_basis == "a"))


def _trigger_before(group: DueGroup) -> ColumnElement[bool]:
    if group.trigger == "membership_end":
        return Subject.membership_end <= group.last_trigger_date
    cutoff = datetime.combine(group.last_trigger_date + timedelta(days=1), datetime.min.time(), UTC)
    return Subject.last_activity_at < cutoff


def _in_group(group: DueGroup) -> ColumnElement[bool]:
    if group.trigger == REJECTION:
        return and_(Subject.kind == group.kind, rejection_clock_ran_out(
            dict(group.cutoffs), group.last_trigger_date, group.keeping_purposes, group.as_of))
    country = Subject.country == group.country if group.country else (
        Subject.country.not_in(group.excluded) if group.excluded else true())
    return and_(Subject.kind == group.kind, country, _trigger_before(group))


def due_condition(group: DueGroup, as_of: date) -> ColumnElement[bool]:
    """Active subjects of the group whose period has run out and that no hold protects."""
    return and_(_in_group(group), Subject.status == SubjectStatus.ACTIVE, ~subject_is_held(as_of))


def count_due(policies: Policies, as_of: date) -> int:
    """How many subjects a sweep on ``as_of`` would act on."""
    return sum(_count(due_condition(group, as_of)) for group in due_groups(policies, as_of))


def survey(policies: Policies, as_of: date, dry_run: bool = True) -> SweepReport:
    """Counts per category and country of what is due on ``as_of``, held, or restricted."""
    report = SweepReport(as_of, policies.version, dry_run, not_enforced=not_enforced(policies))
    for group in due_groups(policies, as_of):
        if group.trigger == REJECTION:  # counted per the work country whose claim period decided
            due = select(Subject.id).where(due_condition(group, as_of))
            for verdict in rejection_verdicts(policies, due).values():
                key = (group.category, verdict.country)
                report.due[key] = report.due.get(key, 0) + 1
                report.rules[key] = f"{verdict.rule}: {verdict.note}"
        else:
            rows = db.session.execute(select(Subject.country, func.count()).where(
                due_condition(group, as_of)).group_by(Subject.country))
            for country, count in rows:
                report.due[(group.category, country)] = count
                report.rules[(group.category, country)] = group.rule
        active, restricted = (Subject.status == s for s in (SubjectStatus.ACTIVE, SubjectStatus.RESTRICTED))
        _add(report.held, group.category, and_(_in_group(group), active, subject_is_held(as_of)))
        _add(report.restricted, group.category, and_(_in_group(group), restricted))
    return report


def rejection_verdicts(policies: Policies, subjects) -> dict[uuid.UUID, RejectionVerdict]:
    """Per subject (ids or a SELECT of Subject.id), the rejection that keeps them longest."""
    rule_for = functools.lru_cache(maxsize=None)(policies.rejected_candidate_period)
    return {subject_id: decisive_rejection(found, rule_for)
            for subject_id, found in rejections_of(subjects).items()}


@dataclass(frozen=True)
class DueItem:
    """One subject a sweep would act on, with the category, rule and country that apply."""

    subject_id: uuid.UUID
    reference: str | None  # the subject's display reference (never a name)
    category: str
    action: str
    rule: str
    country: str  # residence; for rejected applicants the vacancy's work country that decided
    note: str  # the citation, or why a default stands in for a country's law


def due_items(policies: Policies, as_of: date, limit: int = 1000) -> tuple[list[DueItem], int]:
    """Who a sweep on ``as_of`` would act on (at most ``limit``, by category), and how many in all."""
    items: list[DueItem] = []
    total = 0
    for group in due_groups(policies, as_of):
        condition = due_condition(group, as_of)
        total += _count(condition)
        room = limit - len(items)
        if room <= 0:
            continue
        rows = db.session.execute(select(Subject.id, Subject.reference, Subject.country)
                                  .where(condition).order_by(Subject.reference, Subject.id).limit(room)).all()
        if group.trigger == REJECTION:
            verdicts = rejection_verdicts(policies, [row.id for row in rows])
            items += [DueItem(row.id, row.reference, group.category, group.action, verdicts[row.id].rule,
                              verdicts[row.id].country, verdicts[row.id].note) for row in rows]
        else:
            items += [DueItem(row.id, row.reference, group.category, group.action, group.rule,
                              row.country, group.citation) for row in rows]
    return items, total


def not_enforced(policies: Policies) -> dict[str, str]:
    """Categories no sweep acts on yet, with the schedule's own statement of why."""
    return {c: policies.retention[c].enforcement for c in sorted(NOT_ENFORCED) if c in policies.retention}


def _count(condition: ColumnElement[bool]) -> int:
    return db.session.scalar(select(func.count()).select_from(Subject).where(condition)) or 0


def _add(counts: dict, category: str, condition: ColumnElement[bool]) -> None:
    if found := _count(condition):
        counts[category] = counts.get(category, 0) + found


@dataclass(frozen=True)
class ScheduleRow:
    id: str
    description: str
    trigger: str
    period: str
    action: str
    citation: str
    overrides: tuple[tuple[str, str, str, bool], ...]  # (country, period, citation, verified)
    enforced: bool
    not_enforced_because: str | None
    enforcement: str  # the schedule's statement of how the category is enforced


def schedule(policies: Policies) -> list[ScheduleRow]:
    """Every retention category with its country overrides and whether sweeps enforce it."""
    return [
        ScheduleRow(rule.id, rule.description, rule.trigger, str(rule.period), rule.action,
                    rule.legal_citation,
                    tuple((code, str(o.period), o.citation, o.verified)
                          for code, o in sorted(rule.country_overrides.items())),
                    rule.id in ENFORCED, rule.enforcement if rule.id in NOT_ENFORCED else None,
                    rule.enforcement)
        for rule in policies.retention.values()
    ]


def holds_in_force(today: date, page: int, per_page: int) -> tuple[list[LegalHold], int]:
    """Holds protecting someone today, newest first, and the total."""
    condition = hold_is_active(today)
    query = select(LegalHold).where(condition).order_by(LegalHold.placed_at.desc(), LegalHold.id)
    return paginate(query, page, per_page)


def active_holds(today: date) -> int:
    """How many legal holds are in force today (the overview's count)."""
    return db.session.scalar(select(func.count()).select_from(LegalHold).where(hold_is_active(today))) or 0


def erasure_log(category: str, page: int, per_page: int) -> tuple[list[ErasureLogEntry], int]:
    """A page of the erasure log (newest first), optionally for one category, and the total."""
    conditions = [ErasureLogEntry.category == category] if category else []
    query = select(ErasureLogEntry).where(*conditions).order_by(
        ErasureLogEntry.acted_at.desc(), ErasureLogEntry.id.desc())
    return paginate(query, page, per_page)


def acted_since(started: datetime) -> dict[str, int]:
    """Erasure log entries per category written at or after ``started`` (a sweep's progress)."""
    rows = db.session.execute(select(ErasureLogEntry.category, func.count())
                              .where(ErasureLogEntry.acted_at >= started)
                              .group_by(ErasureLogEntry.category)).all()
    return dict(sorted(rows))
