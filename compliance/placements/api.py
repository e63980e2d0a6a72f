"""/api/v1/placements, /api/v1/cv-submissions, /api/v1/members/{id}/authorisations."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint

from compliance.api_errors import errors
from compliance.auth.access import ANY_ROLE, READER_ROLES, current_actor, require_roles
from compliance.pagination import page_body
from compliance.placements import assessment, authorisation_services, services
from compliance.placements.insurance_schemas import PortfolioQuerySchema, PortfolioSchema
from compliance.placements.schemas import (
    AuthorisationCreateSchema,
    AuthorisationSchema,
    CoverageSchema,
    CrossBorderSchema,
    CvSubmissionCreateSchema,
    CvSubmissionQuerySchema,
    CvSubmissionSchema,
    PlacementCreateSchema,
    PlacementPageSchema,
    PlacementQuerySchema,
    PlacementSchema,
)

blp = Blueprint("placements", __name__, url_prefix="/api/v1",
                description="Placements, CV submissions, PI coverage and cross-border findings")

WRITERS = ("dpo", "admin", "member")


@blp.route("/placements")
class Placements(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.arguments(PlacementQuerySchema, location="query")
    @blp.response(200, PlacementPageSchema)
    def get(self, query):
        """List placements (members: their own), latest start first."""
        rows, total = services.list_placements(current_actor(), query, query["page"],
                                               query["per_page"])
        return page_body(rows, total, query)

    @require_roles(*WRITERS)
    @blp.arguments(PlacementCreateSchema)
    @blp.response(201, PlacementSchema)
    def post(self, data):
        """Record a placement; members only as themselves. Refused for restricted candidates."""
        return services.create_placement(current_actor(), data)


@blp.route("/placements/portfolio")
class Portfolio(MethodView):
    @require_roles(*READER_ROLES)
    @blp.arguments(PortfolioQuerySchema, location="query")
    @blp.response(200, PortfolioSchema)
    def get(self, query):
        """Every placement judged: covered/uncovered counts, findings, aggregate used and left."""
        return assessment.portfolio(query["limit"])


@blp.route("/placements/<uuid:placement_id>")
class PlacementById(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.response(200, PlacementSchema)
    def get(self, placement_id: uuid.UUID):
        return services.get_placement(current_actor(), placement_id)


@blp.route("/placements/<uuid:placement_id>/coverage")
class PlacementCoverage(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.response(200, CoverageSchema)
    def get(self, placement_id: uuid.UUID):
        """PI coverage verdict: `reasons` lists failed checks only, `checks` every check."""
        return assessment.placement_coverage(current_actor(), placement_id)


@blp.route("/placements/<uuid:placement_id>/cross-border")
class PlacementCrossBorder(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.response(200, CrossBorderSchema)
    def get(self, placement_id: uuid.UUID):
        """Services Directive regime, host-state requirement, transfers, unverified facts."""
        return assessment.placement_cross_border(current_actor(), placement_id)


@blp.route("/cv-submissions")
class CvSubmissions(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.arguments(CvSubmissionQuerySchema, location="query")
    @blp.response(200, CvSubmissionSchema(many=True))
    def get(self, query):
        return services.list_cv_submissions(current_actor(), query)

    @require_roles(*WRITERS)
    @blp.arguments(CvSubmissionCreateSchema)
    @blp.response(201, CvSubmissionSchema)
    def post(self, data):
        """Record a CV sent to a client; needs the candidate's consent to share with it."""
        return services.record_cv_submission(current_actor(), data)


@blp.route("/members/<uuid:member_id>/authorisations")
class MemberAuthorisations(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.response(200, AuthorisationSchema(many=True))
    def get(self, member_id: uuid.UUID):
        """The member's registrations and licences per state (numbers decrypted, audited)."""
        return authorisation_services.list_authorisations(current_actor(), member_id)

    @require_roles(*WRITERS)
    @errors(blp, 409)
    @blp.arguments(AuthorisationCreateSchema)
    @blp.response(201, AuthorisationSchema)
    def post(self, data, member_id: uuid.UUID):
        """Record a registration or licence; 409 once the member was erased."""
        return authorisation_services.record_authorisation(current_actor(), member_id, data)
