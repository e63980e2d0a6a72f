"""Signing in and out, the start page (by role), the session keep-alive and the health check.

The blueprint keeps its name ``web`` (endpoints ``web.login``, ``web.index``, ...) and serves the
shared assets (compliance/web/static) at /assets as ``web.static``; the shared layout itself is
wired by compliance.web.layout."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_limiter import RequestLimit
from flask_login import current_user, login_required, login_user, logout_user

from compliance.auth import services as auth_services
from compliance.auth.models import User
from compliance.auth.rules import is_safe_next
from compliance.extensions import db, limiter, login_manager
from compliance.web.auth.forms import LoginForm

SHARED_STATIC = Path(__file__).resolve().parent.parent / "static"
bp = Blueprint("web", __name__, template_folder="templates", static_folder=str(SHARED_STATIC),
               static_url_path="/assets")

#: Where each role starts, if that page exists.
START_PAGES = {"member": "portal.my_requests", "dpo": "overview.show", "admin": "overview.show",
               "auditor": "overview.show"}


@bp.record_once
def _setup(state) -> None:
    login_manager.login_view = "web.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.session_protection = "strong"


#: The session key holding the account's session version at sign-in.
SESSION_VERSION_KEY = "_session_version"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in user, unless the session predates a sign-out, password change or
    deactivation of the account (its session version moved on): then nobody."""
    try:
        user = db.session.get(User, uuid.UUID(user_id))
    except ValueError:
        return None
    if user is None or session.get(SESSION_VERSION_KEY) != user.session_version:
        return None
    return user


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _audit_lockout(limit: RequestLimit) -> None:
    """The rate limit refuses this client's sign-ins for now: the trail records it."""
    auth_services.record_lockout(limit.key, str(limit.limit), datetime.fromtimestamp(limit.reset_at, UTC))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], on_breach=_audit_lockout)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = auth_services.sign_in(form.email.data, form.password.data)  # audits either way
        if user is None:
            flash("Email or password is not correct.", "error")
        else:
            session.clear()  # nothing from before sign-in is carried into the signed-in session
            login_user(user)
            session[SESSION_VERSION_KEY] = user.session_version
            return redirect(_safe_next() or url_for("web.index"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


def _safe_next() -> str | None:
    target = request.args.get("next", "")
    return target if is_safe_next(target) else None


@bp.post("/logout")
@login_required
def logout():
    auth_services.sign_out(current_user._get_current_object())  # ends copies of the cookie too
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("web.login"))


@bp.get("/")
@login_required
def index():
    start = START_PAGES.get(current_user.role)
    if start in current_app.view_functions:
        return redirect(url_for(start))
    return render_template("auth/index.html")


@bp.get("/session/ping")
@login_required
def session_ping():
    """Keeps an active session alive (the timeout notice's "Stay signed in" button)."""
    return "", 204


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
