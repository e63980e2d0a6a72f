"""The member portal's forms: a subject request received by the member, and the consent form
(grant, renew or withdraw, for a purpose that needs consent)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from compliance.consent.rules import CHANNELS, ConsentAction
from compliance.policies import Policies
from compliance.requests.rules import RequestType
from compliance.web.forms import EMAIL_SHAPE, choices, strip
from compliance.web.requests.forms import TYPE_LABELS

ACTION_LABELS = ((ConsentAction.GRANT.value, "Consent given"), (ConsentAction.RENEW.value, "Consent renewed"),
                 (ConsentAction.WITHDRAW.value, "Consent withdrawn"))


class ConsentForm(FlaskForm):
    purpose = SelectField("Purpose")
    action = SelectField("What happened", choices=choices(ACTION_LABELS))
    scope = StringField("Client (for CV sharing only)", validators=[Optional(), Length(max=200)],
                        filters=[strip])
    channel = SelectField("How it was given", choices=choices(
        (c, c.replace("_", " ").capitalize()) for c in CHANNELS))

    def __init__(self, policies: Policies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.purpose.choices = choices(
            (p.id, p.name) for p in policies.purposes.values() if p.requires_consent)

    def data_for_service(self) -> dict:
        return {"purpose": self.purpose.data, "action": self.action.data,
                "scope": self.scope.data or None, "channel": self.channel.data,
                "evidence": {"form_id": "member-portal"}}


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
