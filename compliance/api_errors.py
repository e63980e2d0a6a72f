"""One error body for every API error: ``{"code", "message", "errors"}`` (and ``reason`` when
the law refuses the processing), and every 4xx an operation can answer declared with it in the
OpenAPI document.

Web pages get an HTML error page instead; the web package registers its renderer in
``app.extensions["compliance.html_error"]``.
"""

from __future__ import annotations

import http
import logging
from collections.abc import Callable

import marshmallow as ma
from flask import current_app, jsonify, request
from flask_smorest import Api, Blueprint
from werkzeug.exceptions import HTTPException, InternalServerError

from compliance.errors import DomainError

log = logging.getLogger(__name__)

API_PREFIX = "/api/"


class ErrorSchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"description": "Stable machine-readable error code"})
    message = ma.fields.String(required=True, metadata={"description": "What went wrong, for people"})
    errors = ma.fields.Dict(
        required=True, keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()),
        metadata={"description": "Field name -> problems with that field (_schema: the body as a whole)"},
    )
    reason = ma.fields.String(metadata={
        "description": "processing_refused only: why the law refuses it (e.g. restricted, legal_hold)"})


def error_body(code: str, message: str, errors: dict | None = None) -> dict:
    return {"code": code, "message": message, "errors": errors or {}}


def flatten_webargs_errors(messages: dict) -> dict[str, list[str]]:
    """webargs nests errors by location ({"json": {"name": [...]}}); the body does not."""
    flat: dict[str, list[str]] = {}
    for location_errors in messages.values():
        if isinstance(location_errors, dict):
            for field, problems in location_errors.items():
                flat[str(field)] = _as_messages(problems)
        else:
            flat.setdefault("_schema", []).extend(_as_messages(location_errors))
    return flat


def _as_messages(problems) -> list[str]:
    if isinstance(problems, list):
        return [str(p) if not isinstance(p, dict) else _dict_message(p) for p in problems]
    if isinstance(problems, dict):
        return [_dict_message(problems)]
    return [str(problems)]


def _dict_message(nested: dict) -> str:
    parts = [f"{k}: {'; '.join(_as_messages(v))}" for k, v in nested.items()]
    return "; ".join(parts)


class ComplianceApi(Api):
    ERROR_SCHEMA = ErrorSchema
    DEFAULT_ERROR_RESPONSE_NAME = None  # each operation declares the 4xx it can answer instead

    def _register_error_handlers(self):
        self._app.register_error_handler(HTTPException, self.handle_http_exception)
        self._app.register_error_handler(DomainError, handle_domain_error)
        self._app.register_error_handler(Exception, handle_unexpected_error)

    def handle_http_exception(self, error: HTTPException):
        if not request.path.startswith(API_PREFIX):
            return _html_error(error.code or 500, error.description)
        data = getattr(error, "data", None) or {}
        errors = flatten_webargs_errors(data["messages"]) if "messages" in data else data.get("errors")
        code = (error.name or "error").lower().replace(" ", "_")
        message = data.get("message") or _default_message(error)
        response = jsonify(error_body(code, message, errors))
        response.status_code = error.code or 500
        for name, value in (data.get("headers") or {}).items():
            response.headers[name] = value
        if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response


def _default_message(error: HTTPException) -> str:
    if error.code == 422:
        return "The request is not valid; see errors."
    return error.description or error.name


def handle_domain_error(error: DomainError):
    if not request.path.startswith(API_PREFIX):
        return _html_error(error.status, error.message)
    body = error_body(error.code, error.message, error.errors)
    reason = getattr(error, "reason", None)
    if reason:
        body["reason"] = reason
    return jsonify(body), error.status


def handle_unexpected_error(error: Exception):
    # Log the type and where, never the exception text: it may quote input values.
    log.error("unhandled %s at %s %s", type(error).__name__, request.method, request.path,
              exc_info=current_app.debug)
    if current_app.testing and current_app.config.get("PROPAGATE_UNEXPECTED", True):
        raise error
    if not request.path.startswith(API_PREFIX):
        return _html_error(500, InternalServerError.description)
    return jsonify(error_body("internal_error", "An unexpected error occurred.")), 500


def _html_error(status: int, message: str):
    render = current_app.extensions.get("compliance.html_error")
    if render is not None:
        return render(status, message)
    return f"{status}: {message}", status, {"Content-Type": "text/plain; charset=utf-8"}


# --- the error responses each operation declares ---------------------------------------------

#: Answered by the request layer before any handler runs (compliance.request_parsing).
BODY_ERRORS = (400, 413, 415)


def errors(blp: Blueprint, *statuses: int) -> Callable:
    """Declare the domain errors a handler can answer (404, 409, 422...), each with the Error schema."""

    def decorator(view: Callable) -> Callable:
        for status in statuses:
            view = blp.alt_response(status, http.HTTPStatus(status).name)(view)
        return view

    return decorator


def declare_common_errors(spec) -> None:
    """Add what every operation can answer: 401 and 403 (every operation needs a token and a role),
    404 where the path names an object, 400/413/415 for a body the request layer refuses, 422 where
    a body or query is parsed. Domain errors are declared on the handlers with ``errors(...)``."""
    for path, operations in spec._paths.items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            statuses = {401, 403}
            if "{" in path:
                statuses.add(404)
            if method in ("post", "put", "patch"):
                statuses.update(BODY_ERRORS)
            parameters = [p for p in operation.get("parameters", []) if isinstance(p, dict)]
            if "requestBody" in operation or any(p.get("in") == "query" for p in parameters):
                statuses.add(422)
            responses = operation.setdefault("responses", {})
            for status in sorted(statuses):
                ref = spec.components.get_ref("response", http.HTTPStatus(status).name)
                responses.setdefault(str(status), ref)
