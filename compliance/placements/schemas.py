"""Placement API schemas: placements, CV submissions, authorisations, verdicts, portfolio."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from compliance.fields import (
    CountryField,
    CurrencyField,
    Date,
    DateTime,
    Money,
    QueryInteger,
    Text,
    UtcDateTime,
)
from compliance.input_policy import SINCE_RECORDS, TODAY, years_ahead
from compliance.pagination import PageQuerySchema, PageSchema
from compliance.placements.rules import ESTABLISHMENT_REQUIREMENTS, PlacementType

PLACEMENT_TYPES = tuple(t.value for t in PlacementType)
PLACEMENT_STATUSES = ("active", "ended", "cancelled")
ACTIVITIES = ("placement", "temporary_agency_work")


def money(**kwargs) -> Money:
    """A non-negative amount with at most two decimals, as a string (see compliance.fields.Money)."""
    return Money(**kwargs)


def name_field(**kwargs) -> Text:
    return Text(max_length=200, **kwargs)


def check_not_before(data: dict, earlier: str, later: str) -> None:
    if data.get(earlier) and data.get(later) and data[later] < data[earlier]:
        raise ma.ValidationError(f"Must not be before {earlier}.", field_name=later)


class PlacementCreateSchema(ma.Schema):
    member_id = ma.fields.UUID(required=True)
    candidate_id = ma.fields.UUID(required=True)
    client_name = name_field(required=True)
    client_country = CountryField(required=True)
    client_contact_id = ma.fields.UUID(load_default=None)
    placement_type = ma.fields.String(required=True, validate=validate.OneOf(PLACEMENT_TYPES))
    role_title = name_field(required=True)
    work_country = CountryField(required=True)
    start_date = Date(required=True, earliest=SINCE_RECORDS,
                      latest=years_ahead(5, "placements are recorded at most five years ahead"))
    end_date = Date(load_default=None, earliest=SINCE_RECORDS, latest=years_ahead(15), metadata={
        "description": "Not before start_date."})
    fee = money(required=True)
    currency = CurrencyField(required=True)
    contract_law = Text(load_default=None, max_length=120)
    status = ma.fields.String(load_default="active", validate=validate.OneOf(PLACEMENT_STATUSES))

    @ma.validates_schema
    def end_not_before_start(self, data, **kwargs):
        check_not_before(data, "start_date", "end_date")


class PlacementSchema(ma.Schema):
    id = ma.fields.UUID()
    reference = ma.fields.String()
    member_id = ma.fields.UUID()
    candidate_id = ma.fields.UUID()
    client_name = ma.fields.String()
    client_country = ma.fields.String()
    client_contact_id = ma.fields.UUID(allow_none=True)
    placement_type = ma.fields.String()
    role_title = ma.fields.String()
    work_country = ma.fields.String()
    start_date = ma.fields.Date()
    end_date = ma.fields.Date(allow_none=True)
    fee = Money()
    currency = ma.fields.String()
    contract_law = ma.fields.String()
    status = ma.fields.String()
    created_at = UtcDateTime()


class PlacementQuerySchema(PageQuerySchema):
    status = ma.fields.String(validate=validate.OneOf(PLACEMENT_STATUSES))
    placement_type = ma.fields.String(validate=validate.OneOf(PLACEMENT_TYPES))
    work_country = CountryField()
    client_country = CountryField()
    member_id = ma.fields.UUID()
    candidate_id = ma.fields.UUID()


class PlacementPageSchema(PageSchema):
    items = ma.fields.List(ma.fields.Nested(PlacementSchema))


class CvSubmissionCreateSchema(ma.Schema):
    candidate_id = ma.fields.UUID(required=True)
    member_id = ma.fields.UUID(required=True)
    client_name = name_field(required=True)
    client_country = CountryField(required=True)
    placement_id = ma.fields.UUID(load_default=None)
    submitted_at = DateTime(load_default=None, earliest=SINCE_RECORDS, latest=TODAY,
                            metadata={"description": "Default: now."})


class CvSubmissionSchema(ma.Schema):
    id = ma.fields.UUID()
    candidate_id = ma.fields.UUID()
    member_id = ma.fields.UUID()
    client_name = ma.fields.String()
    client_country = ma.fields.String()
    placement_id = ma.fields.UUID(allow_none=True)
    submitted_at = UtcDateTime()
    recorded_by = ma.fields.String()


class CvSubmissionQuerySchema(ma.Schema):
    candidate_id = ma.fields.UUID()
    limit = QueryInteger(load_default=100, minimum=1, maximum=500)


class AuthorisationCreateSchema(ma.Schema):
    country = CountryField(required=True)
    kind = ma.fields.String(required=True,
                            validate=validate.OneOf(sorted(ESTABLISHMENT_REQUIREMENTS)))
    number = Text(required=True, max_length=60)
    activity = ma.fields.String(load_default="placement", validate=validate.OneOf(ACTIVITIES))
    valid_until = Date(load_default=None, earliest=SINCE_RECORDS, latest=years_ahead(30))


class AuthorisationSchema(ma.Schema):
    id = ma.fields.UUID()
    member_id = ma.fields.UUID()
    country = ma.fields.String()
    kind = ma.fields.String()
    activity = ma.fields.String()
    number = ma.fields.String(allow_none=True)
    valid_until = ma.fields.Date(allow_none=True)
    created_at = UtcDateTime()


class ReasonSchema(ma.Schema):
    code = ma.fields.String()
    message = ma.fields.String()


class CheckSchema(ReasonSchema):
    passed = ma.fields.Boolean()


class CoverageSchema(ma.Schema):
    covered = ma.fields.Boolean()
    policy_number = ma.fields.String(allow_none=True)
    reasons = ma.fields.List(ma.fields.Nested(ReasonSchema),
                             metadata={"description": "Failed checks only; empty when covered"})
    checks = ma.fields.List(ma.fields.Nested(CheckSchema),
                            metadata={"description": "Every check made, passed or not"})


class FindingSchema(ma.Schema):
    code = ma.fields.String()
    severity = ma.fields.String(metadata={"description": "info | warning | blocker"})
    message = ma.fields.String()
    legal_reference = ma.fields.String()


class CrossBorderSchema(ma.Schema):
    findings = ma.fields.List(ma.fields.Nested(FindingSchema))


class RegionalAuthoritySchema(ma.Schema):
    code = ma.fields.String(metadata={"description": "ISO 3166-2 subdivision, e.g. DE-BY"})
    region = ma.fields.String()
    name = ma.fields.String()
    website = ma.fields.String(allow_none=True)
    verified = ma.fields.Boolean()
    verified_on = ma.fields.Date(allow_none=True)
    sources = ma.fields.List(ma.fields.String())


class FactSchema(ma.Schema):
    value = ma.fields.Raw(allow_none=True)
    legal_reference = ma.fields.String(allow_none=True)
    website = ma.fields.String(allow_none=True)
    note = ma.fields.String(allow_none=True)
    competent_for = ma.fields.String(allow_none=True)
    regional = ma.fields.List(ma.fields.Nested(RegionalAuthoritySchema))
    starts = ma.fields.String(allow_none=True, metadata={
        "description": "claim period: runs from the rejection | knowledge | revelation"})
    verified = ma.fields.Boolean()
    verified_on = ma.fields.Date(allow_none=True, metadata={"description": "date the source was read"})
    sources = ma.fields.List(ma.fields.String())


class MemberStateSchema(ma.Schema):
    """One EEA state as encoded in policies/member_states/XX.yaml; `facts` has the provenance."""

    code = ma.fields.String()
    name = ma.fields.String()
    is_eu = ma.fields.Boolean()
    supervisory_authority = ma.fields.String()
    age_of_digital_consent = ma.fields.Integer(allow_none=True,
                                               metadata={"description": "GDPR Art 8; null: unknown"})
    placement_requirement = ma.fields.String(
        metadata={"description": "none | registration | notification | licence | authorisation"
                                 " | concession | unknown"})
    temporary_work_agency_requirement = ma.fields.String()
    rejected_applicant_claim_period = ma.fields.String(metadata={
        "description": "ISO-8601 period to bring a discrimination claim after rejection, or unknown"})
    verified = ma.fields.Boolean(metadata={"description": "every fact of this state is verified"})
    sources = ma.fields.List(ma.fields.String())
    facts = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Nested(FactSchema))
    retention_overrides = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Dict())
