"""/api/v1/subject-requests — thin handlers: parse, call one service, serialise."""

from __future__ import annotations

import uuid

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from compliance.api_errors import errors
from compliance.auth.access import ANY_ROLE, STAFF_ROLES, current_actor, require_roles
from compliance.pagination import page_body
from compliance.requests import public_services, services
from compliance.requests.fulfilment import MIMETYPES
from compliance.requests.schemas import (
    CompleteSchema,
    ExtendSchema,
    LetterCreateSchema,
    LetterSchema,
    LiftRestrictionSchema,
    ObjectionDecisionSchema,
    PackageLinksSchema,
    PackageQuerySchema,
    PauseSchema,
    RejectSchema,
    RequestCreateSchema,
    RequestDetailSchema,
    RequestPageSchema,
    RequestQuerySchema,
    RequestSchema,
    ResumeSchema,
    TransmissionCreateSchema,
    TransmissionSchema,
    VerifyIdentitySchema,
)

blp = Blueprint("subject_requests", __name__, url_prefix="/api/v1/subject-requests",
                description="Data subject requests (GDPR Art 15-21): intake, clock, fulfilment")

SUBMITTERS = ("dpo", "admin", "member")


@blp.route("")
class SubjectRequests(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.arguments(RequestQuerySchema, location="query")
    @blp.response(200, RequestPageSchema)
    def get(self, query):
        """List requests, most urgent first; members see the ones they submitted."""
        rows, total = services.list_requests(current_actor(), query, query["page"], query["per_page"])
        return page_body(rows, total, query)

    @require_roles(*SUBMITTERS)
    @errors(blp, 404)
    @blp.arguments(RequestCreateSchema)
    @blp.response(201, RequestSchema)
    def post(self, data):
        """Record a request; the due date runs from ``received_at`` (default now).

        About a subject already erased, the request is recorded but its details are not kept
        (their key is gone); the audit trail names the text not kept."""
        return services.submit_request(current_actor(), data)


@blp.route("/<uuid:request_id>")
class SubjectRequestById(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.response(200, RequestDetailSchema)
    def get(self, request_id: uuid.UUID):
        """One request with its free text decrypted (the read is audited)."""
        return services.read_request(current_actor(), request_id)


@blp.route("/<uuid:request_id>/verify-identity", methods=["POST"])
@require_roles(*STAFF_ROLES)
@errors(blp, 409)
@blp.arguments(VerifyIdentitySchema)
@blp.response(200, RequestSchema)
def verify_identity(data, request_id: uuid.UUID):
    """Record how identity was checked; the request goes in progress."""
    return services.verify_identity(current_actor(), request_id, data["method"])


@blp.route("/<uuid:request_id>/pause", methods=["POST"])
@require_roles(*STAFF_ROLES)
@errors(blp, 409)
@blp.arguments(PauseSchema)
@blp.response(200, RequestSchema)
def pause(data, request_id: uuid.UUID):
    """Stop the clock while waiting for proof of identity or a clarification (EDPB 01/2022 §159)."""
    return services.pause_request(current_actor(), request_id, data["reason"])


@blp.route("/<uuid:request_id>/resume", methods=["POST"])
@require_roles(*STAFF_ROLES)
@errors(blp, 409)
@blp.arguments(ResumeSchema)
@blp.response(200, RequestSchema)
def resume(data, request_id: uuid.UUID):
    """Restart the clock; the days it stood still are added to the due date."""
    return services.resume_request(current_actor(), request_id, data.get("resumed_at"))


@blp.route("/<uuid:request_id>/extend", methods=["POST"])
@require_roles(*STAFF_ROLES)
@errors(blp, 409)
@blp.arguments(ExtendSchema)
@blp.response(200, RequestSchema)
def extend(data, request_id: uuid.UUID):
    """The one extension: three months from receipt; the subject must have been told.

    About a subject already erased, the reason is not kept (the audit trail says so)."""
    return services.extend_request(current_actor(), request_id, data["reason"], data["notified_at"])


@blp.route("/<uuid:request_id>/complete", methods=["POST"])
@require_roles(*STAFF_ROLES)
@errors(blp, 409)
@blp.arguments(CompleteSchema)
@blp.response(200, RequestSchema)
def complete(data, request_id: uuid.UUID):
    """Fulfil the right (package, correction, erasure, restriction, objection) and close."""
    return services.complete_request(current_actor(), request_id, data.get("changes"))


@blp.route("/<uuid:request_id>/reject", methods=["POST"])
@require_roles(*STAFF_ROLES)
@errors(blp, 409)
@blp.arguments(RejectSchema)
@blp.response(200, RequestSchema)
def reject(data, request_id: uuid.UUID):
    """Refuse with a ground from the fixed list and an explanation for the subject (an Art 23
    restriction names its law). Holding no data is an answer: POST .../no-data-held."""
    return services.reject_request(current_actor(), request_id, data["ground"], data["explanation"],
                                   data.get("law"))


@blp.route("/<uuid:request_id>/no-data-held", methods=["POST"])
@require_roles(*STAFF_ROLES)
@errors(blp, 409)
@blp.response(200, RequestSchema)
def no_data_held(request_id: uuid.UUID):
    """Answer that no personal data about the person is held (an answer, not a refusal)."""
    return services.answer_no_data_held(current_actor(), request_id)


@blp.route("/<uuid:request_id>/objection-decisions", methods=["POST"])
@require_roles(*STAFF_ROLES)
@errors(blp, 404, 409)
@blp.arguments(ObjectionDecisionSchema)
@blp.response(200, RequestSchema)
def decide_objection(data, request_id: uuid.UUID):
    """Uphold or refuse the objection to one Art 6(1)(e)/(f) purpose (GDPR Art 21(1)); a refusal
    names its ground and records the balancing (encrypted)."""
    return services.decide_objection(current_actor(), request_id, data)


@blp.route("/<uuid:request_id>/transmissions", methods=["POST"])
@require_roles(*STAFF_ROLES)
@errors(blp, 409)
@blp.arguments(TransmissionCreateSchema)
@blp.response(201, TransmissionSchema)
def transmit(data, request_id: uuid.UUID):
    """Record that a portability package was sent directly to another controller (Art 20(2))."""
    return services.record_transmission(current_actor(), request_id, data)


@blp.route("/<uuid:request_id>/letters", methods=["POST"])
@require_roles(*STAFF_ROLES)
@errors(blp, 409)
@blp.arguments(LetterCreateSchema)
@blp.response(201, LetterSchema)
def send_letter(data, request_id: uuid.UUID):
    """Write to the person (acknowledgement, extension notice, answer, refusal) in their language;
    kept encrypted with its SHA-256; an answer or refusal is recorded as "answer sent"."""
    return services.send_letter(current_actor(), request_id, data["kind"], data["language"], data["channel"])


@blp.route("/<uuid:request_id>/lift-restriction", methods=["POST"])
@require_roles(*STAFF_ROLES)
@errors(blp, 409)
@blp.arguments(LiftRestrictionSchema)
@blp.response(200, RequestSchema)
def lift_restriction(data, request_id: uuid.UUID):
    """Lift the restriction this request granted, once the subject was told (Art 18(3))."""
    return services.lift_restriction(current_actor(), request_id, data["notified_at"])


@blp.route("/<uuid:request_id>/package", methods=["GET"])
@require_roles(*STAFF_ROLES)
@errors(blp, 409)
@blp.arguments(PackageQuerySchema, location="query")
@blp.doc(responses={"200": {"description": "The package as a download", "content": {
    MIMETYPES["json"]: {"schema": {"type": "object"}},
    MIMETYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}}}}})
def package(query, request_id: uuid.UUID):
    """The answer package exactly as recorded (SHA-256 in the outcome); audited."""
    content, name, mimetype = public_services.download_package(current_actor(), request_id,
                                                               query["format"])
    return _attachment(content, name, mimetype)


@blp.route("/<uuid:request_id>/package-links", methods=["POST"])
@require_roles(*STAFF_ROLES)
@errors(blp, 409)
@blp.response(200, PackageLinksSchema)
def package_links(request_id: uuid.UUID):
    """Expiring download links for the subject, emailed to their known address."""
    return public_services.send_package_links(current_actor(), request_id)


def _attachment(content: bytes, name: str, mimetype: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
