"""Which retention categories the sweep enforces, on whom, and when an item falls due (pure).

GDPR Art 5(1)(e) (storage limitation); the periods and citations are policy data
(policies/retention.yaml and the member states' retention_overrides).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from compliance.policies import Period
from compliance.policy_states import RejectedCandidateRule

#: Enforced categories: category -> (subject kind, trigger). The trigger names the date it runs from.
ENFORCED = {
    "candidate_profile": ("candidate", "last_activity"),
    "client_contact": ("client_contact", "last_activity"),
    "member_records": ("member", "membership_end"),
    "rejected_candidate": ("candidate", "rejection"),
}
REJECTION = "rejection"  # the trigger of rejected_candidate: runs per the vacancy's work country
#: Categories no sweep acts on yet; policies/retention.yaml (`enforcement`) says why, and what
#: happens to their data meanwhile. cv_documents go with the profile; the audit trail is kept.
NOT_ENFORCED = frozenset({"consent_proof", "request_records", "placement_records",
                          "commission_records", "breach_records"})


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
    # rejection only: per vacancy work country whose claim period differs from the default, the
    # last rejection date that is due (the default period's ``last_trigger_date`` for the others)
    cutoffs: tuple[tuple[str, date], ...] = ()
    keeping_purposes: tuple[str, ...] = ()  # consents in force on ``as_of`` that keep the profile
    as_of: date | None = None

    @property
    def label(self) -> str:
        return self.country or "*"

    @property
    def rule(self) -> str:
        if self.trigger == REJECTION:
            return f"{self.trigger}+claim period of the work country (default {self.period})"
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
    # (category, country) -> the rule applied there, and why when a default stands in for a law
    rules: dict[tuple[str, str], str] = field(default_factory=dict)

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


def plan_rejection_group(action: str, default: tuple[Period, str], periods: Mapping[str, Period],
                         as_of: date, keeping_purposes: tuple[str, ...]) -> DueGroup:
    """The one group of rejected applicants: a cutoff per work country whose period differs."""
    period, citation = default
    cutoffs = tuple((code, last_due_trigger_date(p, as_of))
                    for code, p in sorted(periods.items()) if p != period)
    return DueGroup("rejected_candidate", "candidate", REJECTION, action, period, citation, None, (),
                    last_due_trigger_date(period, as_of), cutoffs, keeping_purposes, as_of)


@dataclass(frozen=True)
class RejectionVerdict:
    """Which of a candidate's rejections keeps them longest, and until when."""

    country: str  # the vacancy's work country that decided
    erase_on: date  # the first day the data may go (the claim period has run out)
    rule: str  # e.g. "rejection+P6M (AT)"; "(PL, default)" when no known claim period counts
    note: str  # why this period: the state's claim period, or why the default stands in

    @property
    def kept_until(self) -> date:
        return self.erase_on - timedelta(days=1)


def decisive_rejection(rejections: Sequence[tuple[str, date]],
                       rule_for: Callable[[str], RejectedCandidateRule]) -> RejectionVerdict:
    """The rejection whose claim period (of its vacancy's work country) ends last decides."""
    verdicts = []
    for country, on in rejections:
        rule = rule_for(country)
        default = ", default" if rule.source == "default" else ""
        verdicts.append(RejectionVerdict(country, rule.period.add_to(on),
                                         f"{REJECTION}+{rule.period} ({country}{default})",
                                         rule.reason))
    return max(verdicts, key=lambda v: (v.erase_on, v.country))
