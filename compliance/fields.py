"""Marshmallow fields shared by the API schemas."""

from __future__ import annotations

import marshmallow as ma

from compliance.policy_context import current_policies
from compliance.timeutil import as_utc


class UtcDateTime(ma.fields.AwareDateTime):
    """Aware on input; always written in UTC with its offset (SQLite hands back naive UTC values)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize(None if value is None else as_utc(value), attr, obj, **kwargs)


def _known_country(code: str) -> None:
    if code not in current_policies().known_country_codes():
        raise ma.ValidationError("Unknown country code (ISO 3166-1 alpha-2 expected).")


class CountryField(ma.fields.String):
    """ISO 3166-1 alpha-2, upper-cased, known to the policy data."""

    def __init__(self, **kwargs):
        super().__init__(validate=_known_country, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        return text.strip().upper()
