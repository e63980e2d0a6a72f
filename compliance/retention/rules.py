"""Which retention categories the sweep enforces, on whom, and when an item falls due (pure).

GDPR Art 5(1)(e) (storage limitation); the periods and citations are policy data
(policies/retention.yaml and the member states' retention_overrides).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from compliance.policies import Period

#: Enforced categories: category -> (subject kind, trigger). The trigger names the date it runs from.
ENFORCED = {
    "candidate_profile": ("candidate", "last_activity"),
    "client_contact": ("client_contact", "last_activity"),
    "member_records": ("member", "membership_end"),
}
#: Why the other categories are not swept yet (reported in dry runs and previews).
NOT_ENFORCED = {
    "rejected_candidate": "no rejection events in the data model yet",
    "cv_documents": "CV documents are not stored as records of their own yet; erased with the profile",
    "consent_proof": "consent events are kept with the subject and shredded with its key",
    "request_records": "request records belong to the requests feature (trigger request_closed)",
    "placement_records": "placement end dates belong to the placements feature",
    "commission_records": "commission records belong to the placements feature",
    "audit_trail": "anonymising a hash-chained trail breaks the chain; it holds no plaintext",
    "breach_records": "breach register not in the data model yet",
}


@dataclass(frozen=True)
class DueGroup:
    """One set-based slice of a sweep: a category in one country (or all countries without override)."""

    category: str
    kind: str
    trigger: str
    action: str
    period: Period
    citation: str
    country: str | None  # None: every country not in ``excluded``
    excluded: tuple[str, ...]
    last_trigger_date: date  # items whose trigger date is on or before this are due

    @property
    def label(self) -> str:
        return self.country or "*"

    @property
    def rule(self) -> str:
        return f"{self.trigger}+{self.period} ({self.label})"


@dataclass
class SweepReport:
    """What a sweep found due (a survey) or did, per category and country."""

    as_of: date
    policy_version: str
    dry_run: bool
    due: dict[tuple[str, str], int] = field(default_factory=dict)  # (category, country) -> count
    held: dict[str, int] = field(default_factory=dict)
    restricted: dict[str, int] = field(default_factory=dict)
    acted: dict[str, int] = field(default_factory=dict)
    not_enforced: dict[str, str] = field(default_factory=dict)

    @property
    def total_due(self) -> int:
        return sum(self.due.values())


def last_due_trigger_date(period: Period, as_of: date) -> date:
    """The latest trigger date whose period has ended by ``as_of`` (``add_to`` is monotonic)."""
    guess = Period(-period.years, -period.months, -period.days).add_to(as_of)
    while period.add_to(guess + timedelta(days=1)) <= as_of:
        guess += timedelta(days=1)
    while period.add_to(guess) > as_of:
        guess -= timedelta(days=1)
    return guess


def plan_groups(category: str, action: str, default: tuple[Period, str],
                overrides: dict[str, tuple[Period, str]], as_of: date) -> list[DueGroup]:
    """One group per overriding country, and one for all the others."""
    kind, trigger = ENFORCED[category]
    excluded = tuple(sorted(overrides))
    groups = [DueGroup(category, kind, trigger, action, period, citation, code, (),
                       last_due_trigger_date(period, as_of))
              for code, (period, citation) in sorted(overrides.items())]
    period, citation = default
    groups.append(DueGroup(category, kind, trigger, action, period, citation, None, excluded,
                           last_due_trigger_date(period, as_of)))
    return groups
