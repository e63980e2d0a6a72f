"""Forms for the request workflow on the staff pages (CSRF through Flask-WTF)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from compliance.requests.rules import RejectionGround
from compliance.requests.schemas import IDENTITY_METHODS
from compliance.timeutil import controller_zone, utcnow
from compliance.web.forms import EMAIL_SHAPE, choices, strip

TYPE_LABELS = {"access": "Access (Art 15)", "rectification": "Rectification (Art 16)",
               "erasure": "Erasure (Art 17)", "restriction": "Restriction (Art 18)",
               "portability": "Portability (Art 20)", "objection": "Objection (Art 21)"}
METHOD_LABELS = {m: m.replace("_", " ").capitalize() for m in IDENTITY_METHODS}


class VerifyForm(FlaskForm):
    method = SelectField("How was identity verified?", choices=choices(METHOD_LABELS.items()))


class ExtendForm(FlaskForm):
    reason = TextAreaField("Reason for the extension", validators=[DataRequired(), Length(max=4000)],
                           filters=[strip])
    notified_at = DateTimeLocalField("When the data subject was told (Tallinn time)",
                                     validators=[DataRequired()], format="%Y-%m-%dT%H:%M")

    def notified_at_utc(self) -> datetime:
        return self.notified_at.data.replace(tzinfo=controller_zone()).astimezone(UTC)


def extend_form() -> ExtendForm:
    form = ExtendForm()
    if not form.is_submitted():
        form.notified_at.data = utcnow().astimezone(controller_zone()).replace(
            tzinfo=None, second=0, microsecond=0)
    return form


class RejectForm(FlaskForm):
    ground = SelectField("Ground", choices=choices(
        (g.value, f"{g.description.capitalize()} — {g.legal_reference}") for g in RejectionGround))
    explanation = TextAreaField("Explanation for the data subject",
                                validators=[DataRequired(), Length(max=4000)], filters=[strip])


class CompleteForm(FlaskForm):
    """Rectification carries the corrected values; other rights need no input."""

    name = StringField("Corrected name", validators=[Optional(), Length(max=200)], filters=[strip])
    email = EmailField("Corrected email", validators=[Optional(), EMAIL_SHAPE, Length(max=254)],
                       filters=[strip])
    phone = StringField("Corrected phone", validators=[Optional(), Length(max=32)], filters=[strip])

    def changes(self) -> dict | None:
        values = {k: getattr(self, k).data for k in ("name", "email", "phone") if getattr(self, k).data}
        return values or None
