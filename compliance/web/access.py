"""Who may see a page: session sign-in plus a role check. Members get the same 403 for another
member's record as for a missing one (the services decide; pages only map the error)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import abort
from flask_login import current_user, login_required

from compliance.audit.services import Actor
from compliance.auth.access import actor_for
from compliance.auth.rules import READERS, STAFF, Role

STAFF_ROLES = tuple(sorted(STAFF))
READER_ROLES = tuple(sorted(READERS))
MEMBER_ROLES = (Role.MEMBER.value,)


def page_roles(*roles: str) -> Callable:
    """Decorator for pages: sign-in required (redirect to /login), then 403 for other roles."""
    allowed = frozenset(roles)

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if current_user.role not in allowed:
                abort(403, "Your role does not allow this page.")
            return view(*args, **kwargs)

        return login_required(wrapper)

    return decorator


def web_actor() -> Actor:
    """The signed-in user as an audit actor."""
    return actor_for(current_user)


def can_act() -> bool:
    """Staff act; auditors only read."""
    return current_user.is_authenticated and current_user.role in STAFF
