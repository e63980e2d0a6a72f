"""Application API schemas (input-policy fields only)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from compliance.applications.rules import OUTCOMES, ApplicationStatus, RejectionStage
from compliance.fields import CountryField, Date, Text, UtcDateTime
from compliance.input_policy import SINCE_RECORDS, TODAY
from compliance.pagination import PageQuerySchema, PageSchema

STATUSES = tuple(s.value for s in ApplicationStatus)


class ApplicationCreateSchema(ma.Schema):
    candidate_id = ma.fields.UUID(required=True)
    member_id = ma.fields.UUID(required=True)
    client_name = Text(required=True, max_length=200, metadata={
        "description": "Stored encrypted under the candidate's key; the candidate's cv_sharing "
                       "consent must name this client"})
    client_country = CountryField(required=True)
    vacancy_title = Text(required=True, max_length=200,
                         metadata={"description": "Stored encrypted under the candidate's key"})
    work_country = CountryField(required=True, metadata={
        "description": "The vacancy's work country: its claim period keeps a rejection"})
    applied_on = Date(required=True, earliest=SINCE_RECORDS, latest=TODAY)


class OutcomeSchema(ma.Schema):
    outcome = ma.fields.String(required=True, validate=validate.OneOf([o.value for o in OUTCOMES]))
    on = Date(required=True, earliest=SINCE_RECORDS, latest=TODAY,
              metadata={"description": "Date of the rejection, withdrawal or placement"})
    stage = ma.fields.String(load_default=None, allow_none=True,
                             validate=validate.OneOf([s.value for s in RejectionStage]),
                             metadata={"description": "Required for a rejection, absent otherwise"})
    placement_id = ma.fields.UUID(load_default=None, allow_none=True,
                                  metadata={"description": "For `placed`: the placement made"})


class ApplicationSchema(ma.Schema):
    id = ma.fields.UUID()
    reference = ma.fields.String()
    candidate_id = ma.fields.UUID()
    member_id = ma.fields.UUID()
    client_name = ma.fields.String(allow_none=True, metadata={
        "description": "Only on a single application (an audited read); null once erased"})
    client_country = ma.fields.String()
    vacancy_title = ma.fields.String(allow_none=True)
    work_country = ma.fields.String()
    applied_on = ma.fields.Date()
    status = ma.fields.String()
    outcome_on = ma.fields.Date(allow_none=True)
    rejection_stage = ma.fields.String(allow_none=True)
    placement_id = ma.fields.UUID(allow_none=True)
    created_at = UtcDateTime()
    recorded_by = ma.fields.String()


class ApplicationQuerySchema(PageQuerySchema):
    candidate_id = ma.fields.UUID()
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    work_country = CountryField()


class ApplicationPageSchema(PageSchema):
    items = ma.fields.List(ma.fields.Nested(ApplicationSchema))
