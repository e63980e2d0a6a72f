"""Marshmallow fields shared by the API schemas: the input policy (compliance.input_policy) as
fields, each documenting in OpenAPI exactly what it accepts.

Every field a request can carry is one of these: Text/Email (never a bare String), Integer or
QueryInteger (bounded), Boolean or QueryBoolean (true/false only), Money, Date/DateTime with a
range, CountryField, CurrencyField, PolicyChoice; or a marshmallow field whose validator fixes the
values (OneOf, UUID, IP). tests/unit/test_api_fields_everywhere.py checks that it stays so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal

import marshmallow as ma
import pycountry
from marshmallow import validate

from compliance.input_policy import (
    MONEY_MAX,
    MONEY_PATTERN,
    Bound,
    InputRefused,
    check_date,
    check_datetime,
    clean_text,
    describe_range,
    parse_money,
    parse_query_integer,
    text_pattern,
)
from compliance.placements.currencies import ISO_4217
from compliance.policies import COUNTRY_ALIASES
from compliance.timeutil import as_utc, controller_today, utcnow

# --- text ------------------------------------------------------------------------------------


class Text(ma.fields.String):
    """Text under the input policy: NFC, trimmed, no control/bidi characters, not blank, bounded."""

    def __init__(self, *, max_length: int, multiline: bool = False, **kwargs):
        self.max_length, self.multiline = max_length, multiline
        doc = {"minLength": 1, "maxLength": max_length, "pattern": text_pattern(multiline)}
        super().__init__(metadata={**doc, **kwargs.pop("metadata", {})}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return clean_text(text, max_length=self.max_length, multiline=self.multiline)
        except InputRefused as refused:
            raise ma.ValidationError(str(refused)) from None


class Email(Text):
    """An e-mail address (at most 254 characters, RFC 5321)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=254, validate=validate.Email(), **kwargs)
        self.metadata["format"] = "email"
        self.metadata.pop("pattern")


# --- numbers and money -----------------------------------------------------------------------


class Integer(ma.fields.Integer):
    """A JSON integer (never 1.5, "5" or true) within [minimum, maximum]."""

    def __init__(self, *, minimum: int, maximum: int, **kwargs):
        super().__init__(strict=True, validate=validate.Range(min=minimum, max=maximum), **kwargs)


class QueryInteger(ma.fields.Integer):
    """An integer in a query string: ASCII digits only, within [minimum, maximum]."""

    def __init__(self, *, minimum: int, maximum: int, **kwargs):
        super().__init__(validate=validate.Range(min=minimum, max=maximum), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        if isinstance(value, str):
            try:
                return parse_query_integer(value)
            except InputRefused as refused:
                raise ma.ValidationError(str(refused)) from None
        return super()._deserialize(value, attr, data, **kwargs)



class Boolean(ma.fields.Boolean):
    """JSON true or false, nothing else (not 1, "yes" or "true")."""

    def _deserialize(self, value, attr, data, **kwargs) -> bool:
        if value is True or value is False:
            return value
        raise self.make_error("invalid", input=value)


class QueryBoolean(ma.fields.Boolean):
    """``true`` or ``false`` in a query string."""

    def _deserialize(self, value, attr, data, **kwargs) -> bool:
        if value in ("true", "false"):
            return value == "true"
        raise self.make_error("invalid", input=value)


class Money(ma.fields.String):
    """An amount as a decimal string ("1250.00"): at most two places, refused (never rounded)
    beyond them, from 0.00 to 999999999999.99 (Numeric(14, 2)). A JSON number cannot carry an
    exact amount, so numbers are refused; responses write amounts the same way."""

    def __init__(self, **kwargs):
        metadata = {"pattern": MONEY_PATTERN, "example": "1250.00",
                    "description": f"Decimal string, at most two places, 0.00 to {MONEY_MAX}",
                    **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs) -> str | None:
        return None if value is None else format(Decimal(value).quantize(Decimal("0.01")), "f")

    def _deserialize(self, value, attr, data, **kwargs) -> Decimal:
        if not isinstance(value, str):
            raise ma.ValidationError('Give the amount as a string such as "1250.00" '
                                     "(a JSON number cannot carry an exact amount).")
        try:
            return parse_money(value)
        except InputRefused as refused:
            raise ma.ValidationError(str(refused)) from None


# --- dates -----------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RFC3339 = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?"
                      r"([Zz]|[+-][0-9]{2}:[0-9]{2})")


