"""Shared pieces of the web forms (Flask-WTF: CSRF on every form). Each feature's forms live in
compliance/web/<feature>/forms.py; field validation mirrors the services' rules, the services stay
the authority and their ValidationFailed errors are shown on the same fields."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

# Same shape check as compliance.subjects.rules.EMAIL_PATTERN (no DNS lookups, no extra package).
EMAIL_SHAPE = Regexp(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$",
                     message="Enter an email address like name@example.com.")


def strip(value):
    return value.strip() if isinstance(value, str) else value


def apply_service_errors(form: FlaskForm, errors: dict[str, list[str]]) -> list[str]:
    """Attach a service's field errors to the form's fields; returns those that match no field."""
    unmatched = []
    for name, problems in errors.items():
        field = form._fields.get(name)
        if field is None:
            unmatched.extend(f"{name}: {p}" for p in problems)
        else:
            field.errors = [*field.errors, *problems]
    return unmatched


def subject_reference_field(label: str = "Subject reference", required: bool = True) -> StringField:
    """The field every staff form names a subject with: its display reference (SUB-7K4M2-Q9XHT),
    suggested as it is typed (static/subject-picker.js), never a pasted id."""
    return StringField(label, validators=[DataRequired() if required else Optional(), Length(max=40)],
                       filters=[strip],
                       render_kw={"data-subject-picker": "", "autocomplete": "off",
                                  "spellcheck": "false"})


def resolve_subject(actor, field: StringField):
    """The subject a reference field names (visible to the actor), or None with the field's error."""
    from compliance.subjects.services import find_subject_by_reference

    subject = find_subject_by_reference(actor, field.data or "")
    if subject is None:
        field.errors = [*field.errors, "No subject has this reference (it looks like SUB-7K4M2-Q9XHT)."]
    return subject


def flatten_errors(errors: dict) -> dict[str, list[str]]:
    """Nested service errors ({"subject": {"email": [...]}}, a new subject's) as the form's own fields."""
    flat: dict[str, list[str]] = {}
    for name, problems in errors.items():
        if isinstance(problems, dict):
            for inner, messages in problems.items():
                flat.setdefault(inner, []).extend(messages)
        else:
            flat.setdefault(name, []).extend(problems)
    return flat


def choices(pairs) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]
