"""Export API schemas."""

from __future__ import annotations

import marshmallow as ma

from compliance.consent.schemas import purpose_field
from compliance.fields import Date, Text
from compliance.input_policy import SINCE_RECORDS, years_ahead


def _day(**kwargs) -> Date:
    return Date(earliest=SINCE_RECORDS, latest=years_ahead(5), **kwargs)


class ExportQuerySchema(ma.Schema):
    date_from = _day(data_key="from")
    date_to = _day(data_key="to")
    purpose = purpose_field()
    subject_id = ma.fields.UUID()
    policy_number = Text(max_length=60)


class ExportInfoSchema(ma.Schema):
    name = ma.fields.String()
    title = ma.fields.String()
    url = ma.fields.String()
    pdf_url = ma.fields.String()
    filters = ma.fields.List(ma.fields.String())


class ExportListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ExportInfoSchema))
