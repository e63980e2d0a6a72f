"""Forms for the request workflow on the staff pages (CSRF through Flask-WTF)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from compliance.requests.objection_rules import RefusalGround
from compliance.requests.rules import RejectionGround
from compliance.requests.schemas import IDENTITY_METHODS
from compliance.timeutil import controller_zone, utcnow
from compliance.web.forms import EMAIL_SHAPE, choices, strip, subject_reference_field

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
        (g.value, f"{g.description.capitalize()} — {g.legal_reference}") for g in RejectionGround
        if g.selectable))
    law = StringField("Law restricting the right (Art 23 only)", validators=[Optional(), Length(max=300)],
                      filters=[strip])
    explanation = TextAreaField("Explanation for the data subject",
                                validators=[DataRequired(), Length(max=4000)], filters=[strip])


def reject_form(identity_verified: bool) -> RejectForm:
    """Once identity was verified, "identity not verified" is no longer a ground to offer."""
    form = RejectForm()
    if identity_verified:
        form.ground.choices = [c for c in form.ground.choices
                               if c.value != RejectionGround.IDENTITY_NOT_VERIFIED.value]
        if not form.is_submitted():
            form.ground.data = form.ground.choices[0].value
    return form


class ObjectionDecisionForm(FlaskForm):
    """The DPO's decision on one purpose objected to (GDPR Art 21(1)); purposes are set per request."""

    purpose = SelectField("Purpose", choices=[])
    decision = SelectField("Decision", choices=choices(
        (("upheld", "Uphold: processing for this purpose stops"),
         ("refused", "Refuse: processing goes on, on the ground below"))))
    ground = SelectField("Ground of a refusal", choices=choices(
        [("", "— (upholding)")] + [(g.value, f"{g.description.capitalize()} — {g.citation}")
                                   for g in RefusalGround]))
    balancing = TextAreaField("Balancing (required to refuse; stored encrypted)",
                              validators=[Optional(), Length(max=4000)], filters=[strip])


def objection_form(pending: list[str]) -> ObjectionDecisionForm:
    form = ObjectionDecisionForm()
    form.purpose.choices = choices((p, p.replace("_", " ")) for p in pending)
    return form


class CompleteForm(FlaskForm):
    """Rectification carries the corrected values; other rights need no input."""

    name = StringField("Corrected name", validators=[Optional(), Length(max=200)], filters=[strip])
    email = EmailField("Corrected email", validators=[Optional(), EMAIL_SHAPE, Length(max=254)],
                       filters=[strip])
    phone = StringField("Corrected phone", validators=[Optional(), Length(max=32)], filters=[strip])

    def changes(self) -> dict | None:
        values = {k: getattr(self, k).data for k in ("name", "email", "phone") if getattr(self, k).data}
        return values or None


STAFF_CHANNELS = (("email", "E-mail"), ("post", "Post"), ("phone", "Phone"), ("in_person", "In person"))
WHO = (("known", "A subject we hold (by reference)"), ("candidate", "A new candidate"),
       ("client_contact", "A new client contact"), ("member", "A new member"))


class IntakeForm(FlaskForm):
    """Staff record a request that reached the controller outside the portal and the API."""

    type = SelectField("What does the person ask for?", choices=choices(TYPE_LABELS.items()))
    channel = SelectField("How did it reach us?", choices=choices(STAFF_CHANNELS))
    received_at = DateTimeLocalField("When it reached us (Tallinn time)", validators=[DataRequired()],
                                     format="%Y-%m-%dT%H:%M")
    who = SelectField("Who is asking?", choices=choices(WHO))
    subject = subject_reference_field("Subject reference (a subject we hold)", required=False)
    name = StringField("Full name", validators=[Optional(), Length(max=200)], filters=[strip])
    email = EmailField("E-mail", validators=[Optional(), EMAIL_SHAPE, Length(max=254)], filters=[strip])
    country = StringField("Country of residence (2 letters)", validators=[Optional(), Length(min=2, max=2)],
                          filters=[lambda v: v.strip().upper() if v else v])
    details = TextAreaField("What exactly is asked (optional)", validators=[Optional(), Length(max=4000)],
                            filters=[strip])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_submitted():
            self.received_at.data = utcnow().astimezone(controller_zone()).replace(
                tzinfo=None, second=0, microsecond=0)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.who.data == "known":
            if not self.subject.data:
                self.subject.errors = [*self.subject.errors, "Give the subject's reference."]
                ok = False
        else:
            for f in (self.name, self.country):
                if not f.data:
                    f.errors = [*f.errors, "Required for a new subject."]
                    ok = False
        return ok

    def received_at_utc(self) -> datetime:
        return self.received_at.data.replace(tzinfo=controller_zone()).astimezone(UTC)

    def new_subject(self) -> dict:
        data = {"kind": self.who.data, "name": self.name.data, "country": self.country.data,
                "source": f"request_{self.channel.data}"}
        if self.email.data:
            data["email"] = self.email.data
        if self.who.data == "member":
            data["membership_start"] = self.received_at.data.date()
        return data
