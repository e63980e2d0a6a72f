"""Breach register API schemas."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from compliance.breaches.rules import (
    PHASES,
    RECIPIENTS,
    Risk,
    SubjectNotificationExemption,
    breach_clock,
    register_clock_state,
)
from compliance.fields import UtcDateTime
from compliance.pagination import PageQuerySchema, PageSchema
from compliance.timeutil import as_utc, utcnow

RISKS = tuple(r.value for r in Risk)
GROUNDS = tuple(g.value for g in SubjectNotificationExemption)
CLOCK_FILTERS = ("open", "running", "overdue", "notified", "notified_late", "not_required")



_TEXT = validate.Length(max=10_000)
_LABELS = ma.fields.List(ma.fields.String(validate=validate.Length(min=1, max=200)),
                         validate=validate.Length(max=50))


class _BreachFieldsSchema(ma.Schema):
    occurred_at = UtcDateTime(allow_none=True)
    discovered_how = ma.fields.String(allow_none=True, validate=_TEXT)
    subject_categories = _LABELS
    approx_subjects = ma.fields.Integer(allow_none=True, validate=validate.Range(min=0))
    record_categories = _LABELS
    approx_records = ma.fields.Integer(allow_none=True, validate=validate.Range(min=0))
    likely_consequences = ma.fields.String(allow_none=True, validate=_TEXT)
    measures = ma.fields.String(allow_none=True, validate=_TEXT)
    dpo_contact = ma.fields.String(validate=validate.Length(min=3, max=200))
    risk = ma.fields.String(allow_none=True, validate=validate.OneOf(RISKS))
    notify_decision = ma.fields.Boolean(allow_none=True)
    decision_reasoning = ma.fields.String(allow_none=True, validate=_TEXT)
    art34_ground = ma.fields.String(allow_none=True, validate=validate.OneOf(GROUNDS))
    subject_ids = ma.fields.List(ma.fields.UUID(), validate=validate.Length(max=10_000))


class BreachCreateSchema(_BreachFieldsSchema):
    aware_at = UtcDateTime(required=True)
    nature = ma.fields.String(required=True, validate=validate.Length(min=1, max=10_000))


class BreachUpdateSchema(_BreachFieldsSchema):
    aware_at = UtcDateTime()
    nature = ma.fields.String(validate=validate.Length(min=1, max=10_000))
    status = ma.fields.String(validate=validate.OneOf(("open", "closed")))


class NotificationCreateSchema(ma.Schema):
    recipient = ma.fields.String(required=True, validate=validate.OneOf(RECIPIENTS))
    phase = ma.fields.String(load_default="initial", validate=validate.OneOf(PHASES))
    sent_at = UtcDateTime(required=True)
    authority = ma.fields.String(allow_none=True, validate=validate.Length(max=120))
    authority_reference = ma.fields.String(allow_none=True, validate=validate.Length(max=80))
    channel = ma.fields.String(allow_none=True, validate=validate.Length(max=40))
    late_reasons = ma.fields.String(allow_none=True, validate=_TEXT)
    summary = ma.fields.String(allow_none=True, validate=_TEXT)


class NotificationSchema(NotificationCreateSchema):
    id = ma.fields.UUID()
    recorded_at = UtcDateTime()
    recorded_by = ma.fields.String()


class ClockSchema(ma.Schema):
    state = ma.fields.String()
    notify_by = UtcDateTime()
    seconds_left = ma.fields.Integer(metadata={"description": "until notify_by; negative when late"})
    notified_on_time = ma.fields.Boolean(allow_none=True)


class BreachSchema(BreachCreateSchema):
    id = ma.fields.UUID()
    reference = ma.fields.String()
    notify_by = UtcDateTime()
    notified_at = UtcDateTime(allow_none=True)
    subjects_told_at = UtcDateTime(allow_none=True)
    status = ma.fields.String()
    closed_at = UtcDateTime(allow_none=True)
    created_at = UtcDateTime()
    clock = ma.fields.Method("_clock")
    notifications = ma.fields.List(ma.fields.Nested(NotificationSchema))

    def _clock(self, breach) -> dict:
        now, aware_at = utcnow(), as_utc(breach.aware_at)
        notified_at = as_utc(breach.notified_at) if breach.notified_at else None
        clock = breach_clock(aware_at, now, notified_at)
        state = register_clock_state(aware_at, now, notified_at, breach.notify_decision)
        return ClockSchema().dump({
            "state": state, "notify_by": clock.notify_by,
            "seconds_left": clock.seconds_left, "notified_on_time": clock.notified_on_time,
        })


class BreachQuerySchema(PageQuerySchema):
    status = ma.fields.String(validate=validate.OneOf(("open", "closed")))
    clock = ma.fields.String(validate=validate.OneOf(CLOCK_FILTERS))


class BreachPageSchema(PageSchema):
    items = ma.fields.List(ma.fields.Nested(BreachSchema))
