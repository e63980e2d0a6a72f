from datetime import UTC, datetime, timedelta, timezone

import pytest

from compliance.breaches.rules import (
    BreachClock,
    ClockState,
    SubjectNotificationExemption,
    breach_clock,
    compute_notify_by,
    validate_notification,
)

TALLINN_SUMMER = timezone(timedelta(hours=3))
AWARE = datetime(2026, 10, 24, 12, 0, tzinfo=TALLINN_SUMMER)  # 09:00Z, before the DST change
NOTIFY_BY = datetime(2026, 10, 27, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("aware_at", "notify_by"),
    [
        # EU clocks go back on 25 Oct 2026: still exactly 72 elapsed hours.
        (AWARE, NOTIFY_BY),
        # Spring change (29 Mar 2026) inside the window.
        (datetime(2026, 3, 28, 10, 0, tzinfo=UTC), datetime(2026, 3, 31, 10, 0, tzinfo=UTC)),
        # Aware on Friday: the deadline falls on Monday, no weekend roll-over to Tuesday.
        (datetime(2026, 6, 5, 15, 0, tzinfo=UTC), datetime(2026, 6, 8, 15, 0, tzinfo=UTC)),
        # Aware on Wednesday: deadline is Saturday and stays on Saturday.
        (datetime(2026, 6, 3, 8, 0, tzinfo=UTC), datetime(2026, 6, 6, 8, 0, tzinfo=UTC)),
        # Christmas Eve (Estonian public holiday): no holiday roll-over either.
        (datetime(2026, 12, 21, 18, 0, tzinfo=UTC), datetime(2026, 12, 24, 18, 0, tzinfo=UTC)),
    ],
)
def test_notify_by_is_exactly_72_elapsed_hours_in_utc(aware_at, notify_by):
    result = compute_notify_by(aware_at)
    assert result == notify_by
    assert result.utcoffset() == timedelta(0)
    assert result - aware_at == timedelta(hours=72)


def test_naive_awareness_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        compute_notify_by(datetime(2026, 10, 24, 12, 0))


@pytest.mark.parametrize(
    ("now", "notified_at", "expected"),
    [
        (
            NOTIFY_BY - timedelta(hours=1),
            None,
            BreachClock(NOTIFY_BY, 3600, False, None, "running"),
        ),
        (NOTIFY_BY, None, BreachClock(NOTIFY_BY, 0, False, None, "running")),
        (
            NOTIFY_BY + timedelta(seconds=1),
            None,
            BreachClock(NOTIFY_BY, -1, True, None, "overdue"),
        ),
        (
            NOTIFY_BY + timedelta(days=5),
            NOTIFY_BY - timedelta(hours=2),
            BreachClock(NOTIFY_BY, 7200, False, True, "notified"),
        ),
        (
            NOTIFY_BY + timedelta(days=5),
            NOTIFY_BY,
            BreachClock(NOTIFY_BY, 0, False, True, "notified"),
        ),
        (
            NOTIFY_BY + timedelta(days=5),
            NOTIFY_BY + timedelta(hours=3),
            BreachClock(NOTIFY_BY, -10800, True, False, "notified_late"),
        ),
    ],
)
def test_breach_clock_states(now, notified_at, expected):
    clock = breach_clock(AWARE, now, notified_at)
    assert clock == expected
    assert clock.state is ClockState(expected.state)


def test_partial_seconds_late_count_as_late():
    clock = breach_clock(AWARE, NOTIFY_BY + timedelta(milliseconds=500))
    assert clock.is_late and clock.seconds_left == -1


def test_now_in_another_offset_is_compared_as_an_instant():
    now = datetime(2026, 10, 27, 10, 59, tzinfo=timezone(timedelta(hours=2)))  # 08:59Z
    assert breach_clock(AWARE, now).seconds_left == 60


@pytest.mark.parametrize(
    ("notified_at", "late_reasons", "problems"),
    [
        (NOTIFY_BY - timedelta(hours=1), None, []),
        (NOTIFY_BY, "", []),
        (NOTIFY_BY + timedelta(hours=1), "forensic analysis needed to confirm scope", []),
        (NOTIFY_BY + timedelta(hours=1), None, ["reasons for the delay"]),
        (NOTIFY_BY + timedelta(hours=1), "   ", ["reasons for the delay"]),
        (AWARE - timedelta(minutes=1), None, ["before the time of awareness"]),
    ],
)
def test_validate_notification(notified_at, late_reasons, problems):
    found = validate_notification(AWARE, notified_at, late_reasons)
    assert len(found) == len(problems)
    for problem, text in zip(found, problems, strict=True):
        assert text in problem


def test_art_34_3_exemptions():
    assert [e.value for e in SubjectNotificationExemption] == ["a", "b", "c"]
    assert SubjectNotificationExemption("c").legal_reference == "GDPR Art 34(3)(c)"
    assert "encryption" in SubjectNotificationExemption.UNINTELLIGIBLE.description
    assert "public communication" in SubjectNotificationExemption("c").description
