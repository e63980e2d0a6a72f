"""Staff adding a PI policy schedule and recording a claim on the insurance page. The fields are
parsed by the API's own schemas (same rules: ISO codes, two-decimal amounts, periods in order),
then the insurance services decide; both kinds of errors land on the fields."""

from __future__ import annotations

import marshmallow as ma
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Optional

from compliance.placements.insurance_schemas import (
    CLAIM_STATUSES,
    InsuranceClaimCreateSchema,
    InsurancePolicyCreateSchema,
)
from compliance.placements.rules import ClaimStatus
from compliance.placements.schemas import PLACEMENT_TYPES
from compliance.timeutil import controller_today
from compliance.web.forms import apply_service_errors, choices, strip


def codes(text: str | None) -> list[str]:
    """"de, FR ,ee" -> ["DE", "FR", "EE"] (empty items dropped)."""
    return [part.strip().upper() for part in (text or "").split(",") if part.strip()]


def amount(text: str | None) -> str | None:
    """An amount as typed, without the spaces people put between thousands."""
    cleaned = "".join((text or "").split())
    return cleaned or None


def _flatten(problems, items=None) -> list[str]:
    """marshmallow messages: a list, or {index: [...]} for list items, named by the item typed."""
    if isinstance(problems, dict):
        def label(key):
            if isinstance(key, int) and isinstance(items, list) and key < len(items):
                return f"{items[key]}: "
            return ""
        return [f"{label(key)}{msg}" for key, value in problems.items() for msg in _flatten(value)]
    return [str(p) for p in problems]


class SchemaForm(FlaskForm):
    """A form whose data is loaded through an API schema; ``parsed()`` is None on errors."""

    schema: type[ma.Schema]

    def raw(self) -> dict:
        raise NotImplementedError

    def parsed(self) -> dict | None:
        raw = {k: v for k, v in self.raw().items() if v is not None}
        try:
            return self.schema().load(raw)
        except ma.ValidationError as error:
            messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
            self.show_errors({name: _flatten(problems, raw.get(name))
                              for name, problems in messages.items()})
            return None

    def show_errors(self, errors: dict[str, list[str]]) -> list[str]:
        unmatched = apply_service_errors(self, errors)
        if unmatched:
            self.form_errors = [*self.form_errors, *unmatched]
        return unmatched


class PolicyForm(SchemaForm):
    schema = InsurancePolicyCreateSchema

    insurer = StringField("Insurer", validators=[DataRequired()], filters=[strip])
    policy_number = StringField("Policy number", validators=[DataRequired()], filters=[strip])
    per_claim_limit = StringField("Limit per claim", validators=[DataRequired()])
    aggregate_limit = StringField("Aggregate limit", validators=[DataRequired()])
    excess = StringField("Excess", validators=[Optional()])
    currency = StringField("Currency", default="EUR", validators=[DataRequired()], filters=[strip])
    period_start = DateField("Period from", validators=[DataRequired()])
    period_end = DateField("Period to", validators=[DataRequired()])
    retroactive_date = DateField("Retroactive date", validators=[Optional()])
    territories = StringField("Territories", validators=[DataRequired()])
    excluded_jurisdictions = StringField("Excluded courts (jurisdictions)", validators=[Optional()])
    excluded_activities = SelectMultipleField(
        "Excluded activities", validators=[Optional()],
        choices=choices((t, t.replace("_", " ").capitalize()) for t in PLACEMENT_TYPES))

    def raw(self) -> dict:
        day = lambda value: value.isoformat() if value else None  # noqa: E731
        return {"insurer": self.insurer.data, "policy_number": self.policy_number.data,
                "per_claim_limit": amount(self.per_claim_limit.data),
                "aggregate_limit": amount(self.aggregate_limit.data), "excess": amount(self.excess.data),
                "currency": self.currency.data, "period_start": day(self.period_start.data),
                "period_end": day(self.period_end.data),
                "retroactive_date": day(self.retroactive_date.data),
                "territories": codes(self.territories.data),
                "excluded_jurisdictions": codes(self.excluded_jurisdictions.data),
                "excluded_activities": self.excluded_activities.data or []}


class ClaimForm(SchemaForm):
    schema = InsuranceClaimCreateSchema

    policy_id = SelectField("Policy", validators=[DataRequired()])
    claim_reference = StringField("Claim reference", validators=[DataRequired()], filters=[strip])
    notified_on = DateField("Notified on", default=controller_today, validators=[DataRequired()])
    placement_id = StringField("Placement id", validators=[Optional()], filters=[strip])
    reserved = StringField("Reserved", default="0.00", validators=[Optional()])
    paid = StringField("Paid", default="0.00", validators=[Optional()])
    status = SelectField("Status", default=ClaimStatus.OPEN.value,
                         choices=choices((s, s.capitalize()) for s in CLAIM_STATUSES))

    def __init__(self, policies: list[dict], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy_id.choices = choices([("", "Choose a policy")] + [
            (str(p["id"]), f'{p["policy_number"]} · {p["insurer"]}') for p in policies])

    def raw(self) -> dict:
        return {"policy_id": self.policy_id.data, "claim_reference": self.claim_reference.data,
                "notified_on": self.notified_on.data.isoformat() if self.notified_on.data else None,
                "placement_id": self.placement_id.data or None,
                "reserved": amount(self.reserved.data), "paid": amount(self.paid.data),
                "status": self.status.data}
