"""Users: who has access with which role, and creating accounts (staff only)."""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, url_for

from compliance.auth.services import create_user, list_users
from compliance.errors import Conflict, ValidationFailed
from compliance.web.access import STAFF_ROLES, page_roles, web_actor
from compliance.web.forms import apply_service_errors
from compliance.web.users.forms import ROLE_LABELS, UserForm

bp = Blueprint("users", __name__, url_prefix="/users", template_folder="templates")


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
    return render_template("users/index.html", users=list_users(), form=form, labels=ROLE_LABELS)
