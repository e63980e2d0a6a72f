"""/api/v1/insurance-policies and /api/v1/insurance-claims (staff write, readers read)."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint

from compliance.auth.access import READER_ROLES, STAFF_ROLES, current_actor, require_roles
from compliance.placements import insurance_services as services
from compliance.placements.insurance_schemas import (
    InsuranceClaimCreateSchema,
    InsuranceClaimQuerySchema,
    InsuranceClaimSchema,
    InsurancePolicyCreateSchema,
    InsurancePolicySchema,
)

blp = Blueprint("insurance", __name__, url_prefix="/api/v1",
                description="Professional indemnity policies and claims")


@blp.route("/insurance-policies")
class InsurancePolicies(MethodView):
    @require_roles(*READER_ROLES)
    @blp.response(200, InsurancePolicySchema(many=True))
    def get(self):
        """Policies with the aggregate used (reserved + paid) and left."""
        return services.list_insurance_policies()

    @require_roles(*STAFF_ROLES)
    @blp.arguments(InsurancePolicyCreateSchema)
    @blp.response(201, InsurancePolicySchema)
    def post(self, data):
        return services.create_insurance_policy(current_actor(), data)


@blp.route("/insurance-policies/<uuid:policy_id>")
class InsurancePolicyById(MethodView):
    @require_roles(*READER_ROLES)
    @blp.response(200, InsurancePolicySchema)
    def get(self, policy_id: uuid.UUID):
        return services.get_insurance_policy(policy_id)


@blp.route("/insurance-claims")
class InsuranceClaims(MethodView):
    @require_roles(*READER_ROLES)
    @blp.arguments(InsuranceClaimQuerySchema, location="query")
    @blp.response(200, InsuranceClaimSchema(many=True))
    def get(self, query):
        return services.list_insurance_claims(query)

    @require_roles(*STAFF_ROLES)
    @blp.arguments(InsuranceClaimCreateSchema)
    @blp.response(201, InsuranceClaimSchema)
    def post(self, data):
        """Record a claim under a policy; reserved + paid erode its aggregate."""
        return services.create_insurance_claim(current_actor(), data)


@blp.route("/insurance-claims/<uuid:claim_id>")
class InsuranceClaimById(MethodView):
    @require_roles(*READER_ROLES)
    @blp.response(200, InsuranceClaimSchema)
    def get(self, claim_id: uuid.UUID):
        return services.get_insurance_claim(claim_id)
