"""Account API schemas."""

import marshmallow as ma


class MeSchema(ma.Schema):
    id = ma.fields.UUID()
    role = ma.fields.String()
    subject_id = ma.fields.UUID(allow_none=True)
