"""The input policy (compliance.input_policy): text, money, integers and date ranges, checked with
hand-picked hostile values and with generated ones (the documented pattern and the parser agree)."""

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.input_policy import (
    BIDI_CONTROLS,
    GDPR_APPLIES,
    MONEY_MAX,
    MONEY_PATTERN,
    SINCE_GDPR,
    SINCE_RECORDS,
    TODAY,
    InputRefused,
    check_date,
    check_datetime,
    clean_text,
    parse_money,
    parse_query_integer,
    text_pattern,
    years_ahead,
)

PROPERTY = settings(max_examples=300, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def refused(value, **kwargs) -> str:
    with pytest.raises(InputRefused) as caught:
        clean_text(value, **{"max_length": 200, **kwargs})
    return str(caught.value)


# --- text: hand-picked ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Anna Example  ", "Anna Example"),
        ("Jose\u0301", "José"),  # NFC: e + combining acute -> é
        ("\u00a0Tallinn\u3000", "Tallinn"),
        ("\u200bsee\u200c", "\u200bsee\u200c"),  # zero-width inside or around visible text is kept
        ("رضا 👩‍💻", "رضا 👩‍💻"),
    ],
)
def test_text_is_normalised_and_trimmed(value, expected):
    assert clean_text(value, max_length=200) == expected


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("a\x00b", "control character (U+0000)"),
        ("name\x1b[31m", "control character (U+001B)"),
        ("a\x7fb", "control character (U+007F)"),
        ("a\x85b", "control character (U+0085)"),
        ("invoice\u202egnp.exe", "bidirectional control character (U+202E)"),
        ("x\u2066y", "bidirectional control character (U+2066)"),
        ("a\u2028b", "line or paragraph separator"),
        ("one\ntwo", "single line"),
        ("one\ttwo", "single line"),
        ("\ud800", "unpaired UTF-16 surrogate"),
        ("ok\udfffok", "unpaired UTF-16 surrogate"),
        ("   ", "blank"),
        ("", "blank"),
        ("\u200b\u200d\ufeff", "blank"),
        (" \u200b \u2060 ", "blank"),
        ("x" * 201, "Longer than 200"),
    ],
)
def test_hostile_text_is_refused_with_the_reason(value, why):
    assert why in refused(value)


def test_multi_line_text_keeps_line_breaks_and_tabs_but_nothing_else():
    assert clean_text("line one\r\n\tline two\n", max_length=100, multiline=True) == "line one\r\n\tline two"
    assert "control character (U+000B)" in refused("a\vb", multiline=True)
    assert "bidirectional" in refused("a\n\u202db", multiline=True)


def test_the_length_limit_also_holds_after_normalising():
    # U+0958 has no precomposed NFC form: it decomposes into two characters.
    assert "once normalised" in refused("\u0958" * 150)


def test_refusals_never_quote_the_value():
    message = refused("secret\u202eperson")
    assert "secret" not in message and "person" not in message


# --- text: generated ------------------------------------------------------------------------

TEXT = st.text(alphabet=st.characters(codec=None), max_size=40) | st.text(
    alphabet=st.sampled_from(" \t\n\r\x00\x1f\x85\u00a0\u200b\ufeff\u202e\u2066\u2028a\u0301é"), max_size=12)


@PROPERTY
@given(value=TEXT, multiline=st.booleans())
def test_the_documented_pattern_and_the_parser_agree(value, multiline):
    """What the OpenAPI pattern allows (and has no surrogate, and fits) is exactly what is accepted."""
    pattern_ok = re.fullmatch(text_pattern(multiline), value) is not None
    has_surrogate = any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    fits = len(unicodedata.normalize("NFC", value).strip()) <= 30 and len(value) <= 30
    try:
        clean_text(value, max_length=30, multiline=multiline)
        accepted = True
    except InputRefused:
        accepted = False
    assert accepted == (pattern_ok and not has_surrogate and fits)


