"""The public request form (Flask-WTF: CSRF on every form)."""

from __future__ import annotations

import time

from flask import current_app
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import EmailField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from compliance.policy_context import current_policies
from compliance.requests.rules import RequestType
from compliance.subjects.rules import EMAIL_PATTERN

TYPE_CHOICES = [SelectChoice(value, label) for value, label in (
    (RequestType.ACCESS.value, "Get a copy of my data (access, Art 15)"),
    (RequestType.RECTIFICATION.value, "Correct my data (rectification, Art 16)"),
    (RequestType.ERASURE.value, "Delete my data (erasure, Art 17)"),
    (RequestType.RESTRICTION.value, "Limit the use of my data (restriction, Art 18)"),
    (RequestType.PORTABILITY.value, "Receive my data to take elsewhere (portability, Art 20)"),
    (RequestType.OBJECTION.value, "Object to the use of my data (objection, Art 21)"),
)]
KIND_CHOICES = [SelectChoice(value, label) for value, label in (
    ("candidate", "A candidate (job seeker)"),
    ("client_contact", "A contact person at a client company"),
    ("member", "A member (recruiter)"),
)]


class PublicRequestForm(FlaskForm):
    type = SelectField("What would you like us to do?", choices=TYPE_CHOICES,
                       validators=[DataRequired()])
    name = StringField("Your full name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("Your email address", validators=[DataRequired(), Length(max=254),
                                   Regexp(EMAIL_PATTERN, message="Enter a valid email address.")])
    country = StringField("Country where you live (two-letter code, e.g. EE)",
                          validators=[DataRequired(), Length(min=2, max=2)])
    kind = SelectField("You are", choices=KIND_CHOICES, validators=[DataRequired()])
    details = TextAreaField("Anything that helps us (optional)",
                            validators=[Optional(), Length(max=4000)])
    # Hidden from people (CSS and aria-hidden); robots that fill every field fill it.
    website = StringField("Leave this field empty")
    # When the form was served, signed: a form sent back sooner than a person could fill it is
    # taken for a robot.
    served = HiddenField()
    submit = SubmitField("Send request")

    def stamp(self, at: float | None = None) -> None:
        """Sign the time the form is served into it."""
        self.served.data = _stamps().dumps(time.time() if at is None else at)

    def filled_too_fast(self) -> bool:
        minimum = current_app.config["PUBLIC_FORM_MIN_FILL_SECONDS"]
        if not minimum:
            return False
        try:
            served = float(_stamps().loads(self.served.data or ""))
        except (BadSignature, TypeError, ValueError):
            return True
        return time.time() - served < minimum

    def validate_country(self, field) -> None:
        code = (field.data or "").strip().upper()
        if code not in current_policies().known_country_codes():
            raise ValidationError("Enter a two-letter country code, for example EE or DE.")
        field.data = code


class ConfirmForm(FlaskForm):
    submit = SubmitField("Confirm my request")


def _stamps() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="compliance.public.form-served")
