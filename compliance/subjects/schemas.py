"""Subject API schemas."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from compliance.fields import CountryField, UtcDateTime
from compliance.pagination import PageQuerySchema, PageSchema
from compliance.subjects.rules import KINDS, STATUSES


class SubjectCreateSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(KINDS))
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = ma.fields.Email(load_default=None, validate=validate.Length(max=254))
    phone = ma.fields.String(load_default=None, validate=validate.Length(max=32))
    country = CountryField(required=True)
    date_of_birth = ma.fields.Date(load_default=None)
    source = ma.fields.String(load_default=None, validate=validate.Length(max=40))
    membership_start = ma.fields.Date(load_default=None)
    membership_end = ma.fields.Date(load_default=None)


class SubjectUpdateSchema(ma.Schema):
    name = ma.fields.String(validate=validate.Length(min=1, max=200))
    email = ma.fields.Email(allow_none=True, validate=validate.Length(max=254))
    phone = ma.fields.String(allow_none=True, validate=validate.Length(max=32))
    country = CountryField()
    date_of_birth = ma.fields.Date(allow_none=True)
    source = ma.fields.String(allow_none=True, validate=validate.Length(max=40))
    membership_start = ma.fields.Date(allow_none=True)
    membership_end = ma.fields.Date(allow_none=True)
    last_activity_at = UtcDateTime()


class SubjectSchema(ma.Schema):
    """A subject with its decrypted personal data (every such read is audited)."""

    id = ma.fields.UUID()
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
    email = ma.fields.String(validate=validate.Length(min=3, max=254))
    kind = ma.fields.String(validate=validate.OneOf(KINDS))
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    country = ma.fields.String(validate=validate.Length(equal=2))


class SubjectPageSchema(PageSchema):
    """Listing: items carry no personal data. With ``?email=``: the exact matches, decrypted."""

    items = ma.fields.List(ma.fields.Nested(SubjectSchema))
