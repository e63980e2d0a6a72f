"""Who is calling, and may they? API calls authenticate by bearer token only (no cookies, so no
CSRF exposure); web pages by the Flask-Login session."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import request
from flask_login import current_user
from flask_smorest import abort

from compliance.audit.services import Actor
from compliance.auth.models import User
from compliance.auth.rules import READERS, STAFF, Role
from compliance.auth.services import user_for_token


def api_user() -> User | None:
    """The user named by the request's bearer token, cached for the request."""
    key = "compliance.api_user"
    if key not in request.environ:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        valid = scheme.lower() == "bearer" and token
        request.environ[key] = user_for_token(token.strip()) if valid else None
    return request.environ[key]


def require_roles(*roles: str) -> Callable:
    """Decorator for API views: 401 without a valid token, 403 with the wrong role."""
    allowed = frozenset(roles)

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            user = api_user()
            if user is None:
                abort(401, message="A valid bearer token is required.",
                      headers={"WWW-Authenticate": 'Bearer realm="compliance"'})
            if user.role not in allowed:
                abort(403, message="Your role does not allow this.")
            return view(*args, **kwargs)

        return wrapper

    return decorator


def actor_for(user: User) -> Actor:
    return Actor(user.actor_ref, role=user.role, user_id=user.id)


def current_actor() -> Actor:
    """The acting user of this request (API token first, then web session)."""
    user = api_user() if request.path.startswith("/api/") else None
    if user is None and current_user.is_authenticated:
        user = current_user
    if user is None:
        raise RuntimeError("current_actor() called without an authenticated user")
    return actor_for(user)


ANY_ROLE = tuple(r.value for r in Role)
STAFF_ROLES = tuple(STAFF)
READER_ROLES = tuple(READERS)
