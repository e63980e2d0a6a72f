"""Audit trail API schemas."""

import marshmallow as ma
from marshmallow import validate

from compliance.fields import UtcDateTime
from compliance.pagination import PageQuerySchema, PageSchema


class AuditEventSchema(ma.Schema):
    sequence = ma.fields.Integer()
    occurred_at = UtcDateTime(default_timezone=None)
    actor = ma.fields.String()
    action = ma.fields.String()
    object_type = ma.fields.String(allow_none=True)
    object_id = ma.fields.String(allow_none=True)
    details = ma.fields.Dict()
    prev_hash = ma.fields.String()
    hash = ma.fields.String()


class AuditQuerySchema(PageQuerySchema):
    action = ma.fields.String(validate=validate.Length(max=80))
    object_type = ma.fields.String(validate=validate.Length(max=40))
    object_id = ma.fields.String(validate=validate.Length(max=80))
    actor = ma.fields.String(validate=validate.Length(max=80))
    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = ma.fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class AuditPageSchema(PageSchema):
    items = ma.fields.List(ma.fields.Nested(AuditEventSchema))


class ChainVerdictSchema(ma.Schema):
    intact = ma.fields.Boolean()
    checked = ma.fields.Integer()
    head_hash = ma.fields.String()
    first_broken_sequence = ma.fields.Integer(allow_none=True)
    reason = ma.fields.String(allow_none=True)
