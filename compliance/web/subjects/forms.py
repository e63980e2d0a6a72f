"""The subject search form: an exact e-mail address, posted so it never lands in a URL."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired, Length

from compliance.web.forms import EMAIL_SHAPE, strip


class SubjectSearchForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired(), EMAIL_SHAPE, Length(max=254)],
                       filters=[strip])
