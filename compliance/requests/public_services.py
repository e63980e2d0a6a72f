"""Use cases of the requester's own channel: the public form, its confirmation link, and the
answer-package downloads (staff by token-authenticated API, the subject by expiring link).

Each use case is one unit of work (compliance.transaction); every step is audited without
personal data.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import timedelta
from enum import StrEnum

from flask import current_app
from sqlalchemy import func, select

from compliance.audit.services import PUBLIC_ACTOR, Actor, record_event
from compliance.errors import Conflict, NotFound
from compliance.extensions import db
from compliance.keystore.services import KeyShredded, keyring
from compliance.requests import notices
from compliance.requests.fulfilment import MIMETYPES, REQUEST_ONLY_SOURCE, package_content
from compliance.requests.links import (
    LinkExpired,
    email_mark,
    formats_for,
    read_confirmation_token,
    read_package_token,
)
from compliance.requests.models import SubjectRequest
from compliance.requests.rules import RequestAction, RequestStatus, allowed_transition
from compliance.requests.services import find_package, load_request, record_receipt
from compliance.subjects.models import Subject
from compliance.subjects.rules import SubjectKind, SubjectStatus
from compliance.subjects.services import decrypt_subject, register_subject
from compliance.timeutil import utcnow
from compliance.transaction import unit_of_work, use_case

PUBLIC_SOURCE = REQUEST_ONLY_SOURCE


class FormOutcome(StrEnum):
    """What became of a public-form submission (audited; the requester sees the same page)."""

    ACCEPTED = "accepted"
    ADDRESS_LIMIT = "address_limit"  # the address already had its requests today
    HONEYPOT = "honeypot"            # the field hidden from people was filled
    TOO_FAST = "too_fast"            # sent back sooner than a person could fill it


def submit_public_request(data: Mapping) -> FormOutcome:
    """Record a request from the public form and email a confirmation link to the address typed.

    The outcome is the same for the requester whether or not the address belongs to someone we
    know, whatever kind they say they are: the caller shows one page, and only the owner of the
    mailbox can confirm. Past the daily limit per address nothing is stored or mailed.
    """
    with unit_of_work():
        if _requests_today(data["email"]) >= current_app.config["PUBLIC_FORM_ADDRESS_DAILY_LIMIT"]:
            record_event(PUBLIC_ACTOR, "request.public_form", None, None,
                         {"outcome": FormOutcome.ADDRESS_LIMIT.value})
            return FormOutcome.ADDRESS_LIMIT
        subject = _known_subject(data["email"]) or _new_subject(data)
        request = record_receipt(PUBLIC_ACTOR, subject, data["type"], "public_form", utcnow(),
                                 RequestStatus.PENDING_CONFIRMATION, details=data.get("details"))
        record_event(PUBLIC_ACTOR, "request.public_form", "subject_request", request.id,
                     {"outcome": FormOutcome.ACCEPTED.value})
    notices.send_confirmation(data["email"], request)
    return FormOutcome.ACCEPTED


@use_case
def refuse_public_request(outcome: FormOutcome) -> None:
    """Audit a submission turned away before anything was read from it (honeypot, fill time)."""
    record_event(PUBLIC_ACTOR, "request.public_form", None, None, {"outcome": outcome.value})


def _requests_today(email: str) -> int:
    since = utcnow() - timedelta(days=1)
    return db.session.execute(
        select(func.count(SubjectRequest.id)).join(Subject, Subject.id == SubjectRequest.subject_id)
        .where(Subject.email_index == keyring().blind_index(email),
               SubjectRequest.channel == "public_form", SubjectRequest.received_at >= since)
    ).scalar_one()


def _known_subject(email: str) -> Subject | None:
    index = keyring().blind_index(email)
    return db.session.execute(
        select(Subject).where(Subject.email_index == index, Subject.status != SubjectStatus.ERASED)
        .order_by(Subject.created_at.desc()).limit(1)
    ).scalar_one_or_none()


def _new_subject(data: Mapping) -> Subject:
    # Membership is ours to record, not the requester's to claim: someone we do not know who says
    # they are a member is recorded as a candidate (else the form would refuse unknown members
    # and so tell which addresses are members').
    kind = SubjectKind.CANDIDATE if data["kind"] == SubjectKind.MEMBER else data["kind"]
    view = register_subject(PUBLIC_ACTOR, {
        "kind": kind, "name": data["name"], "email": data["email"],
        "country": data["country"], "source": PUBLIC_SOURCE,
    })
    return db.session.get(Subject, view.id)


@use_case
def confirm_public_request(token: str) -> SubjectRequest:
    """The emailed link was opened and confirmed: the request joins the queue (idempotent)."""
    request = db.session.get(SubjectRequest, read_confirmation_token(token))
    if request is None:
        raise NotFound("This link is not valid.")
    if request.confirmed_at is not None:
        return request
    before = request.status
    request.status = allowed_transition(before, RequestAction.CONFIRM).value
    request.confirmed_at = utcnow()
    db.session.flush()  # a lost race on the request's version surfaces here, before the audit
    record_event(PUBLIC_ACTOR, f"request.{RequestAction.CONFIRM.value}", "subject_request", request.id,
                 {"reference": request.reference, "from": before, "to": request.status})
    return request


# --- answer packages -------------------------------------------------------------------------


@use_case
def download_package(actor: Actor, request_id: uuid.UUID, fmt: str) -> tuple[bytes, str, str]:
    """The stored package bytes (hash as recorded), for staff; the download is audited."""
    request, row = find_package(actor, request_id, fmt)
    return _serve(actor, request, row, "api")


@use_case
def download_package_by_link(token: str) -> tuple[bytes, str, str]:
    """The subject's download through an expiring link; audited like any other. A link mailed
    before the subject's e-mail address changed no longer works."""
    request_id, fmt, mark = read_package_token(token)
    request, row = find_package(PUBLIC_ACTOR, request_id, fmt)
    subject = db.session.get(Subject, request.subject_id)
    if mark != email_mark(subject.email_index):
        raise LinkExpired("This link is no longer valid: the e-mail address it was sent to changed.")
    return _serve(PUBLIC_ACTOR, request, row, "link")


