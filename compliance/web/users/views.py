"""Users: who has access with which role (emails masked), creating accounts, and each account's
deactivation, reactivation, role change and password reset (staff only; each audited)."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from compliance.auth import accounts
from compliance.auth.rules import Role
from compliance.auth.services import create_user
from compliance.errors import Conflict, NotFound, ValidationFailed
from compliance.web.access import STAFF_ROLES, page_roles, web_actor
from compliance.web.forms import apply_service_errors
from compliance.web.users.forms import ROLE_LABELS, AccountActionForm, RoleForm, UserForm

#: The roles an account can be moved between (a member account stays a member).
STAFF_LABELS = {role: label for role, label in ROLE_LABELS.items() if role != Role.MEMBER}

bp = Blueprint("users", __name__, url_prefix="/users", template_folder="templates")


def _page(form: UserForm, status: int = 200, new_password: tuple | None = None):
    return render_template("users/index.html", users=accounts.account_rows(), form=form,
                           labels=ROLE_LABELS, staff_labels=STAFF_LABELS,
                           new_password=new_password), status


@bp.route("", methods=["GET", "POST"])
@page_roles(*STAFF_ROLES)
def index():
    form = UserForm()
    if form.validate_on_submit():
        subject_id = uuid.UUID(form.subject_id.data) if form.subject_id.data else None
        try:
            create_user(web_actor(), form.email.data, form.role.data, form.password.data, subject_id)
        except ValidationFailed as error:
            apply_service_errors(form, error.errors)
        except Conflict as error:
            form.email.errors = [*form.email.errors, error.message]
        else:
            flash("The user was created.", "success")
            return redirect(url_for("users.index"))
    return _page(form)


ACTIONS = {
    "deactivate": (accounts.deactivate_user, "The account was deactivated; its sessions and tokens ended."),
    "reactivate": (accounts.reactivate_user, "The account was reactivated."),
}


@bp.post("/<uuid:user_id>/<any(deactivate, reactivate):action>")
@page_roles(*STAFF_ROLES)
def change_status(user_id: uuid.UUID, action: str):
    if not AccountActionForm().validate_on_submit():
        abort(400)
    operation, done = ACTIONS[action]
    return _apply(lambda: operation(web_actor(), user_id), done)


@bp.post("/<uuid:user_id>/role")
@page_roles(*STAFF_ROLES)
def change_role(user_id: uuid.UUID):
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    return _apply(lambda: accounts.change_role(web_actor(), user_id, form.role.data),
                  f"The role is now {ROLE_LABELS.get(form.role.data, form.role.data)}.")


@bp.post("/<uuid:user_id>/reset-password")
@page_roles(*STAFF_ROLES)
def reset_password(user_id: uuid.UUID):
    if not AccountActionForm().validate_on_submit():
        abort(400)
    try:
        temporary = accounts.reset_password(web_actor(), user_id)
    except NotFound:
        abort(404)
    except (Conflict, ValidationFailed) as error:
        flash(error.message, "error")
        return redirect(url_for("users.index"))
    # Shown on this answer only (never flashed: the session cookie is signed, not encrypted).
    return _page(UserForm(formdata=None), new_password=(user_id, temporary))


def _apply(operation, done: str):
    try:
        operation()
    except NotFound:
        abort(404)
    except (Conflict, ValidationFailed) as error:
        problems = "; ".join(p for ps in getattr(error, "errors", {}).values() for p in ps)
        flash(f"{error.message} {problems}".strip(), "error")
    else:
        flash(done, "success")
    return redirect(url_for("users.index"))
