"""Staff administration of accounts: deactivate, reactivate, change role, reset the password.

Each is one audited unit of work; each ends the account's sessions where it changes what the
account may do. Nobody deactivates, demotes or resets themselves here (no accidental lock-out;
one's own password is changed with ``set_password``).
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from compliance.audit.services import Actor, record_event
from compliance.auth.models import User
from compliance.auth.rules import ROLES, Role
from compliance.auth.services import end_sessions, get_user, list_users, revoke_tokens, set_password
from compliance.auth.services import user_email as _user_email
from compliance.errors import Conflict, ValidationFailed
from compliance.transaction import use_case


@dataclass(frozen=True)
class AccountRow:
    """A line of the users page: the email masked, never in full."""

    id: uuid.UUID
    email_masked: str
    role: str
    active: bool
    created_at: datetime
    last_login_at: datetime | None
    linked_record: bool  # a member account: tied to its member record, its role stays



def account_rows() -> list[AccountRow]:
    """Every account with its email masked (``k***@example.com``): nothing to audit."""
    return [AccountRow(u.id, mask_email(_user_email(u)), u.role, u.active, u.created_at,
                       u.last_login_at, u.subject_id is not None) for u in list_users()]


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


@use_case
def deactivate_user(actor: Actor, user_id: uuid.UUID) -> User:
    """The account can no longer sign in or use its tokens; its sessions end, tokens are revoked."""
    user = _other_user(actor, user_id, "deactivate")
    if not user.active:
        raise Conflict("The account is already deactivated.")
    user.active = False
    end_sessions(user)
    revoked = revoke_tokens(actor, user)
    record_event(actor, "user.deactivated", "user", user.id, {"tokens_revoked": revoked})
    return user


@use_case
def reactivate_user(actor: Actor, user_id: uuid.UUID) -> User:
    user = _other_user(actor, user_id, "reactivate")
    if user.active:
        raise Conflict("The account is already active.")
    user.active = True
    user.failed_sign_ins, user.sign_in_blocked_until = 0, None
    record_event(actor, "user.reactivated", "user", user.id)
    return user


@use_case
def change_role(actor: Actor, user_id: uuid.UUID, role: str) -> User:
    """Move an account between staff and auditor roles. A member account stays a member (it is
    tied to its member record); a staff account never becomes one."""
    user = _other_user(actor, user_id, "change the role of")
    if role not in ROLES:
        raise ValidationFailed("The role cannot be changed.",
                               {"role": [f"Must be one of: {', '.join(ROLES)}."]})
    if Role.MEMBER in (role, user.role) and role != user.role:
        raise ValidationFailed("The role cannot be changed.", {"role": [
            "Member accounts are tied to their member record: create a new account instead."]})
    if role == user.role:
        raise ValidationFailed("The role cannot be changed.", {"role": ["The account has this role."]})
    before, user.role = user.role, role
    end_sessions(user)
    record_event(actor, "user.role_changed", "user", user.id, {"from": before, "to": role})
    return user


@use_case
def reset_password(actor: Actor, user_id: uuid.UUID) -> str:
    """Give the account a new random password, returned once for staff to hand over; every
    session of the account ends and the reset is audited."""
    _other_user(actor, user_id, "reset the password of")
    temporary = secrets.token_urlsafe(15)
    set_password(actor, user_id, temporary)
    record_event(actor, "user.password_reset", "user", user_id)
    return temporary


def _other_user(actor: Actor, user_id: uuid.UUID, what: str) -> User:
    if actor.user_id == user_id:
        raise Conflict(f"You cannot {what} your own account; ask another DPO or admin.")
    return get_user(user_id)
