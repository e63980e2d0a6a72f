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
from compliance.fields import Boolean, DateTime, Integer, PatchSchema, Text, UtcDateTime
from compliance.input_policy import SINCE_GDPR, SINCE_RECORDS, TODAY
from compliance.pagination import PageQuerySchema, PageSchema
from compliance.timeutil import as_utc, utcnow

RISKS = tuple(r.value for r in Risk)
GROUNDS = tuple(g.value for g in SubjectNotificationExemption)
CLOCK_FILTERS = ("open", "running", "overdue", "notified", "notified_late", "not_required")

MAX_COUNT = 2_000_000_000  # Integer column; more people or records than any breach could touch


def _text(**kwargs) -> Text:
    return Text(max_length=10_000, multiline=True, **kwargs)


def _labels() -> ma.fields.List:
    return ma.fields.List(Text(max_length=200), validate=validate.Length(max=50))


def _aware_at(**kwargs) -> DateTime:
    return DateTime(earliest=SINCE_GDPR, latest=TODAY, metadata={
        "description": "When the controller became aware (the 72-hour clock starts here)."}, **kwargs)


class _BreachFieldsSchema(ma.Schema):
    occurred_at = DateTime(allow_none=True, earliest=SINCE_RECORDS, latest=TODAY, metadata={
        "description": "Not after aware_at."})
    discovered_how = _text(allow_none=True)
    subject_categories = _labels()
    approx_subjects = Integer(allow_none=True, minimum=0, maximum=MAX_COUNT)
    record_categories = _labels()
    approx_records = Integer(allow_none=True, minimum=0, maximum=MAX_COUNT)
    likely_consequences = _text(allow_none=True)
    measures = _text(allow_none=True)
    dpo_contact = Text(max_length=200)
    risk = ma.fields.String(allow_none=True, validate=validate.OneOf(RISKS))
    notify_decision = Boolean(allow_none=True)
    decision_reasoning = _text(allow_none=True)
    art34_ground = ma.fields.String(allow_none=True, validate=validate.OneOf(GROUNDS))
    subject_ids = ma.fields.List(ma.fields.UUID(), validate=validate.Length(max=10_000))


class BreachCreateSchema(_BreachFieldsSchema):
    aware_at = _aware_at(required=True)
    nature = _text(required=True)


class BreachUpdateSchema(PatchSchema, _BreachFieldsSchema):
    aware_at = _aware_at()
    nature = _text()
    status = ma.fields.String(validate=validate.OneOf(("open", "closed")))


class NotificationCreateSchema(ma.Schema):
    recipient = ma.fields.String(required=True, validate=validate.OneOf(RECIPIENTS))
    phase = ma.fields.String(load_default="initial", validate=validate.OneOf(PHASES))
    sent_at = DateTime(required=True, earliest=SINCE_GDPR, latest=TODAY, metadata={
        "description": "Not before the breach's aware_at."})
    authority = Text(allow_none=True, max_length=120)
    authority_reference = Text(allow_none=True, max_length=80)
    channel = Text(allow_none=True, max_length=40)
    late_reasons = _text(allow_none=True)
    summary = _text(allow_none=True)


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
