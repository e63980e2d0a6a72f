"""Breach forms: reporting a breach, and recording a notification to the authority or to the
data subjects. Times are typed in the controller's zone (Tallinn)."""

from __future__ import annotations

from datetime import UTC

from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from compliance.breaches.rules import PHASES, RECIPIENTS, Risk
from compliance.timeutil import as_utc
from compliance.vocabulary import words
from compliance.web.forms import choices, strip

LOCAL = "%Y-%m-%dT%H:%M"


class ReportForm(FlaskForm):
    aware_at = DateTimeLocalField("Became aware at (Tallinn time)", validators=[DataRequired()], format=LOCAL)
    nature = TextAreaField("What happened", validators=[DataRequired(), Length(max=10_000)], filters=[strip])
    risk = SelectField("Risk to people", choices=choices([("", "Not assessed yet")] + [
        (r.value, words("risk", r.value)) for r in Risk]))
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


def _labels(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


DECISIONS = (("", "Not decided yet"), ("yes", "Notify the authority"),
             ("no", "Do not notify (unlikely to be a risk)"))


class FactsForm(FlaskForm):
    """The Art 33(3) facts, edited as they become known (each change is audited by field name)."""

    occurred_at = DateTimeLocalField("Occurred at (Tallinn time, if known)", validators=[Optional()],
                                     format=LOCAL)
    discovered_how = TextAreaField("How it was discovered", validators=[Optional(), Length(max=10_000)],
                                   filters=[strip])
    nature = TextAreaField("What happened", validators=[DataRequired(), Length(max=10_000)], filters=[strip])
    subject_categories = StringField("Categories of people (comma-separated)",
                                     validators=[Optional(), Length(max=1000)], filters=[strip])
    approx_subjects = IntegerField("People affected (approx.)", validators=[Optional(), NumberRange(min=0)])
    record_categories = StringField("Categories of records (comma-separated)",
                                    validators=[Optional(), Length(max=1000)], filters=[strip])
    approx_records = IntegerField("Records affected (approx.)", validators=[Optional(), NumberRange(min=0)])
    likely_consequences = TextAreaField("Likely consequences", validators=[Optional(), Length(max=10_000)],
                                        filters=[strip])
    measures = TextAreaField("Measures taken or proposed", validators=[Optional(), Length(max=10_000)],
                             filters=[strip])
    risk = SelectField("Risk to people", choices=choices([("", "Not assessed yet")] + [
        (r.value, words("risk", r.value)) for r in Risk]))
    notify_decision = SelectField("Decision", choices=choices(DECISIONS))
    decision_reasoning = TextAreaField("Reasoning for the decision",
                                       validators=[Optional(), Length(max=10_000)], filters=[strip])

    def fill(self, breach, zone) -> None:
        for name in ("discovered_how", "nature", "approx_subjects", "approx_records",
                     "likely_consequences", "measures", "decision_reasoning"):
            getattr(self, name).data = getattr(breach, name)
        self.subject_categories.data = ", ".join(breach.subject_categories or [])
        self.record_categories.data = ", ".join(breach.record_categories or [])
        self.risk.data = breach.risk or ""
        self.notify_decision.data = {True: "yes", False: "no"}.get(breach.notify_decision, "")
        if breach.occurred_at:
            self.occurred_at.data = as_utc(breach.occurred_at).astimezone(zone).replace(tzinfo=None)

    def changes(self, zone) -> dict:
        occurred = self.occurred_at.data
        return {
            "occurred_at": occurred.replace(tzinfo=zone).astimezone(UTC) if occurred else None,
            "discovered_how": self.discovered_how.data or None, "nature": self.nature.data,
            "subject_categories": _labels(self.subject_categories.data),
            "approx_subjects": self.approx_subjects.data,
            "record_categories": _labels(self.record_categories.data),
            "approx_records": self.approx_records.data,
            "likely_consequences": self.likely_consequences.data or None,
            "measures": self.measures.data or None, "risk": self.risk.data or None,
            "notify_decision": {"yes": True, "no": False}.get(self.notify_decision.data),
            "decision_reasoning": self.decision_reasoning.data or None,
        }


class CloseForm(FlaskForm):
    """Closing needs the decision (and the notifications it calls for) on record first."""
