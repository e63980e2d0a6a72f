"""The export form: one per workbook, with the filters that workbook takes."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from compliance.web.consent.views import consent_purposes
from compliance.web.forms import choices, strip


class ExportForm(FlaskForm):
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])
    purpose = SelectField("Purpose", validators=[Optional()])
    policy_number = StringField("Policy number", filters=[strip], validators=[Optional(), Length(max=60)])
    format = SelectField("Format", default="xlsx", choices=choices([
        ("xlsx", "Workbook (.xlsx)"), ("pdf", "PDF document to read and print (.pdf)")]))


def export_form(name: str) -> ExportForm:
    form = ExportForm(prefix=name)
    form.purpose.choices = choices([("", "Every purpose"), *consent_purposes().items()])
    return form
