"""Users: who has access with which role, and creating accounts (staff only)."""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from compliance.auth.rules import ROLES
from compliance.auth.services import create_user, list_users
from compliance.errors import Conflict, ValidationFailed
from compliance.web.access import STAFF_ROLES, page_roles, web_actor
from compliance.web.forms import EMAIL_SHAPE, apply_service_errors, choices, strip

bp = Blueprint("users", __name__, url_prefix="/users")
ROLE_LABELS = {"dpo": "DPO", "admin": "Admin", "member": "Member", "auditor": "Auditor"}


class UserForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), EMAIL_SHAPE, Length(max=254)],
                       filters=[strip])
    role = SelectField("Role", choices=choices((r, ROLE_LABELS.get(r, r)) for r in ROLES))
    password = PasswordField("Initial password", validators=[DataRequired(), Length(min=12, max=200)])
    subject_id = StringField("Member record id", validators=[Length(max=36)])

    def validate_subject_id(self, field) -> None:
        if field.data:
            try:
                uuid.UUID(field.data)
            except ValueError:
                raise ValidationError("Not a record id.") from None
        elif self.role.data == "member":
            raise ValidationError("A member user must be linked to their member record.")


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
    return render_template("admin/users.html", users=list_users(), form=form, labels=ROLE_LABELS)
