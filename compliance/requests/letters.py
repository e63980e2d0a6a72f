"""Letters to the person about their request, in their language where we have it (en, de, fr,
et): the acknowledgement, the extension notice (Art 12(3)), the answer, and the refusal with its
reasons, the right to complain to a supervisory authority and to a judicial remedy (Art 12(4)).
Each sent letter is kept encrypted with its SHA-256; an answer or refusal records "answer sent"."""

from __future__ import annotations

import hashlib
import uuid
from enum import StrEnum
from pathlib import Path

from flask import current_app
from flask_babel import format_date, gettext
from jinja2 import FileSystemLoader

from compliance.audit.services import Actor, record_event
from compliance.config import current_controller
from compliance.errors import Conflict
from compliance.extensions import db
from compliance.i18n import N_, in_language, language_for
from compliance.keystore.texts import open_field, seal_field
from compliance.mail import send_mail
from compliance.policy_context import current_policies
from compliance.requests.models import RequestLetter, SubjectRequest
from compliance.requests.rules import RejectionGround, RequestStatus, RequestType
from compliance.subjects.models import Subject
from compliance.subjects.rules import SubjectStatus
from compliance.subjects.services import decrypt_subject
from compliance.timeutil import as_utc, controller_today, controller_zone, utcnow

TEMPLATES = Path(__file__).parent / "letters"


