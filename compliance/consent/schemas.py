"""Consent API schemas."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from compliance.consent.rules import CHANNELS
from compliance.fields import Boolean, PolicyChoice, QueryInteger, Text
from compliance.pagination import PageQuerySchema, PageSchema
from compliance.policy_context import current_policies

RECORDABLE_ACTIONS = ("grant", "withdraw", "renew")  # "expire" is written by the expiry job only


def purpose_field(**kwargs) -> PolicyChoice:
    """A purpose id from policies/purposes.yaml (listed as an enum in the document)."""
    return PolicyChoice(lambda: current_policies().purposes,
                        error="Unknown purpose; see policies/purposes.yaml.", **kwargs)


def scope_field(**kwargs) -> Text:
    return Text(max_length=200, metadata={"description": "The client a CV-sharing consent names"},
                **kwargs)


class EvidenceSchema(ma.Schema):
    """How the consent was collected (EDPB 05/2020 §108); stored encrypted."""

    form_id = Text(max_length=100)
    ip = ma.fields.IP()
    user_agent = Text(max_length=500)
    document_ref = Text(max_length=100)
    # GDPR Art 8(1): set when a holder of parental responsibility gave or authorised the consent.
    parental_consent = Boolean()


class ConsentCreateSchema(ma.Schema):
    purpose = purpose_field(required=True)
    action = ma.fields.String(required=True, validate=validate.OneOf(RECORDABLE_ACTIONS))
    scope = scope_field(load_default=None, allow_none=True)
    channel = ma.fields.String(required=True, validate=validate.OneOf(CHANNELS))
    notice_version = Text(load_default=None, allow_none=True, max_length=20)
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
    purpose = purpose_field(required=True)
    scope = scope_field(load_default=None)


class VerdictSchema(ma.Schema):
    allowed = ma.fields.Boolean()
    purpose = ma.fields.String()
    lawful_basis = ma.fields.String(allow_none=True)
    valid_until = ma.fields.Date(allow_none=True)
    reason = ma.fields.String(allow_none=True)
    message = ma.fields.String()


class LinkRequestSchema(ma.Schema):
    purpose = purpose_field(required=True)
    scope = scope_field(load_default=None, allow_none=True)
    kind = ma.fields.String(load_default="renewal", validate=validate.OneOf(("renewal", "withdrawal")))


class LinkSentSchema(ma.Schema):
    link_id = ma.fields.UUID()
    message_id = ma.fields.String()


class ExpiringQuerySchema(PageQuerySchema):
    days = QueryInteger(load_default=30, minimum=0, maximum=366)
    per_page = QueryInteger(load_default=100, minimum=1, maximum=100)


class ExpiringItemSchema(ma.Schema):
    subject_id = ma.fields.UUID()
    purpose = ma.fields.String()
    valid_until = ma.fields.Date()
    scoped = ma.fields.Function(lambda state: bool(state.scope_key))


class ExpiringPageSchema(PageSchema):
    items = ma.fields.List(ma.fields.Nested(ExpiringItemSchema))
    days = ma.fields.Integer()
