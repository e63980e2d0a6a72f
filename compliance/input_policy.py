"""The input policy: what the API accepts as text, numbers, money and dates, in one place.

Pure (no Flask, no marshmallow): ``compliance.fields`` turns these rules into the marshmallow
fields every API schema uses, and into the OpenAPI document, so the document, the parser and the
web forms that reuse the schemas all apply the same rules.

- Text is NFC-normalised and trimmed. It refuses lone UTF-16 surrogates (not Unicode; they crash
  encoders), control characters (multi-line text keeps tab and line breaks), line/paragraph
  separators, the bidirectional embedding/override/isolate controls that let text display
  differently from what it says (CVE-2021-42574, "Trojan Source"), and values that are blank:
  only spaces or zero-width characters. Lengths count characters before and after normalising.
- Money is a decimal string with at most two places, never rounded.
- Dates carry a plausible range for what they mean, named in the error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

# --- text ------------------------------------------------------------------------------------

#: Bidirectional embeddings, overrides and isolates (Unicode UAX #9): LRE RLE PDF LRO RLO, LRI RLI FSI PDI.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Invisible on their own: a value made only of these (and spaces) is blank.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
#: Kept in multi-line text only.
LINE_CONTROLS = "\t\n\r"
#: White space that trimming removes (str.isspace less the control characters), as a regex class.
SPACES_CLASS = r"\u0020\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"


def _forbidden_class(multiline: bool) -> str:
    controls = r"\u0000-\u0008\u000b\u000c\u000e-\u001f" if multiline else r"\u0000-\u001f"
    return controls + r"\u007f-\u009f\u2028\u2029" + _escape(BIDI_CONTROLS)


def _escape(chars: str) -> str:
    return "".join(f"\\u{ord(c):04x}" for c in chars)


def _spaces_class(multiline: bool) -> str:
    return SPACES_CLASS + (r"\u0009\u000a\u000d" if multiline else "")


def text_pattern(multiline: bool = False) -> str:
    """The policy as a regular expression (ECMA-262 and Python alike), for the OpenAPI document:
    any surrounding space or zero-width characters, at least one visible character, nothing forbidden."""
    forbidden, spaces, invisible = _forbidden_class(multiline), _spaces_class(multiline), _escape(ZERO_WIDTH)
    return f"^[{spaces}{invisible}]*[^{forbidden}{spaces}{invisible}][^{forbidden}]*$"


_FORBIDDEN = {flag: re.compile(f"[{_forbidden_class(flag)}]") for flag in (False, True)}


class InputRefused(ValueError):
    """A value the policy refuses; the message says why, without quoting the value."""


def clean_text(value: str, *, max_length: int, multiline: bool = False) -> str:
    """The value NFC-normalised and trimmed, or InputRefused."""
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise InputRefused("Contains an unpaired UTF-16 surrogate, which is not valid Unicode.")
    if len(value) > max_length:
        raise InputRefused(f"Longer than {max_length} characters.")
    if found := _FORBIDDEN[multiline].search(value):
        raise InputRefused(_forbidden_message(found.group(), multiline))
    text = unicodedata.normalize("NFC", value).strip()
    if all(c.isspace() or c in ZERO_WIDTH for c in text):
        raise InputRefused("Must not be blank (only spaces or invisible characters).")
    if len(text) > max_length:
        raise InputRefused(f"Longer than {max_length} characters once normalised.")
    return text


def _forbidden_message(char: str, multiline: bool) -> str:
    code = f"U+{ord(char):04X}"
    if char in BIDI_CONTROLS:
        return f"Contains a bidirectional control character ({code}) that can disguise text."
    if char in "\u2028\u2029":
        return f"Contains a line or paragraph separator ({code}); use a line break in multi-line text."
    if char in LINE_CONTROLS and not multiline:
        return f"Contains a tab or line break ({code}); this field is a single line."
    return f"Contains a control character ({code})."


# --- numbers and money -----------------------------------------------------------------------

#: Numeric(14, 2): twelve digits before the point, two after.
MONEY_MAX = Decimal("999999999999.99")
MONEY_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
_MONEY = re.compile(MONEY_PATTERN)


def parse_money(value: str) -> Decimal:
    """A non-negative amount of at most 12 digits and two decimal places; never rounded."""
    if not _MONEY.fullmatch(value):
        raise InputRefused("Give an amount such as \"1250.00\": digits, at most two decimal places "
                           f"(never rounded), from 0.00 to {MONEY_MAX}.")
    return Decimal(value).quantize(Decimal("0.01"))


INTEGER_PATTERN = r"^-?[0-9]{1,19}$"  # query strings: ASCII digits only (int() also takes "٣" and "1_0")
_INTEGER = re.compile(INTEGER_PATTERN)


def parse_query_integer(value: str) -> int:
    if not _INTEGER.fullmatch(value):
        raise InputRefused("Not a valid integer.")
    return int(value)


def check_integer(value: int, minimum: int, maximum: int) -> int:
    if not minimum <= value <= maximum:
        raise InputRefused(f"Must be between {minimum} and {maximum}.")
    return value


# --- dates -----------------------------------------------------------------------------------

GDPR_APPLIES = date(2018, 5, 25)  # GDPR Art 99(2)
EARLIEST_RECORD = date(2000, 1, 1)  # nothing the platform records happened before
EARLIEST_BIRTH = date(1900, 1, 1)
CLOCK_SKEW = timedelta(minutes=2)  # "now" on the caller's clock may run a little ahead of ours


@dataclass(frozen=True)
class Bound:
    """A fixed day, or a number of years from today; ``why`` is said in the error."""

    day: date | None = None
    years_from_today: int | None = None
    why: str = ""

    def resolve(self, today: date) -> date:
        if self.day is not None:
            return self.day
        return _add_years(today, self.years_from_today or 0)

    @property
    def is_today(self) -> bool:
        return self.day is None and not self.years_from_today

    def label(self) -> str:
        """'2018-05-25', 'today' or '5 years from today' (the OpenAPI document says this)."""
        if self.day is not None:
            return self.day.isoformat()
        return f"{self.years_from_today} years from today" if self.years_from_today else "today"

    def describe(self, today: date) -> str:
        if self.day is not None or not self.years_from_today:
            return self.label()
        return f"{self.label()} ({self.resolve(today).isoformat()})"


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


TODAY = Bound(years_from_today=0)


def check_date(value: date, earliest: Bound, latest: Bound, today: date) -> date:
    """``value`` if within [earliest, latest] (both inclusive), else InputRefused naming the range."""
    if value < earliest.resolve(today):
        raise InputRefused(_too_early(earliest, today))
    if value > latest.resolve(today):
        raise InputRefused(_too_late(latest, today))
    return value


def check_datetime(value: datetime, earliest: Bound, latest: Bound, now: datetime,
                   today: date) -> datetime:
    """An aware ``value`` within range, returned in UTC; the upper bound "today" means now (+ skew).

    The comparison happens before any conversion: converting 0001-01-01T00:30+01:00 to UTC overflows.
    """
    low = datetime.combine(earliest.resolve(today), time(), tzinfo=UTC)
    if value < low:
        raise InputRefused(_too_early(earliest, today))
    if latest.is_today:
        if value > now + CLOCK_SKEW:
            raise InputRefused(_too_late(latest, today))
    elif value >= datetime.combine(latest.resolve(today) + timedelta(days=1), time(), tzinfo=UTC):
        raise InputRefused(_too_late(latest, today))
    return value.astimezone(UTC)


def _too_early(bound: Bound, today: date) -> str:
    reason = f": {bound.why}" if bound.why else ""
    return f"Must not be before {bound.describe(today)}{reason}."


def _too_late(bound: Bound, today: date) -> str:
    if bound.is_today:
        return f"Must not be in the future{': ' + bound.why if bound.why else ''}."
    reason = f": {bound.why}" if bound.why else ""
    return f"Must not be after {bound.describe(today)}{reason}."


def describe_range(earliest: Bound, latest: Bound) -> str:
    """'From 2018-05-25 (the GDPR applies from that day) to today.' for the OpenAPI description."""
    def part(bound: Bound) -> str:
        return f"{bound.label()} ({bound.why})" if bound.why else bound.label()
    return f"From {part(earliest)} to {part(latest)}."


# Named bounds the schemas share.
SINCE_GDPR = Bound(day=GDPR_APPLIES, why="the GDPR applies from that day")
SINCE_RECORDS = Bound(day=EARLIEST_RECORD, why="the platform holds no older records")
SINCE_BIRTHS = Bound(day=EARLIEST_BIRTH, why="no one alive was born earlier")
NOT_FUTURE = TODAY


def years_ahead(years: int, why: str = "") -> Bound:
    return Bound(years_from_today=years, why=why)