class LetterKind(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    EXTENSION = "extension"
    ANSWER = "answer"
    REFUSAL = "refusal"


ANSWER_KINDS = (LetterKind.ANSWER.value, LetterKind.REFUSAL.value)
# The descriptions of rules.RejectionGround, marked for translation here (rules.py stays pure).
GROUND_TEXTS = (N_("identity not verified"), N_("manifestly unfounded"),
                N_("excessive, in particular repetitive"), N_("none of the grounds for erasure applies"),
                N_("freedom of expression and information"), N_("legal obligation or public task"),
                N_("public interest in public health"), N_("archiving, research or statistics"),
                N_("legal claims"),
                N_("the data was not provided by the person or is not processed on consent or contract "
                   "by automated means"),
                N_("it would adversely affect the rights and freedoms of others"),
                N_("restricted by Union or member-state law"),
                N_("no personal data about the subject is held"))


def render_letter(request: SubjectRequest, subject: Subject, kind: str, language: str | None = None,
                  texts: dict | None = None) -> tuple[str, str]:
    """(language, text) of the letter; decrypts the person's name: the caller audits."""
    kind = LetterKind(kind)
    _check_fits(request, kind)
    view = decrypt_subject(subject) if subject.status != SubjectStatus.ERASED else None
    code = language_for(subject.country, language)
    env = current_app.jinja_env.overlay(loader=FileSystemLoader(str(TEMPLATES)))
    with in_language(code):
        context = _context(request, subject, view, kind, texts or {})
        return code, env.get_template(f"{kind.value}.txt").render(**context)


def _check_fits(request: SubjectRequest, kind: LetterKind) -> None:
    status = RequestStatus(request.status)
    if kind is LetterKind.EXTENSION and not request.extended:
        raise Conflict("The request was not extended.")
    if kind is LetterKind.ANSWER and status is not RequestStatus.COMPLETED:
        raise Conflict("Only a completed request is answered.")
    if kind is LetterKind.REFUSAL and status is not RequestStatus.REJECTED:
        raise Conflict("Only a refused request gets a refusal letter.")


def _context(request: SubjectRequest, subject: Subject, view, kind: LetterKind, texts: dict) -> dict:
    controller, policies = current_controller(), current_policies()
    authority = None
    if policies.is_eea(subject.country):
        found = policies.competent_authority(subject.country)
        authority = f"{found.name} ({found.website})" if found.website else found.name
    lead = policies.lead_authority.authority
    lead_text = f"{lead.name} ({lead.website})" if lead.website else lead.name
    waiting = request.status == RequestStatus.IDENTITY_VERIFICATION
    return {
        "controller": controller, "reference": request.reference, "name": view.name if view else None,
        "today": _day(controller_today()), "article": RequestType(request.type).article,
        "received": _day(as_utc(request.received_at).astimezone(controller_zone()).date()),
        "due": _day(request.due_date), "waiting_for_identity": waiting,
        "reason": texts.get("extension_reason"), "explanation": texts.get("rejection_explanation"),
        "rights": kind in (LetterKind.ANSWER, LetterKind.REFUSAL),
        "authority": authority, "lead_authority": lead_text,
        **_refusal(request), "lines": _answer_lines(request) if kind is LetterKind.ANSWER else [],
    }


def _day(value) -> str:
    return format_date(value, "long")


def _refusal(request: SubjectRequest) -> dict:
    if not request.rejection_ground:
        return {"ground": None, "citation": None, "law": None}
    ground = RejectionGround(request.rejection_ground)
    return {"ground": gettext(ground.description), "citation": ground.legal_reference,
            "law": (request.outcome or {}).get("law")}


def _answer_lines(request: SubjectRequest) -> list[str]:
    outcome = request.outcome or {}
    if outcome.get("no_data_held"):
        return [gettext("We hold no personal data about you.")]
    lines = []
    for fmt, package in (outcome.get("package") or {}).items():
        lines.append(gettext("Your copy of your data (%(format)s) has the SHA-256 checksum %(sha256)s.",
                             format=fmt, sha256=package["sha256"]))
    if outcome.get("partially_erased"):
        lines.append(gettext("We erased your personal data except the following, which the law requires "
                             "us to keep; it is used for that purpose only and erased when the period ends:"))
    elif outcome.get("key_shredded"):
        lines.append(gettext("Your personal data have been erased."))
    for kept in outcome.get("retained", []) if outcome.get("partially_erased") else []:
        until = kept.get("until") or gettext("while the contract runs")
        lines.append(f"- {kept['category']}: {kept['citation']}; {until}")
    for key, message in OBJECTION_LINES:
        if outcome.get(key):
            lines.append(gettext(message, purposes=", ".join(outcome[key])))
    if outcome.get("fields_changed") is not None:
        lines.append(gettext("Your data have been corrected."))
    if outcome.get("subject_status") == SubjectStatus.RESTRICTED:
        lines.append(gettext("The processing of your data has been restricted to storage."))
    return lines


OBJECTION_LINES = (
    ("purposes_stopped", N_("Processing has stopped for: %(purposes)s.")),
    ("purposes_continued", N_("Processing continues, on compelling legitimate grounds or for legal "
                              "claims, for: %(purposes)s.")),
    ("withdraw_consent_instead", N_("These rest on your consent; you may withdraw it at any time "
                                    "(GDPR Article 7(3)): %(purposes)s.")),
)


def issue_letter(actor: Actor, request: SubjectRequest, kind: str, language: str | None, texts: dict,
                 channel: str) -> RequestLetter:
    """Render, keep (encrypted, hashed) and send the letter; an answer or refusal is "answer sent"."""
    subject = db.session.get(Subject, request.subject_id)
    code, text = render_letter(request, subject, kind, language, texts)
    content = text.encode("utf-8")
    row = RequestLetter(id=uuid.uuid4(), request_id=request.id, subject_id=subject.id, kind=kind,
                        language=code, channel=channel, sha256=hashlib.sha256(content).hexdigest(),
                        sent_at=utcnow(), sent_by=actor.ref)
    seal_field(row, "content", text, owner_id=subject.id)
    db.session.add(row)
    db.session.flush()
    if channel == "email":
        email = decrypt_subject(subject).email if subject.status != SubjectStatus.ERASED else None
        if not email:
            raise Conflict("No e-mail address is known for the person; send the letter by post.")
        send_mail(email, gettext_in(code, "Your data protection request %(reference)s",
                                    reference=request.reference), text)
    action = ("request.answer_sent" if kind in (LetterKind.ANSWER, LetterKind.REFUSAL)
              else "request.letter_sent")
    record_event(actor, action, "subject_request", request.id, {
        "reference": request.reference, "kind": kind, "language": code, "channel": channel,
        "sha256": row.sha256})
    return row


def gettext_in(code: str, message: str, **values) -> str:
    with in_language(code):
        return gettext(message, **values)


def letter_text(row: RequestLetter) -> str | None:
    """The letter as sent (None once the person was erased); the caller audits the read."""
    return open_field(row, "content", owner_id=row.subject_id)
