"""Accounts: create users and tokens, authenticate; each use case is one unit of work."""

from __future__ import annotations

import functools
import hashlib
import secrets
import uuid
from collections import OrderedDict
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from compliance.audit.services import PUBLIC_ACTOR, Actor, record_event
from compliance.auth.models import ApiToken, User
from compliance.auth.passwords import password_errors
from compliance.auth.rules import ROLES, Role, sign_in_backoff
from compliance.errors import Conflict, NotFound, ValidationFailed
from compliance.extensions import db
from compliance.keystore.services import cipher_for, create_cipher, keyring
from compliance.subjects.models import Subject
from compliance.subjects.rules import SubjectKind
from compliance.timeutil import as_utc, utcnow
from compliance.transaction import use_case

TOKEN_PREFIX = "cs_"  # noqa: S105 - a prefix, not a secret
MAX_TOKEN_DAYS = 366
#: A token's last use is written at most this often (not on every call).
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


@functools.cache
def _dummy_hash() -> str:
    """Compared against when the email is unknown, so both paths take the same time."""
    return generate_password_hash("not-a-real-password-but-the-same-cost")


def find_user_by_email(email: str) -> User | None:
    index = keyring().blind_index(email)
    return db.session.execute(select(User).where(User.email_index == index)).scalar_one_or_none()


def user_email(user: User) -> str:
    return cipher_for(user.id).decrypt("users", "email", user.id, user.email_ciphertext)


@use_case
def create_user(actor: Actor, email: str, role: str, password: str | None = None,
                subject_id: uuid.UUID | None = None) -> User:
    """Create a user; members must be linked to their member subject record."""
    errors = _user_errors(email, role, password, subject_id)
    if errors:
        raise ValidationFailed("The user cannot be created.", errors)
    if find_user_by_email(email) is not None:
        raise Conflict("A user with this email already exists.")
    user = User(id=uuid.uuid4(), role=role, subject_id=subject_id,
                email_index=keyring().blind_index(email))
    user.email_ciphertext = create_cipher(user.id).encrypt("users", "email", user.id, email.strip())
    user.password_hash = generate_password_hash(password) if password else None
    db.session.add(user)
    db.session.flush()
    record_event(actor, "user.created", "user", user.id, {"role": role})
    return user


def _user_errors(email: str, role: str, password: str | None, subject_id) -> dict:
    errors: dict[str, list[str]] = {}
    if "@" not in email or len(email) > 254:
        errors["email"] = ["Not a valid email address."]
    if role not in ROLES:
        errors["role"] = [f"Must be one of: {', '.join(ROLES)}."]
    if password is not None and password_errors(password, email):
        errors["password"] = password_errors(password, email)
    if role == Role.MEMBER and subject_id is None:
        errors["subject_id"] = ["A member user must be linked to a member subject."]
    elif subject_id is not None and not _is_member_record(subject_id):
        errors["subject_id"] = ["Must be the id of a member's record (not a candidate or contact)."]
    return errors


def _is_member_record(subject_id: uuid.UUID) -> bool:
    kind = db.session.execute(select(Subject.kind).where(Subject.id == subject_id)).scalar_one_or_none()
    return kind == SubjectKind.MEMBER


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (constant work either way)."""
    return check_credentials(email, password)[0]


def check_credentials(email: str, password: str) -> tuple[User | None, str | None]:
    """(user, None) for valid credentials of an active user, else (None, reason), same work.

    An account in its sign-in backoff refuses even the right password (reason ``backoff``)."""
    user = find_user_by_email(email)
    if user is None or not user.password_hash or _blocked(user):
        check_password_hash(_dummy_hash(), password)
        if user is None:
            return None, "unknown_account"
        return None, "backoff" if user.password_hash else "no_password"
    if not check_password_hash(user.password_hash, password):
        return None, "wrong_password"
    return (user, None) if user.active else (None, "inactive")


def _blocked(user: User) -> bool:
    return user.sign_in_blocked_until is not None and as_utc(user.sign_in_blocked_until) > utcnow()


@use_case
def sign_in(email: str, password: str, via: str = "web") -> User | None:
    """Check the credentials and audit the outcome: a refusal names the account it was for (if
    one exists) and why, never the email or password typed. Wrong passwords in a row put the
    account into an exponential backoff (audited as a lockout of that account)."""
    user, reason = check_credentials(email, password)
    if user is not None:
        user.failed_sign_ins, user.sign_in_blocked_until = 0, None
        record_login(user, succeeded=True)
        return user
    named = find_user_by_email(email)
    record_event(PUBLIC_ACTOR, "user.login_failed", "user" if named else None, named.id if named else None,
                 {"reason": reason, "via": via})
    if reason == "wrong_password":
        _count_failure(named)
    return None


def _count_failure(user: User) -> None:
    config = current_app.config
    user.failed_sign_ins = (user.failed_sign_ins or 0) + 1
    wait = sign_in_backoff(user.failed_sign_ins, config["LOGIN_BACKOFF_FREE_FAILURES"],
                           config["LOGIN_BACKOFF_BASE_SECONDS"], config["LOGIN_BACKOFF_MAX_SECONDS"])
    if wait:
        user.sign_in_blocked_until = utcnow() + timedelta(seconds=wait)
        record_event(PUBLIC_ACTOR, "user.login_locked_out", "user", user.id,
                     {"failures": user.failed_sign_ins, "seconds": wait,
                      "until": user.sign_in_blocked_until.isoformat(timespec="seconds")})


_LOCKOUTS_SEEN: OrderedDict[tuple[str, int], None] = OrderedDict()


@use_case
def record_lockout(client_key: str, limit: str, until: datetime) -> None:
    """Audit that sign-ins from one client are refused until ``until`` (the rate limit): once per
    client and window in this process. The client's address is not stored."""
    seen = (hashlib.sha256(client_key.encode()).hexdigest(), int(until.timestamp()))
    if seen in _LOCKOUTS_SEEN:
        return
    _LOCKOUTS_SEEN[seen] = None
    while len(_LOCKOUTS_SEEN) > 1000:
        _LOCKOUTS_SEEN.popitem(last=False)
    record_event(PUBLIC_ACTOR, "user.login_locked_out", None, None,
                 {"limit": limit, "until": until.astimezone(UTC).isoformat()})


