"""API schemas of the register of assessments."""

from __future__ import annotations

from datetime import date

import marshmallow as ma
from marshmallow import validate

from compliance.assessments.rules import (
    ANNEX_III,
    ART_22_EXCEPTIONS,
    RISK_KINDS,
    CheckOutcome,
    Level,
)
from compliance.consent.schemas import purpose_field
from compliance.fields import Boolean, Date, Integer, PatchSchema, PolicyChoice, Text, UtcDateTime
from compliance.input_policy import TODAY, Bound
from compliance.policy_context import current_policies

OUTCOMES = tuple(o.value for o in CheckOutcome)
SINCE_GDPR_DAY = Bound(day=date(2016, 4, 27), why="the GDPR was adopted then")
REVIEW_RANGE = {"earliest": TODAY, "latest": Bound(years_from_today=5)}
PERIOD_PATTERN = r"^P([0-9]{1,2}Y)?([0-9]{1,3}M)?([0-9]{1,4}D)?$"


def _text(**kwargs) -> Text:
    return Text(max_length=20_000, multiline=True, **kwargs)


def activity_field(**kwargs) -> PolicyChoice:
    return PolicyChoice(lambda: [a.id for a in current_policies().processing_activities],
                        error="Unknown processing activity; see policies/processing_activities.yaml.",
                        **kwargs)


def _level(**kwargs) -> Integer:
    return Integer(minimum=Level.NEGLIGIBLE, maximum=Level.MAXIMUM, metadata={
        "description": "CNIL scale: 1 negligible, 2 limited, 3 significant, 4 maximum"}, **kwargs)


def _day(**kwargs) -> Date:
    return Date(earliest=SINCE_GDPR_DAY, latest=TODAY, **kwargs)


class _DpiaFields(ma.Schema):
    title = Text(max_length=200)
    activities = ma.fields.List(activity_field(), validate=validate.Length(min=1, max=20))
    context = _text(allow_none=True)
    necessity = _text(allow_none=True, metadata={
        "description": "Necessity and proportionality (Art 35(7)(b))"})
    dpo_opinion = _text(allow_none=True)
    subjects_opinion = _text(allow_none=True)
    consultation_authority = Text(max_length=120, allow_none=True)
    consultation_submitted_on = _day(allow_none=True)
    consultation_answered_on = _day(allow_none=True)
    consultation_outcome = _text(allow_none=True)
    review_due = Date(allow_none=True, **REVIEW_RANGE)


class DpiaCreateSchema(_DpiaFields):
    title = Text(max_length=200, required=True)
    activities = ma.fields.List(activity_field(), required=True, validate=validate.Length(min=1, max=20))


class DpiaUpdateSchema(PatchSchema, _DpiaFields):
    pass


class RiskCreateSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(RISK_KINDS))
    impacts = _text(allow_none=True)
    threats = _text(allow_none=True)
    sources = _text(allow_none=True)
    measures = _text(allow_none=True)
    severity_before = _level(required=True)
    likelihood_before = _level(required=True)
    severity_after = _level(required=True)
    likelihood_after = _level(required=True)


class RiskSchema(RiskCreateSchema):
    rating_before = ma.fields.Method("_before", dump_only=True)
    rating_residual = ma.fields.Method("_residual", dump_only=True)

    def _before(self, risk) -> str:
        return risk.score.before.value

    def _residual(self, risk) -> str:
        return risk.score.residual.value


class ValidateSchema(ma.Schema):
    review_due = Date(allow_none=True, **REVIEW_RANGE, metadata={
        "description": "When the DPIA is reviewed next (default: one year from today)"})


class DpiaSchema(DpiaCreateSchema):
    id = ma.fields.UUID()
    reference = ma.fields.String()
    status = ma.fields.String()
    risks = ma.fields.List(ma.fields.Nested(RiskSchema))
    validated_at = UtcDateTime(allow_none=True)
    validated_by = ma.fields.String(allow_none=True)
    created_at = UtcDateTime()


class _LiaFields(ma.Schema):
    interest = _text(metadata={"description": "Purpose test: the legitimate interest pursued"})
    purpose_outcome = ma.fields.String(validate=validate.OneOf(OUTCOMES))
    necessity = _text(allow_none=True)
    necessity_outcome = ma.fields.String(validate=validate.OneOf(OUTCOMES))
    balancing = _text(allow_none=True)
    balancing_outcome = ma.fields.String(validate=validate.OneOf(OUTCOMES))
    safeguards = _text(allow_none=True)
    review_due = Date(allow_none=True, **REVIEW_RANGE)


class LiaCreateSchema(_LiaFields):
    purpose = purpose_field(required=True)
    interest = _text(required=True)
    purpose_outcome = ma.fields.String(load_default="pending", validate=validate.OneOf(OUTCOMES))
    necessity_outcome = ma.fields.String(load_default="pending", validate=validate.OneOf(OUTCOMES))
    balancing_outcome = ma.fields.String(load_default="pending", validate=validate.OneOf(OUTCOMES))


class LiaUpdateSchema(PatchSchema, _LiaFields):
    pass


class LiaSchema(LiaCreateSchema):
    id = ma.fields.UUID()
    reference = ma.fields.String()
    status = ma.fields.String()
    decided_at = UtcDateTime(allow_none=True)
    created_at = UtcDateTime()


class _AiFields(ma.Schema):
    name = Text(max_length=200)
    provider = Text(max_length=200)
    purposes = ma.fields.List(purpose_field(), validate=validate.Length(max=20))
    annex_iii = ma.fields.String(validate=validate.OneOf(ANNEX_III), metadata={
        "description": "AI Act Annex III point 4 use ('4(a)' recruitment and selection, '4(b)' "
                       "work relationships) or 'none'"})
    solely_automated = Boolean()
    significant_effect = Boolean(metadata={
        "description": "legal or similarly significant effect (Art 22(1))"})
    art22_exception = ma.fields.String(allow_none=True, validate=validate.OneOf(ART_22_EXCEPTIONS))
    logic = _text(metadata={"description": "Meaningful information about the logic involved (Art 15(1)(h))"})
    significance = _text(metadata={"description": "Significance and envisaged consequences (Art 15(1)(h))"})
    human_oversight = _text(allow_none=True)
    log_retention = Text(max_length=16, allow_none=True, validate=validate.Regexp(PERIOD_PATTERN), metadata={
        "description": "ISO 8601 period the logs are kept (AI Act Art 26(6): at least six months)"})
    information_given = _text(allow_none=True)
    dpia_id = ma.fields.UUID(allow_none=True)
    in_use = Boolean()


class AiSystemCreateSchema(_AiFields):
    name = Text(max_length=200, required=True)
    provider = Text(max_length=200, required=True)
    annex_iii = ma.fields.String(required=True, validate=validate.OneOf(ANNEX_III))
    logic = _text(required=True)
    significance = _text(required=True)


class AiSystemUpdateSchema(PatchSchema, _AiFields):
    pass


class AiSystemSchema(AiSystemCreateSchema):
    id = ma.fields.UUID()
    reference = ma.fields.String()
    created_at = UtcDateTime()


class FlagSchema(ma.Schema):
    code = ma.fields.String()
    subject = ma.fields.String()
    message = ma.fields.String()

