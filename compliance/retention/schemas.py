"""Retention API schemas."""

from __future__ import annotations

import marshmallow as ma

from compliance.fields import Date, QueryBoolean, QueryInteger, Text, UtcDateTime
from compliance.input_policy import TODAY, years_ahead


class HoldCreateSchema(ma.Schema):
    subject_id = ma.fields.UUID(required=True)
    reason = Text(required=True, max_length=1000, multiline=True,
                  metadata={"description": "Stored encrypted; never in the audit trail"})
    until = Date(load_default=None, allow_none=True, earliest=TODAY, latest=years_ahead(50),
                 metadata={"description": "Absent or null: until released."})
    record_type = Text(load_default=None, allow_none=True, max_length=40)
    record_id = Text(load_default=None, allow_none=True, max_length=64)


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
    include_released = QueryBoolean(load_default=False)


class HoldListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(HoldSchema))


class DueQuerySchema(ma.Schema):
    days = QueryInteger(load_default=14, minimum=0, maximum=3660)


class DueCountSchema(ma.Schema):
    category = ma.fields.String()
    country = ma.fields.String(metadata={
        "description": "Residence; for rejected_candidate the vacancy's work country that decided"})
    count = ma.fields.Integer()
    rule = ma.fields.String(metadata={
        "description": "Trigger and period applied, and why when the schedule default stands in"})


class DueReportSchema(ma.Schema):
    as_of = ma.fields.Date()
    policy_version = ma.fields.String()
    total = ma.fields.Integer()
    due = ma.fields.List(ma.fields.Nested(DueCountSchema))
    held = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    restricted = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    not_enforced = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
