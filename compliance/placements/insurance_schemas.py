"""PI insurance API schemas: policies, claims and the portfolio view."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from compliance.fields import CountryField, UtcDateTime
from compliance.placements.rules import WORLDWIDE
from compliance.placements.schemas import (
    PLACEMENT_TYPES,
    CurrencyField,
    ReasonSchema,
    check_not_before,
    money,
    name_field,
)
from compliance.policy_context import current_policies

CLAIM_STATUSES = ("open", "settled", "closed", "withdrawn")


def _territory(code: str) -> None:
    if code != WORLDWIDE and code not in current_policies().known_country_codes():
        raise ma.ValidationError("Unknown country code (ISO 3166-1 alpha-2, or * for worldwide).")


class TerritoryField(ma.fields.String):
    def __init__(self, **kwargs):
        super().__init__(validate=_territory, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip().upper()


class InsurancePolicyCreateSchema(ma.Schema):
    insurer = name_field(required=True)
    policy_number = ma.fields.String(required=True, validate=validate.Length(min=1, max=60))
    per_claim_limit = money(required=True)
    aggregate_limit = money(required=True)
    excess = money(load_default=None)
    currency = CurrencyField(required=True)
    period_start = ma.fields.Date(required=True)
    period_end = ma.fields.Date(required=True)
    retroactive_date = ma.fields.Date(load_default=None)
    territories = ma.fields.List(TerritoryField(), required=True,
                                 validate=validate.Length(min=1, max=300))
    excluded_jurisdictions = ma.fields.List(CountryField(), load_default=list,
                                            validate=validate.Length(max=300))
    excluded_activities = ma.fields.List(
        ma.fields.String(validate=validate.OneOf(PLACEMENT_TYPES)), load_default=list)

    @ma.validates_schema
    def period_in_order(self, data, **kwargs):
        check_not_before(data, "period_start", "period_end")


class InsurancePolicySchema(ma.Schema):
    id = ma.fields.UUID()
    insurer = ma.fields.String()
    policy_number = ma.fields.String()
    per_claim_limit = ma.fields.Decimal(as_string=True)
    aggregate_limit = ma.fields.Decimal(as_string=True)
    aggregate_used = ma.fields.Decimal(as_string=True)
    aggregate_left = ma.fields.Decimal(as_string=True)
    excess = ma.fields.Decimal(as_string=True)
    currency = ma.fields.String()
    period_start = ma.fields.Date()
    period_end = ma.fields.Date()
    retroactive_date = ma.fields.Date(allow_none=True)
    territories = ma.fields.List(ma.fields.String())
    excluded_jurisdictions = ma.fields.List(ma.fields.String())
    excluded_activities = ma.fields.List(ma.fields.String())
    created_at = UtcDateTime()


class InsuranceClaimCreateSchema(ma.Schema):
    policy_id = ma.fields.UUID(required=True)
    placement_id = ma.fields.UUID(load_default=None)
    claim_reference = ma.fields.String(required=True, validate=validate.Length(min=1, max=60))
    notified_on = ma.fields.Date(required=True)
    reserved = money(load_default=0)
    paid = money(load_default=0)
    status = ma.fields.String(load_default="open", validate=validate.OneOf(CLAIM_STATUSES))


class InsuranceClaimSchema(ma.Schema):
    id = ma.fields.UUID()
    policy_id = ma.fields.UUID()
    placement_id = ma.fields.UUID(allow_none=True)
    claim_reference = ma.fields.String()
    notified_on = ma.fields.Date()
    reserved = ma.fields.Decimal(as_string=True)
    paid = ma.fields.Decimal(as_string=True)
    status = ma.fields.String()
    created_at = UtcDateTime()


class InsuranceClaimQuerySchema(ma.Schema):
    policy_id = ma.fields.UUID()
    placement_id = ma.fields.UUID()
    status = ma.fields.String(validate=validate.OneOf(CLAIM_STATUSES))


class PortfolioQuerySchema(ma.Schema):
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(min=0, max=1000))


class UncoveredPlacementSchema(ma.Schema):
    id = ma.fields.UUID()
    reference = ma.fields.String()
    reasons = ma.fields.List(ma.fields.Nested(ReasonSchema))


class PortfolioSchema(ma.Schema):
    as_of = ma.fields.Date()
    placements = ma.fields.Integer()
    covered = ma.fields.Integer()
    uncovered = ma.fields.Integer()
    uncovered_by_reason = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    findings_by_severity = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    placements_with_blockers = ma.fields.Integer()
    uncovered_placements = ma.fields.List(
        ma.fields.Nested(UncoveredPlacementSchema),
        metadata={"description": "The first `limit` uncovered placements, by start date"})
    policies = ma.fields.List(ma.fields.Nested(InsurancePolicySchema))
