"""The member portal: submit a subject request, follow one's own requests, record consents for
one's own candidates. Isolation is the services' job (members get 403 alike for another member's
record and for a missing one); these handlers never widen it."""

from __future__ import annotations

import uuid
from datetime import datetime, time

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from compliance.consent.rules import CHANNELS
from compliance.consent.services import consent_overview, record_consent
from compliance.errors import Conflict, ValidationFailed
from compliance.policy_context import current_policies
from compliance.requests import services as requests
from compliance.requests.rules import deadline_flags
from compliance.subjects.services import list_subjects, read_subject
from compliance.timeutil import controller_today, controller_zone, utcnow
from compliance.web.access import MEMBER_ROLES, page_roles, web_actor
from compliance.web.forms import apply_service_errors, flatten_errors
from compliance.web.portal.forms import ConsentForm, NewRequestForm
from compliance.web.requests.forms import TYPE_LABELS

bp = Blueprint("portal", __name__, url_prefix="/portal", template_folder="templates")
PER_PAGE = 30


@bp.get("/requests")
@page_roles(*MEMBER_ROLES)
def my_requests():
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = requests.list_requests(web_actor(), {}, page, PER_PAGE)
    today = controller_today()
    return render_template("portal/requests.html", total=total, page=page, per_page=PER_PAGE,
                           rows=[(r, deadline_flags(r.due_date, today, r.closed_at is not None))
                                 for r in rows], types=TYPE_LABELS)


@bp.get("/requests/<uuid:request_id>")
@page_roles(*MEMBER_ROLES)
def request_detail(request_id: uuid.UUID):
    item = requests.read_request(web_actor(), request_id)
    flags = deadline_flags(item.due_date, controller_today(), item.closed_at is not None)
    return render_template("portal/request_detail.html", item=item, flags=flags, types=TYPE_LABELS)


@bp.route("/new-request", methods=["GET", "POST"])
@page_roles(*MEMBER_ROLES)
def new_request():
    form = NewRequestForm()
    if form.validate_on_submit():
        try:
            item = requests.submit_request(web_actor(), _request_data(form))
        except ValidationFailed as error:
            for problem in apply_service_errors(form, flatten_errors(error.errors)):
                flash(problem, "error")
        else:
            flash(f"Request {item.reference} was recorded; it is due on {item.due_date:%d %b %Y}.", "success")
            return redirect(url_for("portal.request_detail", request_id=item.id))
    return render_template("portal/new_request.html", form=form), 422 if form.errors else 200


def _request_data(form: NewRequestForm) -> dict:
    data = {"type": form.type.data, "channel": "portal", "details": form.details.data or None,
            "received_at": _received_at(form.received_on.data)}
    if form.who.data == "self":
        data["subject_id"] = current_user.subject_id
    else:
        data["subject"] = {"kind": form.who.data, "name": form.name.data, "email": form.email.data,
                           "country": form.country.data, "source": "member_portal"}
    return data


def _received_at(day) -> datetime:
    """The day the request reached the member; today means now (the clock starts at receipt)."""
    if day is None or day >= controller_today():
        return utcnow()
    return datetime.combine(day, time(12, 0), tzinfo=controller_zone())


@bp.get("/candidates")
@page_roles(*MEMBER_ROLES)
def candidates():
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = list_subjects(web_actor(), {"kind": "candidate"}, page, PER_PAGE)
    return render_template("portal/candidates.html", rows=rows, total=total, page=page,
                           per_page=PER_PAGE)


@bp.route("/candidates/<uuid:subject_id>", methods=["GET", "POST"])
@page_roles(*MEMBER_ROLES)
def candidate(subject_id: uuid.UUID):
    actor = web_actor()
    form = ConsentForm(current_policies())
    if form.validate_on_submit():
        try:
            record_consent(actor, subject_id, form.data_for_service())
        except (Conflict, ValidationFailed) as error:
            apply_service_errors(form, getattr(error, "errors", {}))
            flash(error.message, "error")
        else:
            flash("The consent was recorded.", "success")
            return redirect(url_for("portal.candidate", subject_id=subject_id))
    person = read_subject(actor, subject_id, purpose="portal")
    return render_template("portal/candidate.html", person=person, form=form,
                           consents=consent_overview(actor, subject_id), channels=CHANNELS)
