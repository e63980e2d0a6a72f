"""/api/v1/applications: candidates' applications to vacancies and their outcome."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint

from compliance.api_errors import errors
from compliance.applications import services
from compliance.applications.schemas import (
    ApplicationCreateSchema,
    ApplicationPageSchema,
    ApplicationQuerySchema,
    ApplicationSchema,
    OutcomeSchema,
)
from compliance.auth.access import ANY_ROLE, current_actor, require_roles
from compliance.pagination import page_body

blp = Blueprint("applications", __name__, url_prefix="/api/v1/applications",
                description="Applications of candidates to vacancies and their outcome")

WRITERS = ("dpo", "admin", "member")


@blp.route("")
class Applications(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.arguments(ApplicationQuerySchema, location="query")
    @blp.response(200, ApplicationPageSchema)
    def get(self, query):
        """List applications (members: their own), newest first; nothing decrypted."""
        rows, total = services.list_applications(current_actor(), query, query["page"],
                                                 query["per_page"])
        return page_body(rows, total, query)

    @require_roles(*WRITERS)
    @blp.arguments(ApplicationCreateSchema)
    @blp.response(201, ApplicationSchema)
    def post(self, data):
        """Record an application; members only as themselves. Needs cv_sharing consent for the client."""
        return services.record_application(current_actor(), data)


@blp.route("/<uuid:application_id>")
class ApplicationById(MethodView):
    @require_roles(*ANY_ROLE)
    @errors(blp, 404)
    @blp.response(200, ApplicationSchema)
    def get(self, application_id: uuid.UUID):
        """One application, client and vacancy title decrypted (the read is audited)."""
        return services.read_application(current_actor(), application_id)


@blp.route("/<uuid:application_id>/outcome")
class ApplicationOutcome(MethodView):
    @require_roles(*WRITERS)
    @errors(blp, 404, 409)
    @blp.arguments(OutcomeSchema)
    @blp.response(200, ApplicationSchema)
    def post(self, data, application_id: uuid.UUID):
        """Record the outcome: rejected (date, stage: starts the retention clock), withdrawn, placed."""
        return services.record_outcome(current_actor(), application_id, data)
