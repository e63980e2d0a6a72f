"""Turning Python values into safe, faithful spreadsheet cell values.

Two promises: nothing written can run as a formula or break the XML, and what is
written is exactly what openpyxl reads back (so the data hash can be recomputed).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from numbers import Real

from exports.layout import Column

# XML 1.0 forbids C0 controls except tab/LF/CR, lone surrogates and U+FFFE/U+FFFF;
# openpyxl raises IllegalCharacterError on some and silently writes broken XML for others.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# OWASP "CSV Injection": cells starting with these are interpreted as formulas.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_EXCEL_MAX_TEXT = 32767
YES, NO = "yes", "no"


def neutralise(value: object) -> object:
    """Return ``value`` made safe for a spreadsheet cell; non-text passes unchanged.

    Text loses the characters XML forbids, and text that would start with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so that no spreadsheet
    program evaluates it as a formula (OWASP CSV injection guidance).
    """
    if not isinstance(value, str):
        return value
    text = _XML_ILLEGAL.sub("", value)
    if text.startswith(_FORMULA_TRIGGERS):
        return "'" + text
    return text


def cell_text(value: str) -> str | None:
    """Neutralised text exactly as it will read back: LF line ends, Excel's length cap.

    XML parsers turn CR and CRLF into LF, and openpyxl truncates at 32,767 characters,
    so both happen here, before hashing. Empty text reads back as an empty cell: None.
    """
    text = neutralise(value)
    assert isinstance(text, str)
    text = text.replace("\r\n", "\n").replace("\r", "\n")[:_EXCEL_MAX_TEXT]
    return text or None


def prepare_value(column: Column, value: object) -> object:
    """Convert ``value`` to what the writer stores in a cell of ``column``.

    text: str() of anything (booleans as yes/no), neutralised; date: a date (datetimes are
    taken in UTC); datetime: naive UTC, whole seconds (aware values converted, naive ones
    taken as UTC, dates as midnight); number/integer: a finite number (NaN/inf -> empty);
    bool: the text "yes"/"no". None and "" become an empty cell. Raises TypeError or
    ValueError for a value the column cannot hold.
    """
    if value is None:
        return None
    converter = _CONVERTERS[column.kind]
    try:
        return converter(value)
    except (TypeError, ValueError) as error:
        raise type(error)(f"column {column.header!r}: {error}") from None


def canonical_value(kind: str, value: object) -> object:
    """The hash form of a cell: same result for the written value and the read-back value.

    None -> None; date -> "YYYY-MM-DD"; datetime -> "YYYY-MM-DDTHH:MM:SS" (nearest second);
    number/integer -> printf "%.16g" (as openpyxl writes numbers); text/bool -> the text.
    """
    if value is None:
        return None
    if kind == "date":
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if kind == "datetime":
        return _whole_seconds(value).isoformat(timespec="seconds")
    if kind in ("number", "integer"):
        return "%.16g" % value  # noqa: UP031 - the exact format openpyxl writes
    return str(value)


def _to_text(value: object) -> str | None:
    if isinstance(value, bool):
        return YES if value else NO
    return cell_text(value if isinstance(value, str) else str(value))


def _to_date(value: object) -> date:
    if isinstance(value, datetime):
        return _utc_naive(value).date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date, got {type(value).__name__}")


def _to_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return _utc_naive(value).replace(microsecond=0)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    raise TypeError(f"expected a datetime, got {type(value).__name__}")


def _to_number(value: object) -> Real | Decimal | None:
    if isinstance(value, bool) or not isinstance(value, Real | Decimal):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return value if math.isfinite(value) else None


def _to_integer(value: object) -> int | None:
    number = _to_number(value)
    if number is None:
        return None
    if number != int(number):
        raise ValueError(f"expected a whole number, got {value!r}")
    return int(number)


def _to_yes_no(value: object) -> str:
    if isinstance(value, bool):
        return YES if value else NO
    if value in (YES, NO):
        return value
    raise TypeError(f"expected a bool, got {value!r}")


def _utc_naive(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _whole_seconds(moment: datetime) -> datetime:
    # openpyxl reads serials back at millisecond precision; round to the second we wrote.
    moment = _utc_naive(moment)
    rounded = moment.replace(microsecond=0)
    return rounded + timedelta(seconds=1) if moment.microsecond >= 500_000 else rounded


_CONVERTERS = {
    "text": _to_text,
    "date": _to_date,
    "datetime": _to_datetime,
    "number": _to_number,
    "integer": _to_integer,
    "bool": _to_yes_no,
}
