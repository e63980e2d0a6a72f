"""Building blocks for the request services: loading with visibility, references, the clock in
the app's configuration, encrypted free text. Helpers flush; the use cases' unit of work commits."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from flask import current_app
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from compliance.audit.services import Actor
from compliance.auth.rules import Role
from compliance.errors import Forbidden, NotFound
from compliance.extensions import db
from compliance.keystore.services import KeyShredded, cipher_for
from compliance.requests.models import TABLE, RequestSequence, SubjectRequest
from compliance.requests.rules import (
    compute_due_date,
    compute_extended_due_date,
    format_reference,
    receipt_date,
)

HIDDEN = "This request is not among yours."


def clock_settings() -> dict:
    """Time zone and country that govern the legal clock (Reg 1182/71), from configuration."""
    return {"tz": current_app.config["TIMEZONE"], "country": current_app.config["CONTROLLER_COUNTRY"]}


def due_date_for(received_at: datetime) -> date:
    return compute_due_date(received_at, **clock_settings())


def extended_due_date_for(received_at: datetime) -> date:
    return compute_extended_due_date(received_at, **clock_settings())


def next_reference(received_at: datetime) -> str:
    """The next DSR-<year>-<n> for the year of receipt (controller's calendar), concurrency-safe.

    The UPDATE takes the counter's row lock (PostgreSQL) or the database write lock (SQLite),
    so two concurrent intakes never share a number; the first of a year inserts the row.
    """
    year = receipt_date(received_at, current_app.config["TIMEZONE"]).year
    value = _increment(year)
    if value is None:
        try:
            with db.session.begin_nested():
                db.session.execute(insert(RequestSequence).values(year=year, last_value=1))
            value = 1
        except IntegrityError:  # someone else created the year's row first
            value = _increment(year)
    return format_reference(year, value)


def _increment(year: int) -> int | None:
    db.session.execute(
        update(RequestSequence).where(RequestSequence.year == year)
        .values(last_value=RequestSequence.last_value + 1)
    )
    return db.session.execute(
        select(RequestSequence.last_value).where(RequestSequence.year == year)
    ).scalar_one_or_none()


def load_request(actor: Actor, request_id: uuid.UUID) -> SubjectRequest:
    """The request if the actor may see it; members get 403 alike for others' and missing ones."""
    found = db.session.get(SubjectRequest, request_id)
    if actor.role == Role.MEMBER:
        if found is None or found.submitted_by_user_id != actor.user_id:
            raise Forbidden(HIDDEN)
    elif found is None:
        raise NotFound("No such request.")
    return found


def set_text(request: SubjectRequest, name: str, value: str | None) -> None:
    """Store one free-text field encrypted with the subject's key (None clears it)."""
    blob = None
    if value:
        blob = cipher_for(request.subject_id).encrypt(TABLE, name, request.id, value.strip())
    setattr(request, f"{name}_ciphertext", blob)


def get_text(request: SubjectRequest, name: str) -> str | None:
    """Decrypt one free-text field; None once the subject was erased. Callers audit the read."""
    blob = getattr(request, f"{name}_ciphertext")
    if blob is None:
        return None
    try:
        return cipher_for(request.subject_id).decrypt(TABLE, name, request.id, blob)
    except KeyShredded:
        return None


class RequestWithTexts:
    """A request seen together with its decrypted free text (for the detail view)."""

    def __init__(self, request: SubjectRequest, texts: dict):
        self._request = request
        self.__dict__.update(texts)

    def __getattr__(self, name: str):
        return getattr(self._request, name)
