"""Shared pieces of the web forms (Flask-WTF: CSRF on every form). Each feature's forms live in
compliance/web/<feature>/forms.py; field validation mirrors the services' rules, the services stay
the authority and their ValidationFailed errors are shown on the same fields."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Regexp

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


def choices(pairs) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]
