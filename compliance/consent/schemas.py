"""Consent API schemas."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from compliance.consent.rules import CHANNELS
from compliance.pagination import PageQuerySchema, PageSchema
from compliance.policy_context import current_policies

RECORDABLE_ACTIONS = ("grant", "withdraw", "renew")  # "expire" is written by the expiry job only


def _known_purpose(purpose_id: str) -> None:
    if purpose_id not in current_policies().purposes:
        raise ma.ValidationError("Unknown purpose; see policies/purposes.yaml.")


class EvidenceSchema(ma.Schema):
    """How the consent was collected (EDPB 05/2020 §108); stored encrypted."""

    form_id = ma.fields.String(validate=validate.Length(max=100))
    ip = ma.fields.IP()
    user_agent = ma.fields.String(validate=validate.Length(max=500))
    document_ref = ma.fields.String(validate=validate.Length(max=100))
    # GDPR Art 8(1): set when a holder of parental responsibility gave or authorised the consent.
    parental_consent = ma.fields.Boolean()


class ConsentCreateSchema(ma.Schema):
    purpose = ma.fields.String(required=True, validate=_known_purpose)
    action = ma.fields.String(required=True, validate=validate.OneOf(RECORDABLE_ACTIONS))
    scope = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200),
                             metadata={"description": "The client a CV-sharing consent names"})
    channel = ma.fields.String(required=True, validate=validate.OneOf(CHANNELS))
    notice_version = ma.fields.String(load_default=None, allow_none=True,
                                      validate=validate.Length(max=20))
    evidence = ma.fields.Nested(EvidenceSchema, load_default=dict)


class ConsentEventSchema(ma.Schema):
    id = ma.fields.String()
    purpose = ma.fields.String()
    action = ma.fields.String()
    scope = ma.fields.String(allow_none=True)
    occurred_at = ma.fields.String()
    valid_until = ma.fields.String(allow_none=True)
    channel = ma.fields.String()
    collected_by = ma.fields.String()
    notice_id = ma.fields.String(allow_none=True)
    notice_version = ma.fields.String(allow_none=True)
    notice_sha256 = ma.fields.String(allow_none=True)
    parental_consent = ma.fields.Boolean()
    evidence = ma.fields.Dict(allow_none=True)
    policy_version = ma.fields.String()


class ConsentStateSchema(ma.Schema):
    purpose = ma.fields.String()
    scope = ma.fields.String(allow_none=True)
    status = ma.fields.String(metadata={"description": "granted | withdrawn | expired"})
    valid_until = ma.fields.Date(allow_none=True)
    changed_at = ma.fields.AwareDateTime()
    parental_consent = ma.fields.Boolean()


class ConsentOverviewSchema(ma.Schema):
    subject_id = ma.fields.UUID()
    current = ma.fields.List(ma.fields.Nested(ConsentStateSchema))
    history = ma.fields.List(ma.fields.Nested(ConsentEventSchema))


class VerdictQuerySchema(ma.Schema):
    purpose = ma.fields.String(required=True, validate=validate.Length(max=40))
    scope = ma.fields.String(load_default=None, validate=validate.Length(max=200))


class VerdictSchema(ma.Schema):
    allowed = ma.fields.Boolean()
    purpose = ma.fields.String()
    lawful_basis = ma.fields.String(allow_none=True)
    valid_until = ma.fields.Date(allow_none=True)
    reason = ma.fields.String(allow_none=True)
    message = ma.fields.String()


class LinkRequestSchema(ma.Schema):
    purpose = ma.fields.String(required=True, validate=_known_purpose)
    scope = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    kind = ma.fields.String(load_default="renewal", validate=validate.OneOf(("renewal", "withdrawal")))


class LinkSentSchema(ma.Schema):
    link_id = ma.fields.UUID()
    message_id = ma.fields.String()


class ExpiringQuerySchema(PageQuerySchema):
    days = ma.fields.Integer(load_default=30, validate=validate.Range(min=0, max=366))
    per_page = ma.fields.Integer(load_default=100, validate=validate.Range(min=1, max=100))


class ExpiringItemSchema(ma.Schema):
    subject_id = ma.fields.UUID()
    purpose = ma.fields.String()
    valid_until = ma.fields.Date()
    scoped = ma.fields.Function(lambda state: bool(state.scope_key))


class ExpiringPageSchema(PageSchema):
    items = ma.fields.List(ma.fields.Nested(ExpiringItemSchema))
    days = ma.fields.Integer()
