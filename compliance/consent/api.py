"""/api/v1/subjects/{id}/consents and /api/v1/consents — thin handlers over the consent services."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint

from compliance.api_errors import errors
from compliance.auth.access import ANY_ROLE, current_actor, require_roles
from compliance.consent import renewal, services
from compliance.consent.schemas import (
    ConsentCreateSchema,
    ConsentEventSchema,
    ConsentOverviewSchema,
    ExpiringPageSchema,
    ExpiringQuerySchema,
    LinkRequestSchema,
    LinkSentSchema,
    VerdictQuerySchema,
    VerdictSchema,
)

blp = Blueprint("consents", __name__, url_prefix="/api/v1",
                description="Consent ledger with proof; the processing check; renewals")

WRITERS = ("dpo", "admin", "member")


@blp.route("/subjects/<uuid:subject_id>/consents")
class SubjectConsents(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.response(200, ConsentOverviewSchema)
    def get(self, subject_id: uuid.UUID):
        """Current state per purpose and client, and the full history with proof."""
        return services.consent_overview(current_actor(), subject_id)

    @require_roles(*WRITERS)
    @errors(blp, 409)
    @blp.arguments(ConsentCreateSchema)
    @blp.response(201, ConsentEventSchema)
    def post(self, data, subject_id: uuid.UUID):
        """Grant, renew or withdraw a consent, with who, how, which notice and evidence."""
        return services.record_consent(current_actor(), subject_id, data)


@blp.route("/subjects/<uuid:subject_id>/consents/verdict")
class SubjectVerdict(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.arguments(VerdictQuerySchema, location="query")
    @blp.response(200, VerdictSchema)
    def get(self, query, subject_id: uuid.UUID):
        """May this subject's data be processed for ``purpose`` (and client ``scope``) today?"""
        return services.check_processing(current_actor(), subject_id, query["purpose"], query["scope"])


@blp.route("/subjects/<uuid:subject_id>/consents/links")
class SubjectConsentLinks(MethodView):
    @require_roles(*WRITERS)
    @errors(blp, 409)
    @blp.arguments(LinkRequestSchema)
    @blp.response(201, LinkSentSchema)
    def post(self, data, subject_id: uuid.UUID):
        """E-mail the subject a signed one-time link to renew or withdraw (or only withdraw)."""
        return renewal.send_consent_link(current_actor(), subject_id, data["purpose"], data["scope"],
                                         data["kind"])


@blp.route("/consents/expiring")
class ExpiringConsents(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.arguments(ExpiringQuerySchema, location="query")
    @blp.response(200, ExpiringPageSchema)
    def get(self, query):
        """Consents whose validity ends within ``days`` (default 30), soonest first."""
        items, total = renewal.list_expiring(current_actor(), query["days"], query["page"],
                                             query["per_page"])
        return {"items": items, "total": total, **query}
