"""Retention API schemas."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from compliance.fields import UtcDateTime


class HoldCreateSchema(ma.Schema):
    subject_id = ma.fields.UUID(required=True)
    reason = ma.fields.String(required=True, validate=validate.Length(min=3, max=1000),
                              metadata={"description": "Stored encrypted; never in the audit trail"})
    until = ma.fields.Date(load_default=None, allow_none=True)
    record_type = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    record_id = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))


class HoldSchema(ma.Schema):
    id = ma.fields.UUID()
    subject_id = ma.fields.UUID()
    record_type = ma.fields.String(allow_none=True)
    record_id = ma.fields.String(allow_none=True)
    reason = ma.fields.String(allow_none=True)
    until = ma.fields.Date(allow_none=True)
    placed_by = ma.fields.String()
    placed_at = UtcDateTime()
    released_at = UtcDateTime(allow_none=True)
    released_by = ma.fields.String(allow_none=True)


class HoldQuerySchema(ma.Schema):
    subject_id = ma.fields.UUID(required=True)
    include_released = ma.fields.Boolean(load_default=False)


class HoldListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(HoldSchema))


class DueQuerySchema(ma.Schema):
    days = ma.fields.Integer(load_default=14, validate=validate.Range(min=0, max=3660))


class DueCountSchema(ma.Schema):
    category = ma.fields.String()
    country = ma.fields.String()
    count = ma.fields.Integer()


class DueReportSchema(ma.Schema):
    as_of = ma.fields.Date()
    policy_version = ma.fields.String()
    total = ma.fields.Integer()
    due = ma.fields.List(ma.fields.Nested(DueCountSchema))
    held = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    restricted = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    not_enforced = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
