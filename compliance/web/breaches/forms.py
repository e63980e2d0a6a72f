"""Breach forms: reporting a breach, and recording a notification to the authority or to the
data subjects. Times are typed in the controller's zone (Tallinn)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from compliance.breaches.rules import PHASES, RECIPIENTS, Risk
from compliance.web.forms import choices, strip

LOCAL = "%Y-%m-%dT%H:%M"


class ReportForm(FlaskForm):
    aware_at = DateTimeLocalField("Became aware at (Tallinn time)", validators=[DataRequired()], format=LOCAL)
    nature = TextAreaField("What happened", validators=[DataRequired(), Length(max=10_000)], filters=[strip])
    risk = SelectField("Risk to people", choices=choices([("", "Not assessed yet")] + [
        (r.value, r.value.capitalize()) for r in Risk]))
    approx_subjects = IntegerField("People affected (approx.)", validators=[Optional(), NumberRange(min=0)])


class NotificationForm(FlaskForm):
    recipient = SelectField("Told", choices=choices(
        (r, {"authority": "Supervisory authority (Art 33)", "subjects": "Data subjects (Art 34)"}[r])
        for r in RECIPIENTS))
    phase = SelectField("Phase", choices=choices((p, p.replace("_", "-").capitalize()) for p in PHASES))
    sent_at = DateTimeLocalField("Sent at (Tallinn time)", validators=[DataRequired()], format=LOCAL)
    authority_reference = StringField("Authority's reference", validators=[Optional(), Length(max=80)])
    late_reasons = TextAreaField("Reasons for a late notification",
                                 validators=[Optional(), Length(max=10_000)], filters=[strip])
