from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
import pytest

from compliance.config import CONTROLLER_COUNTRY, TIMEZONE
from compliance.policies import Period
from compliance.requests.rules import (
    DeadlineFlags,
    ExtensionRequest,
    InvalidRejectionGround,
    InvalidTransition,
    RejectionGround,
    RequestStatus,
    RequestType,
    allowed_transition,
    can_extend,
    check_rejection_ground,
    compute_due_date,
    compute_extended_due_date,
    days_paused,
    deadline_flags,
    format_reference,
    is_working_day,
    next_working_day,
)

TALLINN = ZoneInfo("Europe/Tallinn")
CLOCK = {"tz": TIMEZONE, "country": CONTROLLER_COUNTRY}  # the configured defaults: Tallinn, EE


def tallinn(y, m, d, hh=12, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=TALLINN)


# EDPB Guidelines 01/2022 ex. 32, 33; ICO: the raw end of the period before any roll-over.
@pytest.mark.parametrize(
    ("received", "months", "end"),
    [
        (date(2026, 3, 5), 1, date(2026, 4, 5)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_month_arithmetic_worked_examples(received, months, end):
    assert Period(months=months).add_to(received) == end


@pytest.mark.parametrize(
    ("received_at", "due"),
    [
        (tallinn(2026, 8, 31), date(2026, 9, 30)),  # Wednesday: no roll-over
        (tallinn(2028, 1, 31), date(2028, 2, 29)),  # leap year, Tuesday
        (tallinn(2026, 3, 5), date(2026, 4, 6)),  # 5 April 2026 is (Easter) Sunday
        (tallinn(2026, 1, 31), date(2026, 3, 2)),  # 28 Feb 2026 is a Saturday
        (tallinn(2026, 6, 11), date(2026, 7, 13)),  # 11 July 2026 is a Saturday
        (tallinn(2026, 1, 24), date(2026, 2, 25)),  # 24 Feb: Independence Day (Tuesday)
        (tallinn(2026, 11, 24), date(2026, 12, 28)),  # 24-26 Dec holidays, 27 Sunday
        (tallinn(2027, 4, 1), date(2027, 5, 3)),  # 1 May 2027: May Day and a Saturday
    ],
)
def test_due_date_rolls_to_next_estonian_working_day(received_at, due):
    assert compute_due_date(received_at, **CLOCK) == due


def test_holiday_examples_are_estonian_public_holidays():
    ee = holidays.country_holidays("EE", years=[2026, 2027])
    for day in (date(2026, 2, 24), date(2026, 12, 24), date(2026, 12, 25), date(2027, 5, 1)):
        assert day in ee
    assert date(2026, 4, 6) not in ee  # Easter Monday is a working day in Estonia


def test_receipt_date_is_the_tallinn_calendar_date_not_utc():
    late_evening_utc = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # 1 April 01:30 in Tallinn
    # 1 May 2026 is May Day (Friday), then a weekend: Monday 4 May.
    assert compute_due_date(late_evening_utc, **CLOCK) == date(2026, 5, 4)
    assert compute_due_date(late_evening_utc, tz="UTC", country=CONTROLLER_COUNTRY) == date(2026, 4, 30)


@pytest.mark.parametrize(
    "received_at",
    [
        datetime(2026, 3, 28, 23, 30, tzinfo=UTC),  # 29 March 01:30 EET, before the spring change
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # 29 March 04:30 EEST, after it
        datetime(2026, 3, 29, 9, 0, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_dst_change_does_not_move_the_due_date(received_at):
    assert compute_due_date(received_at, **CLOCK) == date(2026, 4, 29)


def test_autumn_dst_change_does_not_move_the_due_date():
    before = datetime(2026, 10, 24, 21, 30, tzinfo=UTC)  # 25 Oct 00:30 EEST
    after = datetime(2026, 10, 25, 21, 30, tzinfo=UTC)  # 25 Oct 23:30 EET
    assert compute_due_date(before, **CLOCK) == compute_due_date(after, **CLOCK) == date(2026, 11, 25)


def test_naive_datetime_is_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        compute_due_date(datetime(2026, 3, 5, 12, 0), **CLOCK)


def test_other_country_holidays_are_used_when_asked():
    # 1 Nov 2027 (Monday) is All Saints' Day in Austria, not in Estonia.
    received_at = tallinn(2027, 10, 1)
    assert compute_due_date(received_at, **CLOCK) == date(2027, 11, 1)
    assert compute_due_date(received_at, tz=TIMEZONE, country="AT") == date(2027, 11, 2)


@pytest.mark.parametrize(
    ("received_at", "due"),
    [
        (tallinn(2026, 3, 5), date(2026, 6, 5)),
        (tallinn(2026, 11, 30), date(2027, 3, 1)),  # 28 Feb 2027 is a Sunday
        (tallinn(2026, 9, 24), date(2026, 12, 28)),  # Christmas holidays and a weekend
    ],
)
def test_extension_is_three_months_from_receipt(received_at, due):
    assert compute_extended_due_date(received_at, **CLOCK) == due
    assert compute_due_date(received_at, months=3, **CLOCK) == due


def test_working_day_helpers():
    assert is_working_day(date(2026, 2, 23), CONTROLLER_COUNTRY)
    assert not is_working_day(date(2026, 2, 24), CONTROLLER_COUNTRY)
    assert not is_working_day(date(2026, 2, 28), CONTROLLER_COUNTRY)
    assert next_working_day(date(2026, 2, 23), CONTROLLER_COUNTRY) == date(2026, 2, 23)
    assert next_working_day(date(2026, 12, 24), CONTROLLER_COUNTRY) == date(2026, 12, 28)


def _extension(**overrides):
    values = dict(
        received_at=tallinn(2026, 3, 5),  # original due date: Monday 6 April 2026
        status="in_progress",
        already_extended=False,
        reason="large volume of records across several members",
        subject_notified_at=tallinn(2026, 4, 2),
        **CLOCK,
    )
    values.update(overrides)
    return ExtensionRequest(**values)


def test_extension_allowed_within_the_first_month():
    verdict = can_extend(_extension(), today=date(2026, 4, 6))
    assert verdict.allowed
    assert verdict.problems == ()
    assert verdict.original_due_date == date(2026, 4, 6)
    assert verdict.extended_due_date == date(2026, 6, 5)


@pytest.mark.parametrize(
    ("overrides", "today", "problem"),
    [
        ({"already_extended": True}, date(2026, 4, 1), "already been extended"),
        ({}, date(2026, 4, 7), "has passed"),
        ({"reason": "  "}, date(2026, 4, 1), "reason"),
        ({"reason": None}, date(2026, 4, 1), "reason"),
        ({"subject_notified_at": None}, date(2026, 4, 1), "must be told"),
        ({"subject_notified_at": tallinn(2026, 4, 7)}, date(2026, 4, 1), "told after"),
        ({"status": "completed"}, date(2026, 4, 1), "only open requests"),
    ],
)
def test_extension_refused(overrides, today, problem):
    verdict = can_extend(_extension(**overrides), today=today)
    assert not verdict.allowed
    assert any(problem in p for p in verdict.problems)


@pytest.mark.parametrize(
    ("status", "action", "target"),
    [
        ("received", "start_verification", "identity_verification"),
        ("received", "verify_identity", "in_progress"),
        ("identity_verification", "verify_identity", "in_progress"),
        ("in_progress", "complete", "completed"),
        ("received", "reject", "rejected"),
        ("identity_verification", "reject", "rejected"),
        ("in_progress", "reject", "rejected"),
        ("received", "extend", "received"),
        ("in_progress", "extend", "in_progress"),
    ],
)
def test_allowed_transitions(status, action, target):
    assert allowed_transition(status, action) == RequestStatus(target)


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("received", "complete"),
        ("identity_verification", "complete"),
        ("in_progress", "verify_identity"),
        ("in_progress", "start_verification"),
        ("completed", "reject"),
        ("rejected", "extend"),
        ("completed", "complete"),
        ("received", "approve"),
        ("archived", "reject"),
    ],
)
def test_forbidden_transitions_raise(status, action):
    with pytest.raises(InvalidTransition):
        allowed_transition(status, action)


def test_invalid_transition_message_is_clear():
    with pytest.raises(InvalidTransition, match="cannot complete a request that is received"):
        allowed_transition("received", "complete")


@pytest.mark.parametrize(
    ("due", "today", "closed", "flags"),
    [
        (date(2026, 4, 30), date(2026, 4, 1), False, DeadlineFlags(False, False, 29)),
        (date(2026, 4, 30), date(2026, 4, 23), False, DeadlineFlags(True, False, 7)),
        (date(2026, 4, 30), date(2026, 4, 22), False, DeadlineFlags(False, False, 8)),
        (date(2026, 4, 30), date(2026, 4, 30), False, DeadlineFlags(True, False, 0)),
        (date(2026, 4, 30), date(2026, 5, 1), False, DeadlineFlags(False, True, -1)),
        (date(2026, 4, 30), date(2026, 5, 1), True, DeadlineFlags(False, False, -1)),
        (date(2026, 4, 30), date(2026, 4, 29), True, DeadlineFlags(False, False, 1)),
    ],
)
def test_deadline_flags(due, today, closed, flags):
    assert deadline_flags(due, today, closed) == flags


def test_request_types_carry_their_article():
    assert {t.value: t.article for t in RequestType} == {
        "access": "GDPR Art 15",
        "rectification": "GDPR Art 16",
        "erasure": "GDPR Art 17",
        "restriction": "GDPR Art 18",
        "portability": "GDPR Art 20",
        "objection": "GDPR Art 21",
    }


def test_every_rejection_ground_is_described():
    for ground in RejectionGround:
        assert ground.description and ground.legal_reference.startswith("GDPR Art")
    assert RejectionGround.ART17_3_E.legal_reference == "GDPR Art 17(3)(e)"


@pytest.mark.parametrize("ground", [g for g in RejectionGround if g.erasure_only])
def test_art17_3_grounds_only_for_erasure(ground):
    assert check_rejection_ground(ground, "erasure") is ground
    with pytest.raises(InvalidRejectionGround, match="only to erasure"):
        check_rejection_ground(ground, "access")


@pytest.mark.parametrize("ground", ["manifestly_unfounded", "excessive", "identity_not_verified"])
def test_general_grounds_for_any_request(ground):
    assert check_rejection_ground(ground, "portability") == RejectionGround(ground)


@pytest.mark.parametrize(("ground", "fits", "does_not_fit"), [
    ("art17_1_not_met", "erasure", "access"),
    ("art20_not_applicable", "portability", "access"),
    ("art15_4_others", "access", "erasure"),
    ("art15_4_others", "portability", "objection"),
])
def test_grounds_that_fit_some_rights_only(ground, fits, does_not_fit):
    assert check_rejection_ground(ground, fits) is RejectionGround(ground)
    with pytest.raises(InvalidRejectionGround) as refused:
        check_rejection_ground(ground, does_not_fit)
    assert "ground" in refused.value.errors


def test_an_art23_restriction_names_its_law():
    with pytest.raises(InvalidRejectionGround) as refused:
        check_rejection_ground("art23_national_law", "access", law="  ")
    assert "law" in refused.value.errors
    named = check_rejection_ground("art23_national_law", "access", law="Money Laundering Act § 42(2)")
    assert named is RejectionGround.ART23_NATIONAL_LAW


def test_no_data_held_is_an_answer_not_a_refusal():
    with pytest.raises(InvalidRejectionGround, match="answer"):
        check_rejection_ground("no_data_held", "access")


def test_unknown_ground_rejected():
    with pytest.raises(InvalidRejectionGround):
        check_rejection_ground("too_busy", "access")


def test_format_reference():
    assert format_reference(2026, 123) == "DSR-2026-000123"
    with pytest.raises(ValueError):
        format_reference(2026, 0)


@pytest.mark.parametrize(
    ("action", "target"),
    [("confirm", "received"), ("reject", "rejected"), ("extend", "pending_confirmation")],
)
def test_public_form_requests_wait_for_confirmation_on_the_clock(action, target):
    assert RequestStatus.PENDING_CONFIRMATION.is_open
    assert allowed_transition("pending_confirmation", action) == RequestStatus(target)


@pytest.mark.parametrize("action", ["verify_identity", "complete", "start_verification"])
def test_unconfirmed_requests_cannot_be_worked_on(action):
    with pytest.raises(InvalidTransition):
        allowed_transition("pending_confirmation", action)


def test_confirm_only_from_pending():
    with pytest.raises(InvalidTransition):
        allowed_transition("received", "confirm")


# --- stopping the clock (EDPB Guidelines 01/2022 §159) ----------------------------------------
def test_days_paused_count_calendar_days_in_the_controllers_zone():
    asked = datetime(2026, 3, 6, 21, 30, tzinfo=UTC)  # already 6 March 23:30 in Tallinn
    assert days_paused(asked, datetime(2026, 3, 6, 21, 45, tzinfo=UTC), "Europe/Tallinn") == 0
    assert days_paused(asked, datetime(2026, 3, 6, 22, 30, tzinfo=UTC), "Europe/Tallinn") == 1
    with pytest.raises(ValueError):
        days_paused(asked, asked - timedelta(seconds=1), "Europe/Tallinn")


def test_paused_days_are_added_before_the_roll_over_to_a_working_day():
    received = datetime(2026, 8, 31, 9, 0, tzinfo=UTC)
    assert compute_due_date(received, tz="Europe/Tallinn", country="EE") == date(2026, 9, 30)
    # 30 September + 3 = Saturday 3 October -> Monday 5 October
    assert compute_due_date(received, tz="Europe/Tallinn", country="EE", paused_days=3) == date(2026, 10, 5)
    assert compute_extended_due_date(received, tz="Europe/Tallinn", country="EE",
                                     paused_days=3) == date(2026, 12, 3)
    with pytest.raises(ValueError):
        compute_due_date(received, tz="Europe/Tallinn", country="EE", paused_days=-1)


def test_an_extension_counts_the_first_month_with_its_pauses():
    received = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
    state = ExtensionRequest(received, "in_progress", False, "many requests",
                             datetime(2026, 4, 10, 10, 0, tzinfo=UTC), "Europe/Tallinn", "EE", paused_days=10)
    verdict = can_extend(state, date(2026, 4, 10))
    assert verdict.allowed and verdict.original_due_date == date(2026, 4, 15)
    unpaused = can_extend(ExtensionRequest(received, "in_progress", False, "many requests",
                                           datetime(2026, 4, 10, 10, 0, tzinfo=UTC), "Europe/Tallinn", "EE"),
                          date(2026, 4, 10))
    assert not unpaused.allowed
