"""/api/v1/retention — legal holds and the preview of what falls due."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint

from compliance.api_errors import errors
from compliance.auth.access import READER_ROLES, STAFF_ROLES, current_actor, require_roles
from compliance.retention import services
from compliance.retention.schemas import (
    DueQuerySchema,
    DueReportSchema,
    HoldCreateSchema,
    HoldListSchema,
    HoldQuerySchema,
    HoldSchema,
)

blp = Blueprint("retention", __name__, url_prefix="/api/v1/retention",
                description="Retention schedule enforcement: legal holds, due items, sweeps")


@blp.route("/holds")
class Holds(MethodView):
    @require_roles(*READER_ROLES)
    @errors(blp, 404)
    @blp.arguments(HoldQuerySchema, location="query")
    @blp.response(200, HoldListSchema)
    def get(self, query):
        """A subject's legal holds, reasons decrypted (the read is audited)."""
        return {"items": services.list_holds(current_actor(), query["subject_id"],
                                             query["include_released"])}

    @require_roles(*STAFF_ROLES)
    @errors(blp, 404, 409)
    @blp.arguments(HoldCreateSchema)
    @blp.response(201, HoldSchema)
    def post(self, data):
        """Place a legal hold: sweeps and erasure leave the subject alone until released or ``until``."""
        return services.place_hold(current_actor(), data["subject_id"], data)


@blp.route("/holds/<uuid:hold_id>/release")
class HoldRelease(MethodView):
    @require_roles(*STAFF_ROLES)
    @errors(blp, 409)
    @blp.response(200, HoldSchema)
    def post(self, hold_id: uuid.UUID):
        """Release a legal hold."""
        return services.release_hold(current_actor(), hold_id)


@blp.route("/due")
class Due(MethodView):
    @require_roles(*READER_ROLES)
    @blp.arguments(DueQuerySchema, location="query")
    @blp.response(200, DueReportSchema)
    def get(self, query):
        """What a sweep would act on ``days`` from today, per category and country (dry run)."""
        return services.preview_due(query["days"])
