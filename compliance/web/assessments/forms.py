"""Assessment forms: opening a DPIA, scoring a feared event, the DPIA's texts and prior
consultation, recording an LIA, registering an AI system. The services stay the authority."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from compliance.assessments.rules import ANNEX_III, RISK_KINDS, CheckOutcome, Level
from compliance.web.assessments.matrix import LABELS
from compliance.web.forms import choices, strip

LEVEL_CHOICES = [(str(level.value), f"{level.value} — {level.label}") for level in Level]
OUTCOME_CHOICES = [(o.value, o.value.capitalize()) for o in CheckOutcome]
TEXT = {"validators": [Optional(), Length(max=20_000)], "filters": [strip]}
NO_PERSONAL_DATA = "Describe the processing; do not name people."


class DpiaForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)], filters=[strip])
    activities = SelectMultipleField("Processing activities", validators=[DataRequired()])


class DpiaTextsForm(FlaskForm):
    context = TextAreaField("Context: the processing, its purposes, data and supporting assets", **TEXT)
    necessity = TextAreaField("Necessity and proportionality (Art 35(7)(b)) and the people's rights", **TEXT)
    dpo_opinion = TextAreaField("The DPO's advice (Art 35(2))", **TEXT)
    subjects_opinion = TextAreaField("The views of the people concerned (Art 35(9))", **TEXT)


class ConsultationForm(FlaskForm):
    consultation_authority = StringField("Supervisory authority",
                                         validators=[DataRequired(), Length(max=120)], filters=[strip])
    consultation_submitted_on = DateField("Submitted on", validators=[DataRequired()])
    consultation_answered_on = DateField("Answered on", validators=[Optional()])
    consultation_outcome = TextAreaField("The authority's answer", **TEXT)


class RiskForm(FlaskForm):
    kind = SelectField("Feared event", choices=choices((k, LABELS[k]) for k in RISK_KINDS))
    severity_before = SelectField("Severity before the measures", choices=choices(LEVEL_CHOICES))
    likelihood_before = SelectField("Likelihood before the measures", choices=choices(LEVEL_CHOICES))
    measures = TextAreaField("Measures", **TEXT)
    severity_after = SelectField("Severity after the measures", choices=choices(LEVEL_CHOICES))
    likelihood_after = SelectField("Likelihood after the measures", choices=choices(LEVEL_CHOICES))


class ValidateForm(FlaskForm):
    review_due = DateField("Next review", validators=[Optional()])


class LiaForm(FlaskForm):
    purpose = SelectField("Purpose (Art 6(1)(f))")
    interest = TextAreaField("Purpose test: the legitimate interest pursued",
                             validators=[DataRequired(), Length(max=20_000)], filters=[strip])
    purpose_outcome = SelectField("Purpose test", choices=choices(OUTCOME_CHOICES))
    necessity = TextAreaField("Necessity test: is the processing necessary, is there a less intrusive way?",
                              **TEXT)
    necessity_outcome = SelectField("Necessity test", choices=choices(OUTCOME_CHOICES))
    balancing = TextAreaField("Balancing test: the people's interests, rights and reasonable expectations",
                              **TEXT)
    balancing_outcome = SelectField("Balancing test", choices=choices(OUTCOME_CHOICES))
    safeguards = TextAreaField("Safeguards", **TEXT)


class AiSystemForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)], filters=[strip])
    provider = StringField("Provider", validators=[DataRequired(), Length(max=200)], filters=[strip])
    purposes = SelectMultipleField("Purposes it serves", validators=[Optional()])
    annex_iii = SelectField("AI Act Annex III", choices=choices(
        (a, {"4(a)": "4(a) recruitment and selection", "4(b)": "4(b) work relationships",
             "none": "Not listed"}[a]) for a in ANNEX_III))
    solely_automated = BooleanField("Decisions are based solely on automated processing")
    significant_effect = BooleanField("Decisions have legal or similarly significant effects")
    logic = TextAreaField("The logic involved (Art 15(1)(h))",
                          validators=[DataRequired(), Length(max=20_000)], filters=[strip])
    significance = TextAreaField("Significance and envisaged consequences for the person",
                                 validators=[DataRequired(), Length(max=20_000)], filters=[strip])
    human_oversight = TextAreaField("Human oversight", **TEXT)
    log_retention = StringField("Logs kept for (ISO 8601, e.g. P6M)", validators=[Optional(), Length(max=16)],
                                filters=[strip])
    dpia_id = SelectField("DPIA")
