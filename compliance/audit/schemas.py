"""Audit trail API schemas."""

import marshmallow as ma
from marshmallow import validate

from compliance.audit.checkpoints import FORMAT
from compliance.fields import Integer, QueryInteger, Text, UtcDateTime
from compliance.pagination import PageQuerySchema, PageSchema

HEX_64 = validate.Regexp(r"^[0-9a-f]{64}$", error="64 lower-case hexadecimal digits")


class AuditEventSchema(ma.Schema):
    id = ma.fields.Integer(metadata={"description": "Order of appending (from the database)"})
    sequence = ma.fields.Integer(allow_none=True,
                                 metadata={"description": "Place in the chain; null until sealed"})
    occurred_at = UtcDateTime(default_timezone=None)
    actor = ma.fields.String()
    action = ma.fields.String()
    object_type = ma.fields.String(allow_none=True)
    object_id = ma.fields.String(allow_none=True)
    details = ma.fields.Dict()
    prev_hash = ma.fields.String(allow_none=True)
    hash = ma.fields.String(allow_none=True)


class AuditQuerySchema(PageQuerySchema):
    action = Text(max_length=80)
    object_type = Text(max_length=40)
    object_id = Text(max_length=80)
    actor = Text(max_length=80)
    page = QueryInteger(load_default=1, minimum=1, maximum=1_000_000)
    per_page = QueryInteger(load_default=50, minimum=1, maximum=200)


class AuditPageSchema(PageSchema):
    items = ma.fields.List(ma.fields.Nested(AuditEventSchema))


class CheckpointSchema(ma.Schema):
    """A signed checkpoint exactly as issued (its signature covers every field but itself)."""

    format = ma.fields.String(required=True, validate=validate.OneOf([FORMAT]))
    sequence = Integer(required=True, minimum=1, maximum=2**63 - 1)
    hash = Text(required=True, max_length=64, validate=HEX_64)
    issued_at = Text(required=True, max_length=20, validate=validate.Regexp(
        r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", error="UTC, as issued"))
    reason = Text(required=True, max_length=20)
    key_id = Text(required=True, max_length=16, validate=validate.Regexp(r"^[0-9a-f]{16}$"))
    signature = Text(required=True, max_length=88, validate=validate.Regexp(r"^[A-Za-z0-9+/]{86}==$"))


class CheckpointQuerySchema(ma.Schema):
    limit = QueryInteger(load_default=100, minimum=1, maximum=10_000)


class CheckpointListSchema(ma.Schema):
    key_id = ma.fields.String(metadata={"description": "SHA-256 of the public key, 16 hex digits"})
    public_key = ma.fields.String(metadata={"description": "Ed25519 public key, base64 (raw 32 bytes)"})
    items = ma.fields.List(ma.fields.Nested(CheckpointSchema), metadata={"description": "Newest first"})


class HandedInSchema(ma.Schema):
    checkpoints = ma.fields.List(
        Text(max_length=600), required=True, validate=validate.Length(min=1, max=500),  # < 1 MB body
        metadata={"description": "Checkpoints as issued (JSON) or as printed on an export"})


class ProblemSchema(ma.Schema):
    code = ma.fields.String()
    sequence = ma.fields.Integer(allow_none=True)
    message = ma.fields.String()


class ChainVerdictSchema(ma.Schema):
    intact = ma.fields.Boolean()
    checked = ma.fields.Integer(metadata={"description": "Sealed events walked"})
    head_sequence = ma.fields.Integer()
    head_hash = ma.fields.String()
    pending = ma.fields.Integer(metadata={"description": "Events appended, not sealed yet"})
    checkpoints_checked = ma.fields.Integer()
    problems = ma.fields.List(ma.fields.Nested(ProblemSchema))
    first_broken_sequence = ma.fields.Integer(allow_none=True)
    reason = ma.fields.String(allow_none=True)