@use_case
def record_login(user: User, succeeded: bool) -> None:
    if succeeded:
        user.last_login_at = utcnow()
    record_event(Actor(user.actor_ref, user.role), "user.login" if succeeded else "user.login_failed",
                 "user", user.id)


@use_case
def set_password(actor: Actor, user_id: uuid.UUID, password: str) -> None:
    """Give the account a new password; every session signed in before ends. Audited."""
    user = get_user(user_id)
    problems = password_errors(password, user_email(user))
    if problems:
        raise ValidationFailed("The password cannot be used.", {"password": problems})
    user.password_hash = generate_password_hash(password)
    user.failed_sign_ins, user.sign_in_blocked_until = 0, None
    end_sessions(user)
    record_event(actor, "user.password_changed", "user", user.id,
                 {"by": "self" if actor.user_id == user.id else "staff"})


@use_case
def sign_out(user: User) -> None:
    """End every session of the account: those signed in before no longer count."""
    end_sessions(user)
    record_event(Actor(user.actor_ref, user.role), "user.logout", "user", user.id)


def end_sessions(user: User) -> None:
    """Raise the account's session version (flushes; the caller's unit of work commits)."""
    user.session_version = (user.session_version or 1) + 1


@use_case
def create_token(actor: Actor, user: User, name: str | None = None, days: int | None = None) -> str:
    """Issue a bearer token that expires after ``days`` (default TOKEN_LIFETIME_DAYS); returns
    it once, stores only its hash."""
    days = current_app.config["TOKEN_LIFETIME_DAYS"] if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationFailed("The token cannot be issued.",
                               {"days": [f"Must be between 1 and {MAX_TOKEN_DAYS}."]})
    if name is not None and len(name.strip()) > 80:
        raise ValidationFailed("The token cannot be issued.", {"name": ["At most 80 characters."]})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=hash_token(token), prefix=token[:10],
                   name=(name or "").strip() or None, created_at=utcnow(),
                   expires_at=utcnow() + timedelta(days=days))
    db.session.add(row)
    db.session.flush()
    record_event(actor, "token.created", "user", user.id,
                 {"token_id": str(row.id), "expires_at": row.expires_at.isoformat(timespec="seconds")})
    return token


@use_case
def revoke_tokens(actor: Actor, user: User, token_id: uuid.UUID | None = None) -> int:
    """Revoke the user's active tokens (or the one given), each audited. Returns how many."""
    query = select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    if token_id is not None:
        query = query.where(ApiToken.id == token_id)
    rows = db.session.execute(query).scalars().all()
    for row in rows:
        row.revoked_at = utcnow()
        record_event(actor, "token.revoked", "user", user.id, {"token_id": str(row.id)})
    return len(rows)


def token_expiry(row: ApiToken) -> datetime:
    """When the token stops working (tokens issued before expiry existed: lifetime from issue)."""
    if row.expires_at is not None:
        return as_utc(row.expires_at)
    return as_utc(row.created_at) + timedelta(days=current_app.config["TOKEN_LIFETIME_DAYS"])


def user_for_token(token: str) -> User | None:
    """The active user of an unrevoked, unexpired token; its last use is recorded (to the minute)."""
    row = db.session.execute(
        select(ApiToken).where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None))
    ).scalar_one_or_none()
    if row is None or not row.user.active or token_expiry(row) <= utcnow():
        return None
    if row.last_used_at is None or utcnow() - as_utc(row.last_used_at) > TOKEN_USE_RESOLUTION:
        _record_token_use(row.id)
    return row.user


@use_case
def _record_token_use(token_id: uuid.UUID) -> None:
    db.session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow()))


def list_tokens(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (hashes only; never the token)."""
    return list(db.session.execute(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc())).scalars())


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def get_user(user_id: uuid.UUID) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


def list_users() -> list[User]:
    return list(db.session.execute(select(User).order_by(User.created_at)).scalars())
