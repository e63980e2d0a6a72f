"""The subject search form: one box for a reference, an exact e-mail address or an exact full
name, posted so what was typed never lands in a URL."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from compliance.web.forms import strip


class SubjectSearchForm(FlaskForm):
    query = StringField("Reference, e-mail address or full name",
                        validators=[DataRequired(), Length(max=254)], filters=[strip],
                        render_kw={"data-subject-picker": "", "autocomplete": "off"})
