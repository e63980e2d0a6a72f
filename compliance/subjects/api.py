"""/api/v1/subjects — thin handlers: parse, call one service, serialise."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint

from compliance.api_errors import errors
from compliance.auth.access import ANY_ROLE, current_actor, require_roles
from compliance.pagination import page_body
from compliance.subjects import services
from compliance.subjects.schemas import (
    SubjectCreateSchema,
    SubjectMatchesSchema,
    SubjectPageSchema,
    SubjectQuerySchema,
    SubjectSchema,
    SubjectSearchSchema,
    SubjectUpdateSchema,
)

blp = Blueprint("subjects", __name__, url_prefix="/api/v1/subjects",
                description="Data subjects: candidates, members, client contacts")

WRITERS = ("dpo", "admin", "member")


@blp.route("")
class Subjects(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.arguments(SubjectQuerySchema, location="query")
    @blp.response(200, SubjectPageSchema)
    def get(self, query):
        """List subjects without personal data (find one by e-mail: POST /subjects/search)."""
        rows, total = services.list_subjects(current_actor(), query, query["page"], query["per_page"])
        return page_body(rows, total, query)

    @require_roles(*WRITERS)
    @blp.arguments(SubjectCreateSchema)
    @blp.response(201, SubjectSchema)
    def post(self, data):
        """Register a subject; personal fields are encrypted under its own key."""
        return services.register_subject(current_actor(), data)


@blp.route("/search", methods=["POST"])
@require_roles(*ANY_ROLE)
@blp.arguments(SubjectSearchSchema)
@blp.response(200, SubjectMatchesSchema)
def search_subjects(data):
    """Exact e-mail lookup (case and spaces forgiven), decrypted and audited; auditors get 403."""
    return {"items": services.find_subjects_by_email(current_actor(), data["email"])}


@blp.route("/<uuid:subject_id>")
class SubjectById(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.response(200, SubjectSchema)
    def get(self, subject_id: uuid.UUID):
        """One subject with decrypted personal data (the read is audited)."""
        return services.read_subject(current_actor(), subject_id)

    @require_roles(*WRITERS)
    @errors(blp, 409)
    @blp.arguments(SubjectUpdateSchema)
    @blp.response(200, SubjectSchema)
    def patch(self, changes, subject_id: uuid.UUID):
        """Change fields; the audit trail records which fields changed, never the values."""
        return services.update_subject(current_actor(), subject_id, changes)
