"""When a retention period has run out, and how the sweep slices the work."""

from datetime import date

import pytest

from compliance.policies import Period
from compliance.retention.rules import last_due_trigger_date, plan_groups


@pytest.mark.parametrize(("period", "as_of", "expected"), [
    ("P24M", date(2026, 3, 15), date(2024, 3, 15)),
    ("P4M", date(2026, 6, 30), date(2026, 2, 28)),
    ("P1Y", date(2025, 2, 28), date(2024, 2, 29)),  # 29 Feb + 1 year ends on 28 Feb
    ("P6M", date(2026, 8, 31), date(2026, 2, 28)),
    ("P10D", date(2026, 1, 5), date(2025, 12, 26)),
])
def test_last_due_trigger_date(period, as_of, expected):
    parsed = Period.parse(period)
    found = last_due_trigger_date(parsed, as_of)
    assert found == expected
    assert parsed.add_to(found) <= as_of


def test_plan_has_one_group_per_override_and_one_for_the_rest():
    groups = plan_groups("candidate_profile", "erase", (Period(months=24), "default"),
                         {"DE": (Period(months=4), "AGG")}, date(2026, 6, 1))
    assert [(g.country, g.excluded) for g in groups] == [("DE", ()), (None, ("DE",))]
    assert groups[0].rule == "last_activity+P4M (DE)"
    assert groups[1].last_trigger_date == date(2024, 6, 1)