@PROPERTY
@given(value=TEXT, multiline=st.booleans())
def test_accepted_text_is_clean_and_cleaning_is_idempotent(value, multiline):
    try:
        text = clean_text(value, max_length=100, multiline=multiline)
    except InputRefused:
        return
    assert text == unicodedata.normalize("NFC", text) == text.strip()
    assert not set(text) & set(BIDI_CONTROLS)
    assert clean_text(text, max_length=100, multiline=multiline) == text


# --- numbers and money -------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "0.5", "12.50", "1250", "999999999999.99"])
def test_money_within_two_places_is_exact(value):
    assert parse_money(value) == Decimal(value)
    assert parse_money(value).as_tuple().exponent == -2


@pytest.mark.parametrize("value", ["1.005", "0.001", "-1.00", "1e3", "NaN", "Infinity", " 12", "12 ",
                                   "1,000.00", "1000000000000.00", "١٢", ".5", "5.", "+5"])
def test_money_beyond_the_policy_is_refused_never_rounded(value):
    with pytest.raises(InputRefused, match="never rounded"):
        parse_money(value)


@PROPERTY
@given(amount=st.decimals(min_value=0, max_value=MONEY_MAX, places=2, allow_nan=False))
def test_any_amount_in_range_round_trips(amount):
    text = format(amount, "f")
    assert re.fullmatch(MONEY_PATTERN, text)
    assert parse_money(text) == amount


@pytest.mark.parametrize("value", ["1.5", "5 ", "٣", "1_000", "0x10", "", "12345678901234567890"])
def test_query_integers_are_ascii_digits_only(value):
    with pytest.raises(InputRefused):
        parse_query_integer(value)


def test_query_integers_parse_plain_digits():
    assert parse_query_integer("42") == 42 and parse_query_integer("-3") == -3


# --- dates ------------------------------------------------------------------------------------

TODAY_DATE = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)


def test_dates_outside_their_range_name_the_range():
    with pytest.raises(InputRefused, match="before 2018-05-25: the GDPR applies from that day"):
        check_date(date(2018, 5, 24), SINCE_GDPR, TODAY, TODAY_DATE)
    with pytest.raises(InputRefused, match="in the future"):
        check_date(TODAY_DATE + timedelta(days=1), SINCE_GDPR, TODAY, TODAY_DATE)
    with pytest.raises(InputRefused, match=r"after 5 years from today \(2031-06-15\)"):
        check_date(date(2031, 6, 16), SINCE_RECORDS, years_ahead(5), TODAY_DATE)
    assert check_date(GDPR_APPLIES, SINCE_GDPR, TODAY, TODAY_DATE) == GDPR_APPLIES
    assert check_date(date(2031, 6, 15), SINCE_RECORDS, years_ahead(5), TODAY_DATE) == date(2031, 6, 15)


@pytest.mark.parametrize(
    "value",
    [
        datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))),  # overflows if converted first
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-23, minutes=-59))),
        datetime(2018, 5, 24, 23, 59, 59, tzinfo=UTC),
        NOW + timedelta(minutes=3),
    ],
)
def test_edge_datetimes_are_refused_not_overflowed(value):
    with pytest.raises(InputRefused):
        check_datetime(value, SINCE_GDPR, TODAY, NOW, TODAY_DATE)


def test_datetimes_in_range_come_back_in_utc_with_a_little_clock_skew_allowed():
    local = datetime(2026, 6, 15, 12, 1, tzinfo=timezone(timedelta(hours=2)))  # 10:01 UTC, 1 min ahead
    assert check_datetime(local, SINCE_GDPR, TODAY, NOW, TODAY_DATE) == datetime(2026, 6, 15, 10, 1,
                                                                                    tzinfo=UTC)
    end_of_range = datetime(2031, 6, 15, 23, 59, tzinfo=UTC)
    assert check_datetime(end_of_range, SINCE_RECORDS, years_ahead(5), NOW, TODAY_DATE) == end_of_range
    with pytest.raises(InputRefused):
        check_datetime(end_of_range + timedelta(minutes=1), SINCE_RECORDS, years_ahead(5), NOW, TODAY_DATE)


def test_a_leap_day_bound_falls_back_to_the_28th():
    assert years_ahead(1).resolve(date(2028, 2, 29)) == date(2029, 2, 28)
