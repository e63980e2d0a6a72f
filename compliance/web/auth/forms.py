"""The sign-in form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from compliance.web.forms import EMAIL_SHAPE, strip


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), EMAIL_SHAPE, Length(max=254)],
                       filters=[strip])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
