"""Signed, expiring links: confirming a public-form request and downloading an answer package.

Tokens carry the request id (and the package format) only: never personal data in URLs.
"""

from __future__ import annotations

import hashlib
import uuid

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from compliance.errors import NotFound

CONFIRM_SALT = "compliance.requests.confirm"
PACKAGE_SALT = "compliance.requests.package"
PACKAGE_FORMATS = ("json", "xlsx", "zip")


def formats_for(request_type: str) -> tuple[str, ...]:
    """The formats an answer package is stored in: portability (Art 20) is JSON and CSV in a zip."""
    return ("zip", "xlsx") if request_type == "portability" else ("json", "xlsx")


class LinkExpired(NotFound):
    code = "link_expired"


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def confirmation_max_age() -> int:
    return int(current_app.config["CONFIRMATION_LINK_MAX_AGE"])


def package_max_age() -> int:
    return int(current_app.config["PACKAGE_LINK_MAX_AGE"])


def confirmation_token(request_id: uuid.UUID) -> str:
    return _serializer(CONFIRM_SALT).dumps({"r": str(request_id)})


def email_mark(email_index: bytes | None) -> str:
    """A short mark of the address a package link was mailed to (a hash of its blind index, which
    is itself keyed): once the subject's e-mail changes, links mailed to the old one stop working."""
    return hashlib.sha256(b"package-link:" + (email_index or b"")).hexdigest()[:16]


def package_token(request_id: uuid.UUID, fmt: str, mark: str) -> str:
    return _serializer(PACKAGE_SALT).dumps({"r": str(request_id), "f": fmt, "m": mark})


def public_url(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def read_confirmation_token(token: str) -> uuid.UUID:
    """The request id in a valid, unexpired confirmation token; else LinkExpired (404)."""
    return uuid.UUID(_load(CONFIRM_SALT, token, confirmation_max_age())["r"])


def read_package_token(token: str) -> tuple[uuid.UUID, str, str | None]:
    """(request id, format, e-mail mark) of a valid, unexpired package link."""
    data = _load(PACKAGE_SALT, token, package_max_age())
    if data.get("f") not in PACKAGE_FORMATS:
        raise LinkExpired("This link is not valid.")
    return uuid.UUID(data["r"]), data["f"], data.get("m")


def _load(salt: str, token: str, max_age: int) -> dict:
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkExpired("This link has expired.") from None
    except BadSignature:
        raise LinkExpired("This link is not valid.") from None
    if not isinstance(data, dict) or "r" not in data:
        raise LinkExpired("This link is not valid.")
    try:
        uuid.UUID(data["r"])
    except (ValueError, TypeError):
        raise LinkExpired("This link is not valid.") from None
    return data
