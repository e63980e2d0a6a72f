"""Which of a subject's data must outlive an erasure request, per data category (pure).

GDPR Art 17 erases what no ground still covers. From the subject's own data:
- a placement or membership still running: the contract is being performed (Art 6(1)(b)), so the
  Art 17(1)(a)/(b) grounds are not met for the data it needs (identity and contact details);
- an open insurance claim on one of their placements: Art 17(3)(e) (legal claims) keeps identity;
- the accounting period of an ended placement or membership: Art 17(3)(b) (legal obligation,
  the accounting acts) keeps the identity the accounting records name;
- a legal hold refuses the whole erasure (handled before: the eraser never touches held subjects).
Everything else is erased at once; what is kept is readable only for the purpose that keeps it
and goes when the last exemption ends (the retention sweep re-checks, see exemptions.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from compliance.policies import Period

#: The subject's own fields each kind of exemption needs readable.
IDENTITY = ("name",)
IDENTITY_AND_CONTACT = ("name", "email", "phone")
CONTRACT_CITATION = "GDPR Art 17(1)(a)-(b) not met: Art 6(1)(b), a contract being performed"
CLAIM_CITATION = "GDPR Art 17(3)(e): establishment, exercise or defence of legal claims"


@dataclass(frozen=True)
class PlacementFacts:
    role: str  # candidate | member
    start_date: date
    end_date: date | None
    running: bool  # active and not ended by today
    open_claims: int


@dataclass(frozen=True)
class MembershipFacts:
    start: date | None
    end: date | None


@dataclass(frozen=True)
class Exemption:
    category: str
    ground: str  # running_contract | open_claim | accounting_period
    citation: str
    until: date | None  # None: while the contract runs or the claim is open
    fields: tuple[str, ...]
    count: int

    def as_outcome(self) -> dict:
        return {"category": self.category, "ground": self.ground, "citation": self.citation,
                "until": self.until.isoformat() if self.until else None, "count": self.count,
                "kept": ", ".join(self.fields) + " readable only for this purpose"}


def erasure_exemptions(placements: Sequence[PlacementFacts], membership: MembershipFacts | None,
                       today: date, accounting: tuple[Period, str],
                       membership_accounting: tuple[Period, str]) -> list[Exemption]:
    """The exemptions that apply on ``today``; [] means everything may be erased."""
    found: list[Exemption] = []
    running = [p for p in placements if p.running]
    if running:
        found.append(Exemption("placement_records", "running_contract", CONTRACT_CITATION, None,
                               IDENTITY_AND_CONTACT, len(running)))
    claimed = [p for p in placements if p.open_claims]
    if claimed:
        found.append(Exemption("placement_records", "open_claim", CLAIM_CITATION, None, IDENTITY,
                               sum(p.open_claims for p in claimed)))
    period, citation = accounting
    ended = [p for p in placements if not p.running]
    until = max((period.add_to(p.end_date or p.start_date) for p in ended), default=None)
    if until is not None and until > today:
        found.append(Exemption("placement_records", "accounting_period", f"GDPR Art 17(3)(b); {citation}",
                               until, IDENTITY, len(ended)))
    if membership is not None and membership.start is not None:
        if membership.end is None or membership.end >= today:
            found.append(Exemption("membership", "running_contract", CONTRACT_CITATION, None,
                                   IDENTITY_AND_CONTACT, 1))
        else:
            period, citation = membership_accounting
            until = period.add_to(membership.end)
            if until > today:
                found.append(Exemption("membership", "accounting_period",
                                       f"GDPR Art 17(3)(b); {citation}", until, IDENTITY, 1))
    return found


def kept_fields(exemptions: Sequence[Exemption]) -> tuple[str, ...]:
    """The subject's own fields that stay readable: the union of what the exemptions need."""
    return tuple(sorted({f for e in exemptions for f in e.fields}))
