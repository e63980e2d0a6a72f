"""Subjects: exact search by email (POST, so the address never lands in a URL) and the record
with its consents, requests, placements and holds. Every view of decrypted data is audited."""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from compliance.consent.services import consent_overview, record_consent
from compliance.errors import Conflict, ProcessingRefused, ValidationFailed
from compliance.placements.services import list_placements
from compliance.requests.queries import requests_of
from compliance.retention.services import list_holds
from compliance.subjects.services import find_subjects, list_subjects, read_subject, suggest_references
from compliance.web.access import READER_ROLES, STAFF_ROLES, page_roles, web_actor
from compliance.web.consent.forms import RecordConsentForm
from compliance.web.forms import apply_service_errors
from compliance.web.subjects.forms import SubjectSearchForm

bp = Blueprint("subjects_web", __name__, url_prefix="/subjects", template_folder="templates")
PER_PAGE = 25


@bp.route("", methods=["GET", "POST"])
@page_roles(*STAFF_ROLES)
def search():
    form = SubjectSearchForm()
    matches = None
    if form.validate_on_submit():
        matches = find_subjects(web_actor(), form.query.data)
    page = max(request.args.get("page", 1, type=int), 1)
    filters = {"kind": request.args.get("kind", "")}
    recent, total = list_subjects(web_actor(), filters, page, PER_PAGE)
    return render_template("subjects/search.html", form=form, matches=matches, recent=recent,
                           total=total, page=page, per_page=PER_PAGE, filters=filters)


@bp.get("/suggest")
@page_roles(*READER_ROLES)
def suggest():
    """References starting with what was typed (``?q=SUB-7K``), for the subject picker: only
    references, kinds and countries, so nothing personal is in the URL or the answer."""
    rows = suggest_references(web_actor(), request.args.get("q", "")[:40])
    return jsonify([{"reference": r, "label": f"{r} · {kind.replace('_', ' ')} · {country}"}
                    for r, kind, country in rows])


@bp.get("/<uuid:subject_id>")
@page_roles(*STAFF_ROLES)
def detail(subject_id: uuid.UUID):
    return _render_detail(subject_id, RecordConsentForm(formdata=None))


@bp.post("/<uuid:subject_id>/consents")
@page_roles(*STAFF_ROLES)
def record(subject_id: uuid.UUID):
    """A consent collected outside the portal (paper, phone, e-mail): one grant with its proof."""
    form = RecordConsentForm()
    if not form.validate_on_submit():
        return _render_detail(subject_id, form, 422)
    try:
        record_consent(web_actor(), subject_id, form.service_data())
    except Conflict as error:
        flash(error.message, "conflict")
        return _render_detail(subject_id, form, 409)
    except (ValidationFailed, ProcessingRefused) as error:
        for problem in apply_service_errors(form, error.errors):
            flash(problem, "error")
        if not form.errors:
            flash(error.message, "error")
        return _render_detail(subject_id, form, 422)
    flash("The consent was recorded with its proof.", "success")
    return redirect(url_for("subjects_web.detail", subject_id=subject_id))


def _render_detail(subject_id: uuid.UUID, consent_form: RecordConsentForm, status: int = 200):
    actor = web_actor()
    subject = read_subject(actor, subject_id, purpose="web")
    placements = [p for who in ("candidate_id", "member_id")
                  for p in list_placements(actor, {who: subject_id}, 1, 50)[0]]
    return render_template(
        "subjects/detail.html", subject=subject, consents=consent_overview(actor, subject_id),
        requests=requests_of(subject_id), holds=list_holds(actor, subject_id, include_released=True),
        placements=placements, consent_form=consent_form), status
