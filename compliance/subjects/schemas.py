"""Subject API schemas."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from compliance.fields import CountryField, Date, DateTime, Email, PatchSchema, Text, UtcDateTime
from compliance.input_policy import SINCE_BIRTHS, SINCE_RECORDS, TODAY, years_ahead
from compliance.pagination import PageQuerySchema, PageSchema
from compliance.subjects.rules import CHANGE_REASONS, KINDS, STATUSES


def date_of_birth(**kwargs) -> Date:
    return Date(earliest=SINCE_BIRTHS, latest=TODAY, **kwargs)


def membership_start(**kwargs) -> Date:
    return Date(earliest=SINCE_RECORDS, latest=years_ahead(1, "memberships are agreed at most a year ahead"),
                **kwargs)


def membership_end(**kwargs) -> Date:
    return Date(earliest=SINCE_RECORDS, latest=years_ahead(10, "annual memberships"), **kwargs)


class SubjectCreateSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(KINDS))
    name = Text(required=True, max_length=200)
    email = Email(load_default=None)
    phone = Text(load_default=None, max_length=32)
    country = CountryField(required=True)
    date_of_birth = date_of_birth(load_default=None)
    source = Text(load_default=None, max_length=40)
    membership_start = membership_start(load_default=None)
    membership_end = membership_end(load_default=None)


class SubjectUpdateSchema(PatchSchema):
    name = Text(max_length=200)
    email = Email(allow_none=True)
    phone = Text(allow_none=True, max_length=32)
    country = CountryField()
    date_of_birth = date_of_birth(allow_none=True)
    source = Text(allow_none=True, max_length=40)
    membership_start = membership_start(allow_none=True)
    membership_end = membership_end(allow_none=True)
    last_activity_at = DateTime(earliest=SINCE_RECORDS, latest=TODAY)
    #: Staff only, and required with last_activity_at or a membership date (the audit keeps it).
    reason = ma.fields.String(validate=validate.OneOf(CHANGE_REASONS))


class SubjectSchema(ma.Schema):
    """A subject with its decrypted personal data (every such read is audited)."""

    id = ma.fields.UUID()
    reference = ma.fields.String(metadata={"description": "Display reference, e.g. SUB-7K4M2-Q9XHT"})
    kind = ma.fields.String()
    name = ma.fields.String(allow_none=True)
    email = ma.fields.String(allow_none=True)
    phone = ma.fields.String(allow_none=True)
    country = ma.fields.String()
    date_of_birth = ma.fields.Date(allow_none=True)
    source = ma.fields.String(allow_none=True)
    status = ma.fields.String()
    created_at = UtcDateTime()
    last_activity_at = UtcDateTime()
    membership_start = ma.fields.Date(allow_none=True)
    membership_end = ma.fields.Date(allow_none=True)
    erased_at = UtcDateTime(allow_none=True)
    erasure_reference = ma.fields.String(allow_none=True)


class SubjectQuerySchema(PageQuerySchema):
    #: Named only to be refused with directions: an e-mail in a URL ends up in access logs.
    email = Text(max_length=254)
    kind = ma.fields.String(validate=validate.OneOf(KINDS))
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    country = CountryField()

    @ma.validates("email")
    def never_in_a_url(self, value, **kwargs):
        raise ma.ValidationError("E-mail addresses do not belong in URLs (access and proxy logs keep "
                                 "them): POST {\"email\": ...} to /api/v1/subjects/search.")


class SubjectPageSchema(PageSchema):
    """Listing: items carry no personal data."""

    items = ma.fields.List(ma.fields.Nested(SubjectSchema))


class SubjectSearchSchema(ma.Schema):
    """An exact e-mail lookup, in the body (never in a URL, where logs would keep it)."""

    email = Email(required=True)


class SubjectMatchesSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(SubjectSchema))
