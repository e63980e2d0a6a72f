"""Audit trail API schemas."""

import marshmallow as ma

from compliance.fields import QueryInteger, Text, UtcDateTime
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
    action = Text(max_length=80)
    object_type = Text(max_length=40)
    object_id = Text(max_length=80)
    actor = Text(max_length=80)
    page = QueryInteger(load_default=1, minimum=1, maximum=1_000_000)
    per_page = QueryInteger(load_default=50, minimum=1, maximum=200)


class AuditPageSchema(PageSchema):
    items = ma.fields.List(ma.fields.Nested(AuditEventSchema))


class ChainVerdictSchema(ma.Schema):
    intact = ma.fields.Boolean()
    checked = ma.fields.Integer()
    head_hash = ma.fields.String()
    first_broken_sequence = ma.fields.Integer(allow_none=True)
    reason = ma.fields.String(allow_none=True)
