"""Consent forms: for staff, the register's filters, a withdrawal and a renewal request, and
recording a consent collected outside the portal (paper form, phone call, e-mail) from the subject
page; for data subjects, the choice behind an e-mailed consent link. The forms offer what
policies/ allow; record_consent stays the authority."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from compliance.consent.rules import CHANNELS, Channel
from compliance.policy_context import current_policies
from compliance.web.forms import choices, strip

#: Channels staff record by hand ("api" is written by integrations only).
STAFF_CHANNELS = {c: {"web_form": "Web form", "email": "By e-mail", "phone": "By phone",
                      "paper": "On paper"}.get(c, c) for c in CHANNELS if c != Channel.API}
CURRENT = "current"  # the notice version the purpose names today, chosen on purpose
ACTIONS = {"grant": "Granted", "renew": "Renewed", "withdraw": "Withdrawn", "expire": "Expired"}
CHANNEL_LABELS = {c: c.replace("_", " ").capitalize() for c in CHANNELS}


def consent_purposes():
    return [p for p in current_policies().purposes.values() if p.requires_consent]


def notice_choices() -> dict[str, list]:
    """Notice versions grouped by purpose; values are ``purpose:version``."""
    notices = current_policies().notices
    groups = {"": choices([("", "Choose the notice the person saw"),
                           (CURRENT, "The purpose's current notice")])}
    for purpose in consent_purposes():
        versions = sorted(v for (notice_id, v) in notices if notice_id == purpose.notice_id)
        groups[purpose.name] = choices((f"{purpose.id}:{v}", f"{purpose.notice_id} {v}")
                                       for v in versions)
    return groups


class RecordConsentForm(FlaskForm):
    purpose = SelectField("Purpose", validators=[DataRequired()])
    scope = StringField("Client", validators=[Optional(), Length(max=200)], filters=[strip])
    # Evidence (Art 7(1)): how it was given, which notice was shown and what proves it; nothing
    # is defaulted, so a consent is never recorded in one click.
    channel = SelectField("How it was given",
                          validators=[DataRequired(message="Choose how it was given.")],
                          choices=choices([("", "Choose how it was given"), *STAFF_CHANNELS.items()]))
    notice_version = SelectField("Notice shown",
                                 validators=[DataRequired(message="Choose the notice shown.")])
    document_ref = StringField("What proves it", validators=[
        DataRequired(message="Name the proof, e.g. the signed form's number or the e-mail's date."),
        Length(max=100)], filters=[strip])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.purpose.choices = choices((p.id, p.name) for p in consent_purposes())
        self.notice_version.choices = notice_choices()

    def scoped_purposes(self) -> list[str]:
        return [p.name for p in consent_purposes() if p.scoped_to_client]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        chosen = self.notice_version.data
        if ok and chosen != CURRENT and chosen.partition(":")[0] != self.purpose.data:
            self.notice_version.errors = [*self.notice_version.errors,
                                          "This notice belongs to another purpose."]
            ok = False
        return ok

    def service_data(self) -> dict:
        """The record_consent payload: a grant with its proof."""
        evidence = {"form_id": "dashboard-entry", "document_ref": self.document_ref.data}
        version = "" if self.notice_version.data == CURRENT else self.notice_version.data
        return {"purpose": self.purpose.data, "action": "grant", "scope": self.scope.data or None,
                "channel": self.channel.data, "notice_version": version.partition(":")[2] or None,
                "evidence": evidence}


class RegisterFilterForm(FlaskForm):
    """GET filters: no CSRF (nothing changes), errors shown on the fields."""

    class Meta:
        csrf = False

    purpose = SelectField("Purpose", validators=[Optional()])
    action = SelectField("Action", choices=choices([("", "Any action"), *ACTIONS.items()]),
                         validators=[Optional()])
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.date_from.data and self.date_to.data and self.date_from.data > self.date_to.data:
            self.date_to.errors = [*self.date_to.errors, "Must not be before the start of the period."]
            ok = False
        return ok


class WithdrawForm(FlaskForm):
    subject_id = HiddenField(validators=[DataRequired()])
    purpose = HiddenField(validators=[DataRequired()])
    scope = HiddenField()
    channel = SelectField("Told us by", choices=choices(CHANNEL_LABELS.items()), default="email")


class RenewalForm(FlaskForm):
    subject_id = HiddenField(validators=[DataRequired()])
    purpose = HiddenField(validators=[DataRequired()])


class ConsentLinkForm(FlaskForm):
    renew = SubmitField("Renew my consent")
    withdraw = SubmitField("Withdraw my consent")
