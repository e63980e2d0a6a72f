"""Data subject request API schemas."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from compliance.consent.schemas import purpose_field
from compliance.fields import CountryField, Date, DateTime, Email, QueryBoolean, Text, UtcDateTime
from compliance.i18n import LANGUAGES
from compliance.input_policy import SINCE_GDPR, TODAY, years_ahead
from compliance.pagination import PageQuerySchema, PageSchema
from compliance.requests.letters import LetterKind
from compliance.requests.links import PACKAGE_FORMATS
from compliance.requests.objection_rules import ObjectionDecision, RefusalGround
from compliance.requests.objections import objection_views
from compliance.requests.portability import TRANSMISSION_METHODS
from compliance.requests.rules import (
    DeadlineFlags,
    PauseReason,
    RejectionGround,
    RequestStatus,
    RequestType,
    deadline_flags,
)
from compliance.subjects.schemas import SubjectCreateSchema, date_of_birth
from compliance.timeutil import controller_today

TYPES = tuple(t.value for t in RequestType)
STATUSES = tuple(s.value for s in RequestStatus)
CHANNELS = ("api", "portal", "email", "post", "phone", "in_person")
DPO_DECISIONS = (ObjectionDecision.UPHELD.value, ObjectionDecision.REFUSED.value)
IDENTITY_METHODS = ("email_confirmation", "signed_in_account", "id_document", "known_contact",
                    "video_call", "other")


def _text(**kwargs) -> Text:
    return Text(max_length=4000, multiline=True, **kwargs)


def _told_at(description: str, **kwargs) -> DateTime:
    return DateTime(earliest=SINCE_GDPR, latest=TODAY, metadata={"description": description}, **kwargs)


class RequestCreateSchema(ma.Schema):
    type = ma.fields.String(required=True, validate=validate.OneOf(TYPES))
    subject_id = ma.fields.UUID(load_default=None)
    subject = ma.fields.Nested(SubjectCreateSchema, load_default=None)
    channel = ma.fields.String(load_default=None, validate=validate.OneOf(CHANNELS))
    received_at = DateTime(load_default=None, earliest=SINCE_GDPR, latest=TODAY, metadata={
        "description": "RFC 3339 with offset; default now; the clock runs from this moment."})
    details = _text(load_default=None)
    purposes = ma.fields.List(purpose_field(), load_default=None, validate=validate.Length(min=1, max=50),
                              metadata={"description": "Objection only: the purposes objected to "
                                        "(default: every purpose GDPR Art 21 gives a right to object to)"})


class ObjectionDecisionSchema(ma.Schema):
    purpose = purpose_field(required=True)
    decision = ma.fields.String(required=True, validate=validate.OneOf(DPO_DECISIONS))
    ground = ma.fields.String(load_default=None, validate=validate.OneOf([g.value for g in RefusalGround]),
                              metadata={"description": "A refusal's ground (GDPR Art 21(1))"})
    balancing = _text(load_default=None, metadata={
        "description": "The balancing that shows the ground; stored encrypted"})


class ObjectionSchema(ma.Schema):
    purpose = ma.fields.String()
    handling = ma.fields.String()
    decision = ma.fields.String()
    refusal_ground = ma.fields.String(allow_none=True)
    citation = ma.fields.String(allow_none=True)
    decided_at = UtcDateTime(allow_none=True)


class TransmissionCreateSchema(ma.Schema):
    recipient = Text(required=True, max_length=200, metadata={
        "description": "The receiving controller's name; stored encrypted"})
    method = ma.fields.String(required=True, validate=validate.OneOf(TRANSMISSION_METHODS))
    transmitted_at = _told_at("When the package was sent", required=True)
    format = ma.fields.String(load_default="zip", validate=validate.OneOf(("zip", "xlsx")))


class TransmissionSchema(ma.Schema):
    id = ma.fields.UUID()
    format = ma.fields.String()
    sha256 = ma.fields.String()
    method = ma.fields.String()
    transmitted_at = UtcDateTime()


class PauseSchema(ma.Schema):
    reason = ma.fields.String(required=True, validate=validate.OneOf([r.value for r in PauseReason]))


class ResumeSchema(ma.Schema):
    resumed_at = _told_at("When the person's answer arrived (default now)", load_default=None)


class LetterCreateSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=validate.OneOf([k.value for k in LetterKind]))
    language = ma.fields.String(load_default=None, validate=validate.OneOf(LANGUAGES), metadata={
        "description": "Default: the language of the person's country of residence if we have it, else en"})
    channel = ma.fields.String(load_default="email", validate=validate.OneOf(("email", "post")))


class LetterSchema(ma.Schema):
    id = ma.fields.UUID()
    kind = ma.fields.String()
    language = ma.fields.String()
    channel = ma.fields.String()
    sha256 = ma.fields.String()
    sent_at = UtcDateTime()
    text = ma.fields.String(allow_none=True, metadata={"description": "The letter as sent"})


class VerifyIdentitySchema(ma.Schema):
    method = ma.fields.String(required=True, validate=validate.OneOf(IDENTITY_METHODS))


class ExtendSchema(ma.Schema):
    reason = _text(required=True)
    notified_at = _told_at("When the data subject was told of the extension and its reasons; "
                           "not before the request was received.", required=True)


class RejectSchema(ma.Schema):
    ground = ma.fields.String(required=True, validate=validate.OneOf(
        [g.value for g in RejectionGround if g.selectable]))
    explanation = _text(required=True)
    law = Text(max_length=300, load_default=None, metadata={
        "description": "Art 23 only: the Union or member-state law (and provision) that restricts the right"})


class RectificationSchema(ma.Schema):
    name = Text(max_length=200)
    email = Email(allow_none=True)
    phone = Text(allow_none=True, max_length=32)
    country = CountryField()
    date_of_birth = date_of_birth(allow_none=True)


class CompleteSchema(ma.Schema):
    changes = ma.fields.Nested(RectificationSchema, load_default=None, metadata={
        "description": "Rectification only: the corrected fields"})


class LiftRestrictionSchema(ma.Schema):
    notified_at = _told_at("When the subject was told that the restriction will be lifted (Art 18(3)); "
                           "not before the restriction was granted.", required=True)


class RequestQuerySchema(PageQuerySchema):
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    type = ma.fields.String(validate=validate.OneOf(TYPES))
    due_before = Date(earliest=SINCE_GDPR, latest=years_ahead(1))
    overdue = QueryBoolean(load_default=None)


class PackageQuerySchema(ma.Schema):
    format = ma.fields.String(load_default="json", validate=validate.OneOf(PACKAGE_FORMATS))


class RequestSchema(ma.Schema):
    """A request without personal data; flags are computed for today in the controller's zone."""

    id = ma.fields.UUID()
    reference = ma.fields.String()
    type = ma.fields.String()
    article = ma.fields.Function(lambda r: RequestType(r.type).article)
    status = ma.fields.String()
    channel = ma.fields.String()
    subject_id = ma.fields.UUID()
    received_at = UtcDateTime()
    due_date = ma.fields.Date()
    original_due_date = ma.fields.Date()
    extended = ma.fields.Boolean()
    extended_at = UtcDateTime(allow_none=True)
    extension_notified_at = UtcDateTime(allow_none=True)
    confirmed_at = UtcDateTime(allow_none=True)
    identity_verified_at = UtcDateTime(allow_none=True)
    identity_method = ma.fields.String(allow_none=True)
    closed_at = UtcDateTime(allow_none=True)
    rejection_ground = ma.fields.String(allow_none=True)
    outcome = ma.fields.Dict(allow_none=True)
    restriction_lifted_at = UtcDateTime(allow_none=True)
    lift_notified_at = UtcDateTime(allow_none=True)
    paused_at = UtcDateTime(allow_none=True, metadata={"description": "The clock stands still since"})
    pause_reason = ma.fields.String(allow_none=True)
    paused_days = ma.fields.Integer(metadata={
        "description": "Days the clock stood still, added to the due date"})
    objections = ma.fields.Method("_objections")
    due_within_7_days = ma.fields.Method("_due_soon")
    overdue = ma.fields.Method("_overdue")
    days_left = ma.fields.Method("_days_left")

    def _flags(self, request) -> DeadlineFlags:
        closed = not RequestStatus(request.status).is_open
        return deadline_flags(request.due_date, controller_today(), closed)

    def _due_soon(self, request) -> bool:
        return self._flags(request).due_within_7_days

    def _overdue(self, request) -> bool:
        return self._flags(request).overdue

    def _objections(self, request) -> list[dict] | None:
        if request.type != RequestType.OBJECTION:
            return None
        return ObjectionSchema(many=True).dump(objection_views(request.id))

    def _days_left(self, request) -> int:
        return self._flags(request).days_left


class RequestDetailSchema(RequestSchema):
    """One request with its free text, decrypted (the read is audited)."""

    details = ma.fields.String(allow_none=True)
    extension_reason = ma.fields.String(allow_none=True)
    rejection_explanation = ma.fields.String(allow_none=True)


class RequestPageSchema(PageSchema):
    items = ma.fields.List(ma.fields.Nested(RequestSchema))


class PackageLinksSchema(ma.Schema):
    """What was sent to the subject (the links themselves go to the subject only)."""

    formats = ma.fields.List(ma.fields.String())
    expires_at = ma.fields.String()
    emailed = ma.fields.Boolean()