def _range_metadata(earliest: Bound, latest: Bound, kwargs: dict) -> dict:
    metadata = dict(kwargs.pop("metadata", {}))
    limits = describe_range(earliest, latest)
    metadata["description"] = f"{metadata['description']} {limits}" if "description" in metadata else limits
    return metadata


class Date(ma.fields.Date):
    """An ISO 8601 day (YYYY-MM-DD) within a range that fits what it means."""

    def __init__(self, *, earliest: Bound, latest: Bound, **kwargs):
        self.earliest, self.latest = earliest, latest
        super().__init__(metadata=_range_metadata(earliest, latest, kwargs), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> date:
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE)
        day = super()._deserialize(value, attr, data, **kwargs)
        try:
            return check_date(day, self.earliest, self.latest, controller_today())
        except InputRefused as refused:
            raise ma.ValidationError(str(refused)) from None


class UtcDateTime(ma.fields.AwareDateTime):
    """Aware on input; always written in UTC with its offset (SQLite hands back naive UTC values)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize(None if value is None else as_utc(value), attr, obj, **kwargs)


class DateTime(UtcDateTime):
    """An RFC 3339 date-time with its UTC offset, within a range that fits what it means; loaded in UTC."""

    def __init__(self, *, earliest: Bound, latest: Bound, **kwargs):
        self.earliest, self.latest = earliest, latest
        super().__init__(metadata=_range_metadata(earliest, latest, kwargs), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        if not isinstance(value, str) or not _RFC3339.fullmatch(value):
            raise ma.ValidationError("Not a valid date-time: use RFC 3339 with its offset, "
                                     "e.g. 2025-03-01T09:30:00+01:00.")
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return check_datetime(moment, self.earliest, self.latest, utcnow(), controller_today())
        except InputRefused as refused:
            raise ma.ValidationError(str(refused)) from None


# --- codes -----------------------------------------------------------------------------------

#: Every ISO 3166-1 alpha-2 code, and EL: the EU's code for Greece (ISO: GR).
COUNTRY_CODES = frozenset(c.alpha_2 for c in pycountry.countries) | frozenset(COUNTRY_ALIASES.values())


class CountryField(ma.fields.String):
    """ISO 3166-1 alpha-2 (upper-cased); GR is stored as the EU's EL. Countries the policy data does
    not list are accepted and treated as third countries without an adequacy decision."""

    def __init__(self, **kwargs):
        super().__init__(validate=validate.OneOf(sorted(COUNTRY_CODES),
                                                 error="Unknown country code (ISO 3166-1 alpha-2 expected)."),
                         **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        code = super()._deserialize(value, attr, data, **kwargs).strip().upper()
        return COUNTRY_ALIASES.get(code, code)


class CurrencyField(ma.fields.String):
    """ISO 4217 alphabetic code, upper-cased."""

    def __init__(self, **kwargs):
        super().__init__(validate=validate.OneOf(sorted(ISO_4217), error="Unknown ISO 4217 code."),
                         **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        return super()._deserialize(value, attr, data, **kwargs).strip().upper()


class PolicyChoice(ma.fields.String):
    """One of a set fixed by the policy data (e.g. purposes); the document lists them as an enum."""

    def __init__(self, choices: Callable[[], Iterable[str]], *, error: str, **kwargs):
        self.choices = choices
        self.choice_error = error
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if text not in set(self.choices()):
            raise ma.ValidationError(self.choice_error)
        return text


def policy_choice_enum(converter, field, **kwargs) -> dict:
    """apispec attribute function: a PolicyChoice documents its values (needs an app context)."""
    if isinstance(field, PolicyChoice):
        return {"enum": sorted(field.choices())}
    return {}


# --- schemas ---------------------------------------------------------------------------------


class PatchSchema(ma.Schema):
    """A PATCH body: at least one field, or 422 (a PATCH that names nothing changes nothing)."""

    @ma.validates_schema(pass_original=True)
    def names_a_field(self, data, original, **kwargs):
        if not data and not original:
            raise ma.ValidationError("Give at least one field to change.")
