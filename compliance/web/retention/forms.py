"""Retention forms: the preview's horizon, placing a legal hold, and confirming a sweep."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from compliance.web.forms import strip, subject_reference_field

DEFAULT_PREVIEW_DAYS = 30


class PreviewForm(FlaskForm):
    class Meta:
        csrf = False  # a GET that changes nothing

    days = IntegerField("Days ahead", default=DEFAULT_PREVIEW_DAYS,
                        validators=[Optional(), NumberRange(min=0, max=3660, message="Between 0 and 3660.")])


class HoldForm(FlaskForm):
    subject = subject_reference_field()
    reason = TextAreaField("Reason", filters=[strip], validators=[DataRequired(), Length(min=3, max=1000)])
    until = DateField("Until (leave empty: until released)", validators=[Optional()])
    record_type = StringField("Record type (only to hold one record)", filters=[strip],
                              validators=[Optional(), Length(max=40)])
    record_id = StringField("Record id", filters=[strip], validators=[Optional(), Length(max=64)])


class ConfirmSweepForm(FlaskForm):
    confirm = BooleanField(
        "I have checked the dry run: erase or anonymise these subjects now. This cannot be undone.",
        validators=[DataRequired(message="Tick the box to confirm the sweep.")])
