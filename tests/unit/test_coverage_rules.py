from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from compliance.placements.rules import (
    EEA_COUNTRIES,
    WORLDWIDE,
    PlacementFacts,
    PolicyTerms,
    assess_coverage,
)

TODAY = date(2026, 6, 1)

PLACEMENT = PlacementFacts(
    placement_ref="PL-2026-000042",
    placement_type="permanent",
    start_date=date(2026, 5, 4),
    work_country="DE",
    client_country="AT",
    member_country="EE",
    candidate_country="DE",
    membership_start=date(2026, 1, 1),
    membership_end=date(2026, 12, 31),
)

POLICY = PolicyTerms(
    policy_number="PI-2026-001",
    period_start=date(2026, 1, 1),
    period_end=date(2026, 12, 31),
    retroactive_date=date(2020, 1, 1),
    territories=EEA_COUNTRIES,
    excluded_jurisdictions=frozenset({"US", "CA"}),
    excluded_activities=frozenset({"temporary_agency_work"}),
    aggregate_limit=Decimal("2000000.00"),
    claims_total=Decimal("250000.00"),
    currency="EUR",
)


def failing_codes(verdict):
    return [reason.code for reason in verdict.failures]


@pytest.mark.parametrize(
    ("placement_changes", "policy_changes", "today", "code"),
    [
        ({}, {}, date(2027, 1, 1), "no_policy_in_force"),
        ({}, {}, date(2025, 12, 31), "no_policy_in_force"),
        ({"start_date": date(2027, 1, 4), "membership_end": None}, {}, TODAY, "no_policy_in_force"),
        ({}, {"retroactive_date": date(2026, 5, 5)}, TODAY, "before_retroactive_date"),
        ({"membership_end": date(2026, 5, 3)}, {}, TODAY, "membership_inactive"),
        ({"membership_start": date(2026, 5, 5)}, {}, TODAY, "membership_inactive"),
        ({"client_country": "CH"}, {}, TODAY, "outside_territory"),
        ({"work_country": "GB"}, {}, TODAY, "outside_territory"),
        ({"candidate_country": "US"}, {}, TODAY, "excluded_jurisdiction"),
        ({"placement_type": "temporary_agency_work"}, {}, TODAY, "excluded_activity"),
        ({}, {"claims_total": Decimal("2000000.00")}, TODAY, "aggregate_exhausted"),
        ({}, {"claims_total": Decimal("2100000.00")}, TODAY, "aggregate_exhausted"),
    ],
)
def test_each_failed_check_has_one_reason(placement_changes, policy_changes, today, code):
    placement = replace(PLACEMENT, **placement_changes)
    verdict = assess_coverage(placement, [replace(POLICY, **policy_changes)], today)
    assert not verdict.covered
    assert failing_codes(verdict) == [code]


def test_fully_covered_placement_lists_every_check_as_passed():
    verdict = assess_coverage(PLACEMENT, [POLICY], TODAY)
    assert verdict.covered
    assert verdict.policy_number == "PI-2026-001"
    assert verdict.failures == ()
    assert [r.code for r in verdict.reasons] == [
        "no_policy_in_force",
        "before_retroactive_date",
        "membership_inactive",
        "outside_territory",
        "excluded_jurisdiction",
        "excluded_activity",
        "aggregate_exhausted",
    ]
    assert all(r.passed for r in verdict.reasons)


def test_without_policy_only_policy_and_membership_are_reported():
    verdict = assess_coverage(replace(PLACEMENT, membership_end=date(2026, 3, 1)), [], TODAY)
    assert verdict.policy_number is None
    assert [r.code for r in verdict.reasons] == ["no_policy_in_force", "membership_inactive"]
    assert failing_codes(verdict) == ["no_policy_in_force", "membership_inactive"]


@pytest.mark.parametrize(
    ("placement_changes", "policy_changes", "today"),
    [
        ({}, {}, date(2026, 1, 1)),  # first day of the period
        ({}, {}, date(2026, 12, 31)),  # last day of the period
        ({"start_date": date(2026, 12, 31)}, {}, TODAY),  # work starts on the last day
        ({}, {"retroactive_date": date(2026, 5, 4)}, TODAY),  # starts on the retroactive date
        ({}, {"retroactive_date": None}, TODAY),
        ({"membership_start": date(2026, 5, 4), "membership_end": date(2026, 5, 4)}, {}, TODAY),
        ({"membership_end": None}, {}, TODAY),
        ({}, {"claims_total": Decimal("1999999.99")}, TODAY),  # one cent left
        ({"client_country": "CH"}, {"territories": frozenset({WORLDWIDE})}, TODAY),
        # Claims-made: earlier work after the retroactive date is covered by today's policy.
        ({"start_date": date(2025, 6, 2), "membership_start": date(2025, 1, 1)}, {}, TODAY),
    ],
)
def test_edges_are_inclusive(placement_changes, policy_changes, today):
    placement = replace(PLACEMENT, **placement_changes)
    verdict = assess_coverage(placement, [replace(POLICY, **policy_changes)], today)
    assert verdict.covered, verdict.failures


def test_the_policy_in_force_today_is_chosen():
    expired = replace(
        POLICY,
        policy_number="PI-2025-001",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        claims_total=Decimal("2000000"),
    )
    renewal = replace(
        POLICY,
        policy_number="PI-2027-001",
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
    )
    verdict = assess_coverage(PLACEMENT, [expired, renewal, POLICY], TODAY)
    assert verdict.covered
    assert verdict.policy_number == "PI-2026-001"


def test_messages_name_facts_not_people():
    placement = replace(PLACEMENT, client_country="CH", membership_end=date(2026, 5, 1))
    policy = replace(POLICY, claims_total=Decimal("2000000.00"))
    messages = {r.code: r.message for r in assess_coverage(placement, [policy], TODAY).failures}
    assert "CH" in messages["outside_territory"]
    assert "2026-05-01" in messages["membership_inactive"]
    assert "2000000.00" in messages["aggregate_exhausted"]
    assert "EUR" in messages["aggregate_exhausted"]


def test_no_policy_message_names_the_placement_and_dates():
    (reason, _) = assess_coverage(PLACEMENT, [POLICY], date(2027, 1, 4)).reasons
    assert "PL-2026-000042" in reason.message
    assert "2027-01-04" in reason.message


def test_every_coverage_check_has_a_title_for_people():
    from compliance.placements.rules import CHECK_TITLES

    verdict = assess_coverage(PLACEMENT, [POLICY], TODAY)
    assert {reason.code for reason in verdict.reasons} == set(CHECK_TITLES)
