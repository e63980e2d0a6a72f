"""Forms for the request workflow and the member portal (CSRF through Flask-WTF)."""

from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeLocalField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from compliance.requests.rules import RejectionGround, RequestType
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
        return self.notified_at.data.replace(tzinfo=controller_zone())


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


class NewRequestForm(FlaskForm):
    """A member records a request received from a candidate, a client contact or themselves."""

    type = SelectField("What does the person ask for?", choices=choices(
        (t.value, TYPE_LABELS[t.value]) for t in RequestType))
    who = SelectField("Who is asking?", choices=choices((
        ("candidate", "A candidate"), ("client_contact", "A client contact"), ("self", "Myself"))))
    name = StringField("Their full name", validators=[Optional(), Length(max=200)], filters=[strip])
    email = EmailField("Their email", validators=[Optional(), EMAIL_SHAPE, Length(max=254)],
                       filters=[strip])
    country = StringField("Country of residence (2 letters)", validators=[Optional(), Length(min=2, max=2)],
                          filters=[lambda v: v.strip().upper() if v else v])
    received_on = DateField("Date the request reached you", validators=[Optional()])
    details = TextAreaField("What exactly is asked (optional)", validators=[Optional(), Length(max=4000)],
                            filters=[strip])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.who.data != "self":
            for f in (self.name, self.email, self.country):
                if not f.data:
                    f.errors = [*f.errors, "Required unless the request is your own."]
                    ok = False
        return ok
