"""Which data outlives an erasure request, per category (GDPR Art 17(1), 17(3)(b), (e))."""

from datetime import date

from compliance.policies import Period
from compliance.requests.exemption_rules import (
    MembershipFacts,
    PlacementFacts,
    erasure_exemptions,
    kept_fields,
)

TODAY = date(2026, 11, 29)
ACCOUNTING = (Period(years=8), "Estonian Accounting Act §12")


def decide(placements=(), membership=None):
    return erasure_exemptions(list(placements), membership, TODAY, ACCOUNTING, ACCOUNTING)


def placement(end=None, running=False, claims=0):
    return PlacementFacts("candidate", date(2015, 1, 1), end, running, claims)


def test_nothing_to_keep_without_contracts_claims_or_accounting_periods():
    assert decide() == []
    assert decide([placement(end=date(2017, 1, 1))]) == []  # period ended 2025-01-01
    assert decide(membership=MembershipFacts(None, None)) == []


def test_a_running_placement_keeps_identity_and_contact_while_it_runs():
    [kept] = decide([placement(running=True)])
    assert (kept.ground, kept.until, kept.fields) == ("running_contract", None, ("name", "email", "phone"))
    assert "Art 6(1)(b)" in kept.citation


def test_an_ended_placement_keeps_the_name_until_the_accounting_period_ends():
    [kept] = decide([placement(end=date(2024, 3, 31))])
    assert (kept.ground, kept.until, kept.fields) == ("accounting_period", date(2032, 3, 31), ("name",))
    assert kept.citation.startswith("GDPR Art 17(3)(b)")


def test_an_open_claim_keeps_the_name_for_the_legal_claim():
    grounds = {e.ground for e in decide([placement(end=date(2010, 1, 1), claims=1)])}
    assert grounds == {"open_claim"}


def test_a_member_keeps_membership_data_while_it_runs_then_for_the_accounting_period():
    [running] = decide(membership=MembershipFacts(date(2024, 1, 1), None))
    assert (running.category, running.ground) == ("membership", "running_contract")
    [ended] = decide(membership=MembershipFacts(date(2020, 1, 1), date(2025, 12, 31)))
    assert (ended.ground, ended.until) == ("accounting_period", date(2033, 12, 31))


def test_the_fields_kept_are_the_union_of_what_the_exemptions_need():
    both = decide([placement(running=True), placement(end=date(2024, 1, 1))])
    assert kept_fields(both) == ("email", "name", "phone")
    assert kept_fields(decide([placement(end=date(2024, 1, 1))])) == ("name",)
