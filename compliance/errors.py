"""Domain errors. Services raise them; handlers map them to status codes in one place.

Messages and field errors must never contain personal data (they are shown and may be logged).
"""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, errors: Mapping[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = dict(errors or {})


class ValidationFailed(DomainError):
    status = 422
    code = "validation_failed"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """Someone else changed the object first, or the object's state does not allow the action."""

    status = 409
    code = "conflict"


class ProcessingRefused(DomainError):
    """The law does not allow this processing now (restriction, objection, no valid consent...)."""

    status = 422
    code = "processing_refused"

    def __init__(self, message: str, errors: Mapping[str, list[str]] | None = None,
                 reason: str | None = None):
        super().__init__(message, errors)
        self.reason = reason
