"""PI insurance API schemas: policies, claims and the portfolio view."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import marshmallow as ma
from marshmallow import validate

from compliance.fields import (
    COUNTRY_CODES,
    CountryField,
    CurrencyField,
    Date,
    Money,
    QueryInteger,
    Text,
    UtcDateTime,
)
from compliance.input_policy import SINCE_RECORDS, TODAY, Bound, years_ahead
from compliance.placements.rules import WORLDWIDE
from compliance.placements.schemas import PLACEMENT_TYPES, ReasonSchema, check_not_before, money, name_field
from compliance.policies import COUNTRY_ALIASES

CLAIM_STATUSES = ("open", "settled", "closed", "withdrawn")
#: PI cover may reach back to work done long before the platform kept records.
SINCE_RETROACTIVE = Bound(day=date(1980, 1, 1), why="no earlier retroactive cover is plausible")


class TerritoryField(ma.fields.String):
    """A country code (ISO 3166-1 alpha-2, EL for Greece) or * for worldwide."""

    def __init__(self, **kwargs):
        super().__init__(validate=validate.OneOf(
            [WORLDWIDE, *sorted(COUNTRY_CODES)],
            error="Unknown country code (ISO 3166-1 alpha-2, or * for worldwide)."), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        code = super()._deserialize(value, attr, data, **kwargs).strip().upper()
        return COUNTRY_ALIASES.get(code, code)


class InsurancePolicyCreateSchema(ma.Schema):
    insurer = name_field(required=True)
    policy_number = Text(required=True, max_length=60)
    per_claim_limit = money(required=True)
    aggregate_limit = money(required=True)
    excess = money(load_default=None)
    currency = CurrencyField(required=True)
    period_start = Date(required=True, earliest=SINCE_RECORDS,
                        latest=years_ahead(5, "policies are bound at most five years ahead"))
    period_end = Date(required=True, earliest=SINCE_RECORDS, latest=years_ahead(10), metadata={
        "description": "Not before period_start."})
    retroactive_date = Date(load_default=None, earliest=SINCE_RETROACTIVE, latest=years_ahead(5),
                            metadata={"description": "Not after period_end."})
    territories = ma.fields.List(TerritoryField(), required=True,
                                 validate=validate.Length(min=1, max=300))
    excluded_jurisdictions = ma.fields.List(CountryField(), load_default=list,
                                            validate=validate.Length(max=300))
    excluded_activities = ma.fields.List(
        ma.fields.String(validate=validate.OneOf(PLACEMENT_TYPES)), load_default=list,
        validate=validate.Length(max=len(PLACEMENT_TYPES)))

    @ma.validates_schema
    def period_in_order(self, data, **kwargs):
        check_not_before(data, "period_start", "period_end")


class InsurancePolicySchema(ma.Schema):
    id = ma.fields.UUID()
    insurer = ma.fields.String()
    policy_number = ma.fields.String()
    per_claim_limit = Money()
    aggregate_limit = Money()
    aggregate_used = Money()
    aggregate_left = Money()
    excess = Money(allow_none=True)
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
    claim_reference = Text(required=True, max_length=60)
    notified_on = Date(required=True, earliest=SINCE_RECORDS, latest=TODAY)
    reserved = money(load_default=Decimal("0.00"))
    paid = money(load_default=Decimal("0.00"))
    status = ma.fields.String(load_default="open", validate=validate.OneOf(CLAIM_STATUSES))


class InsuranceClaimSchema(ma.Schema):
    id = ma.fields.UUID()
    policy_id = ma.fields.UUID()
    placement_id = ma.fields.UUID(allow_none=True)
    claim_reference = ma.fields.String()
    notified_on = ma.fields.Date()
    reserved = Money()
    paid = Money()
    status = ma.fields.String()
    created_at = UtcDateTime()


class InsuranceClaimQuerySchema(ma.Schema):
    policy_id = ma.fields.UUID()
    placement_id = ma.fields.UUID()
    status = ma.fields.String(validate=validate.OneOf(CLAIM_STATUSES))


class PortfolioQuerySchema(ma.Schema):
    limit = QueryInteger(load_default=100, minimum=0, maximum=1000)


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
