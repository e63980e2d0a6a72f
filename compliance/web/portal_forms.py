"""The member's consent form: grant, renew or withdraw, for a purpose that needs consent."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from compliance.consent.rules import CHANNELS
from compliance.policies import Policies
from compliance.web.forms import choices, strip

ACTION_LABELS = (("grant", "Consent given"), ("renew", "Consent renewed"), ("withdraw", "Consent withdrawn"))


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