def _serve(actor: Actor, request: SubjectRequest, row, via: str) -> tuple[bytes, str, str]:
    if row.content_ciphertext is None:  # erased (Art 17), only its hash remains
        raise Conflict("The subject's data was erased; the package no longer exists.")
    try:
        content = package_content(row)
    except KeyShredded:
        raise Conflict("The subject was erased; the package no longer exists.") from None
    record_event(actor, "request.package_downloaded", "subject_request", request.id,
                 {"reference": request.reference, "format": row.format, "sha256": row.sha256,
                  "via": via})
    return content, f"{request.reference}.{row.format}", MIMETYPES[row.format]


@use_case
def send_package_links(actor: Actor, request_id: uuid.UUID) -> dict:
    """Email expiring download links to the subject's known address. Staff get when they expire
    and whether they were mailed, never the links: staff download through their own audited
    route (``download_package``), so the trail never shows a staff download as the subject's."""
    request = load_request(actor, request_id)
    find_package(actor, request_id, formats_for(request.type)[0])
    subject = db.session.get(Subject, request.subject_id)
    if subject.status == SubjectStatus.ERASED:
        raise Conflict("The subject was erased; the package no longer exists.")
    email = decrypt_subject(subject).email
    mark = email_mark(subject.email_index)
    found = notices.package_links(request, mark)
    if email:
        notices.send_package_links(email, request, mark)
    record_event(actor, "request.package_links_issued", "subject_request", request.id,
                 {"reference": request.reference, "emailed": bool(email),
                  "expires_at": found["expires_at"]})
    return {"expires_at": found["expires_at"], "formats": sorted(found["links"]), "emailed": bool(email)}
