"""/api/v1/breaches — the breach register (GDPR Art 33(5)) and its 72-hour clocks."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint

from compliance.api_errors import errors
from compliance.auth.access import READER_ROLES, STAFF_ROLES, current_actor, require_roles
from compliance.breaches import services
from compliance.breaches.schemas import (
    BreachCreateSchema,
    BreachPageSchema,
    BreachQuerySchema,
    BreachSchema,
    BreachUpdateSchema,
    NotificationCreateSchema,
)
from compliance.pagination import page_body

blp = Blueprint("breaches", __name__, url_prefix="/api/v1/breaches",
                description="Personal data breaches: register, 72-hour clock, notifications")


@blp.route("")
class Breaches(MethodView):
    @require_roles(*READER_ROLES)
    @blp.arguments(BreachQuerySchema, location="query")
    @blp.response(200, BreachPageSchema)
    def get(self, query):
        """List breaches, newest awareness first; ``?clock=open`` lists the running clocks."""
        rows, total = services.list_breaches(query, query["page"], query["per_page"])
        return page_body(rows, total, query)

    @require_roles(*STAFF_ROLES)
    @blp.arguments(BreachCreateSchema)
    @blp.response(201, BreachSchema)
    def post(self, data):
        """Register a breach; ``notify_by`` is ``aware_at`` + 72 elapsed hours, in UTC."""
        return services.report_breach(current_actor(), data)


@blp.route("/<uuid:breach_id>")
class BreachById(MethodView):
    @require_roles(*READER_ROLES)
    @blp.response(200, BreachSchema)
    def get(self, breach_id: uuid.UUID):
        """One breach with its clock and notifications."""
        return services.load_breach(breach_id)

    @require_roles(*STAFF_ROLES)
    @errors(blp, 409)
    @blp.arguments(BreachUpdateSchema)
    @blp.response(200, BreachSchema)
    def patch(self, changes, breach_id: uuid.UUID):
        """Update facts, risk assessment, decision, Art 34(3) ground, or open/close the breach."""
        return services.update_breach(current_actor(), breach_id, changes)


@blp.route("/<uuid:breach_id>/notifications")
class BreachNotifications(MethodView):
    @require_roles(*STAFF_ROLES)
    @errors(blp, 409)
    @blp.arguments(NotificationCreateSchema)
    @blp.response(201, BreachSchema)
    def post(self, data, breach_id: uuid.UUID):
        """Record a notification to the authority (initial/follow_up/final) or to the subjects."""
        return services.record_notification(current_actor(), breach_id, data)
