"""Export API schemas."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate


class ExportQuerySchema(ma.Schema):
    date_from = ma.fields.Date(data_key="from")
    date_to = ma.fields.Date(data_key="to")
    purpose = ma.fields.String(validate=validate.Length(min=1, max=40))
    subject_id = ma.fields.UUID()
    policy_number = ma.fields.String(validate=validate.Length(min=1, max=60))


class ExportInfoSchema(ma.Schema):
    name = ma.fields.String()
    title = ma.fields.String()
    url = ma.fields.String()
    filters = ma.fields.List(ma.fields.String())


class ExportListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ExportInfoSchema))
