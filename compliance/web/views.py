"""The web shell: sign in and out, the start page (by role), the session keep-alive, error pages."""

from __future__ import annotations

import uuid

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from compliance.auth import services as auth_services
from compliance.auth.models import User
from compliance.extensions import db, limiter, login_manager
from compliance.web.access import can_act
from compliance.web.formatting import FILTERS
from compliance.web.forms import LoginForm
from compliance.web.nav import nav_for_current_user
from compliance.web.security import init_security

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static",
               static_url_path="/assets")

#: Where each role starts, if that page exists.
START_PAGES = {"member": "portal.my_requests", "dpo": "overview.show", "admin": "overview.show",
               "auditor": "overview.show"}


@bp.record_once
def _setup(state) -> None:
    app = state.app
    init_security(app)
    app.extensions["compliance.html_error"] = render_error
    app.context_processor(_layout_context)
    app.jinja_env.filters.update(FILTERS)
    login_manager.login_view = "web.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.session_protection = "strong"


def _layout_context() -> dict:
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    return {"nav_items": nav_for_current_user(), "session_seconds": int(lifetime),
            "can_act": can_act(), "has_page": _has_page}


def _has_page(endpoint: str) -> bool:
    return endpoint in current_app.view_functions


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    try:
        return db.session.get(User, uuid.UUID(user_id))
    except ValueError:
        return None


def render_error(status: int, message: str):
    return render_template("error.html", status=status, message=message), status


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = auth_services.authenticate(form.email.data, form.password.data)
        if user is None:
            flash("Email or password is not correct.", "error")
        else:
            auth_services.record_login(user, succeeded=True)
            login_user(user)
            return redirect(_safe_next() or url_for("web.index"))
    status = 400 if request.method == "POST" else 200
    return render_template("login.html", form=form), status


def _safe_next() -> str | None:
    target = request.args.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else None


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("web.login"))


@bp.get("/")
@login_required
def index():
    start = START_PAGES.get(current_user.role)
    if start in current_app.view_functions:
        return redirect(url_for(start))
    return render_template("index.html")


@bp.get("/session/ping")
@login_required
def session_ping():
    """Keeps an active session alive (the timeout notice's "Stay signed in" button)."""
    return "", 204


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
