"""Creating a user (e-mail, role, initial password, the member record a member user is) and the
forms of the actions on an account."""

from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from compliance.auth.rules import ROLES
from compliance.web.forms import EMAIL_SHAPE, choices, strip

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


class RoleForm(FlaskForm):
    """Another role for an account (between staff and auditor roles; the service says why not)."""

    role = SelectField("New role", choices=choices((r, ROLE_LABELS.get(r, r)) for r in ROLES))


class AccountActionForm(FlaskForm):
    """Deactivate, reactivate or reset: nothing but the CSRF token."""
