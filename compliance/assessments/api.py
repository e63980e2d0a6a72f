"""/api/v1/assessments — DPIAs (Art 35-36), legitimate interests assessments (Art 6(1)(f)), the AI
systems and automated decisions in use (Art 22, AI Act), and the gaps the DPO must close."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint

from compliance.api_errors import errors
from compliance.assessments import queries, services
from compliance.assessments.schemas import (
    AiSystemCreateSchema,
    AiSystemSchema,
    AiSystemUpdateSchema,
    DpiaCreateSchema,
    DpiaSchema,
    DpiaUpdateSchema,
    FlagSchema,
    LiaCreateSchema,
    LiaSchema,
    LiaUpdateSchema,
    RiskCreateSchema,
    ValidateSchema,
)
from compliance.auth.access import READER_ROLES, STAFF_ROLES, current_actor, require_roles

blp = Blueprint("assessments", __name__, url_prefix="/api/v1/assessments",
                description="DPIAs, legitimate interests assessments, AI systems and automated decisions")


@blp.route("/dpias")
class Dpias(MethodView):
    @require_roles(*READER_ROLES)
    @blp.response(200, DpiaSchema(many=True))
    def get(self):
        """Every DPIA, newest first."""
        return services.list_dpias()

    @require_roles(*STAFF_ROLES)
    @blp.arguments(DpiaCreateSchema)
    @blp.response(201, DpiaSchema)
    def post(self, data):
        """Open a DPIA (draft) for processing activities of the record of processing."""
        return services.create_dpia(current_actor(), data)


@blp.route("/dpias/<uuid:dpia_id>")
class DpiaById(MethodView):
    @require_roles(*READER_ROLES)
    @blp.response(200, DpiaSchema)
    def get(self, dpia_id: uuid.UUID):
        """One DPIA with its risks, each rated before and after the measures."""
        return services.load_dpia(dpia_id)

    @require_roles(*STAFF_ROLES)
    @errors(blp, 409)
    @blp.arguments(DpiaUpdateSchema)
    @blp.response(200, DpiaSchema)
    def patch(self, changes, dpia_id: uuid.UUID):
        """Change a DPIA; a validated DPIA changed in substance goes back to review."""
        return services.update_dpia(current_actor(), dpia_id, changes)


@blp.route("/dpias/<uuid:dpia_id>/risks")
class DpiaRisks(MethodView):
    @require_roles(*STAFF_ROLES)
    @errors(blp, 409)
    @blp.arguments(RiskCreateSchema)
    @blp.response(200, DpiaSchema)
    def post(self, data, dpia_id: uuid.UUID):
        """Assess one feared event (illegitimate access, unwanted change, disappearance)."""
        return services.assess_risk(current_actor(), dpia_id, data)


@blp.route("/dpias/<uuid:dpia_id>/submit")
class DpiaSubmit(MethodView):
    @require_roles(*STAFF_ROLES)
    @errors(blp, 409, 422)
    @blp.response(200, DpiaSchema)
    def post(self, dpia_id: uuid.UUID):
        """End the drafting: to review, or to prior consultation (Art 36) when the residual risk is high."""
        return services.submit_dpia(current_actor(), dpia_id)


@blp.route("/dpias/<uuid:dpia_id>/validate")
class DpiaValidate(MethodView):
    @require_roles(*STAFF_ROLES)
    @errors(blp, 409)
    @blp.arguments(ValidateSchema)
    @blp.response(200, DpiaSchema)
    def post(self, data, dpia_id: uuid.UUID):
        """Validate the DPIA; 422 names what is missing (context, necessity, risks, DPO advice,
        the supervisory authority's answer when the residual risk is high)."""
        return services.validate_dpia(current_actor(), dpia_id, data.get("review_due"))


@blp.route("/lias")
class Lias(MethodView):
    @require_roles(*READER_ROLES)
    @blp.response(200, LiaSchema(many=True))
    def get(self):
        """Every legitimate interests assessment, by purpose."""
        return services.list_lias()

    @require_roles(*STAFF_ROLES)
    @blp.arguments(LiaCreateSchema)
    @blp.response(201, LiaSchema)
    def post(self, data):
        """Record the three-part test; the outcome follows from its parts."""
        return services.record_lia(current_actor(), data)


@blp.route("/lias/<uuid:lia_id>")
class LiaById(MethodView):
    @require_roles(*READER_ROLES)
    @blp.response(200, LiaSchema)
    def get(self, lia_id: uuid.UUID):
        """One legitimate interests assessment."""
        return services.load_lia(lia_id)

    @require_roles(*STAFF_ROLES)
    @errors(blp, 409)
    @blp.arguments(LiaUpdateSchema)
    @blp.response(200, LiaSchema)
    def patch(self, changes, lia_id: uuid.UUID):
        """Change the test; the outcome is decided again."""
        return services.update_lia(current_actor(), lia_id, changes)


@blp.route("/ai-systems")
class AiSystems(MethodView):
    @require_roles(*READER_ROLES)
    @blp.response(200, AiSystemSchema(many=True))
    def get(self):
        """The register of AI systems and automated decision-making uses."""
        return services.list_ai_systems()

    @require_roles(*STAFF_ROLES)
    @blp.arguments(AiSystemCreateSchema)
    @blp.response(201, AiSystemSchema)
    def post(self, data):
        """Register an AI system or automated decision-making use."""
        return services.register_ai_system(current_actor(), data)


@blp.route("/ai-systems/<uuid:system_id>")
class AiSystemById(MethodView):
    @require_roles(*READER_ROLES)
    @blp.response(200, AiSystemSchema)
    def get(self, system_id: uuid.UUID):
        """One AI system."""
        return services.load_ai_system(system_id)

    @require_roles(*STAFF_ROLES)
    @errors(blp, 409)
    @blp.arguments(AiSystemUpdateSchema)
    @blp.response(200, AiSystemSchema)
    def patch(self, changes, system_id: uuid.UUID):
        """Change an AI system's entry."""
        return services.update_ai_system(current_actor(), system_id, changes)


@blp.route("/flags")
class Flags(MethodView):
    @require_roles(*READER_ROLES)
    @blp.response(200, FlagSchema(many=True))
    def get(self):
        """What is missing: required DPIAs not validated, reviews overdue, legitimate-interests
        purposes without a validated LIA, high-risk AI without a validated DPIA, solely automated
        decisions without an Art 22(2) exception."""
        return queries.assessment_flags()
