"""Retention: the schedule in force with its country overrides and citations, a preview of what
falls due in the next N days, legal holds (place, release) and the erasure log. Sweeps are in
compliance.web.retention.sweeps."""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from compliance.errors import Conflict, NotFound, ValidationFailed
from compliance.policy_context import current_policies
from compliance.retention import queries as q
from compliance.retention.services import place_hold, preview_due, release_hold
from compliance.timeutil import controller_today
from compliance.web.access import READER_ROLES, STAFF_ROLES, page_roles, web_actor
from compliance.web.forms import apply_service_errors, resolve_subject
from compliance.web.portfolio_cache import forget
from compliance.web.retention.forms import DEFAULT_PREVIEW_DAYS, HoldForm, PreviewForm

bp = Blueprint("retention_web", __name__, url_prefix="/retention", template_folder="templates")
PER_PAGE = 50


@bp.get("")
@page_roles(*READER_ROLES)
def index():
    form = PreviewForm(request.args)
    valid = form.validate()
    days = form.days.data if valid and form.days.data is not None else DEFAULT_PREVIEW_DAYS
    policies = current_policies()
    return render_template("retention/schedule.html", form=form, days=days, preview=preview_due(days),
                           schedule=q.schedule(policies), version=policies.version), 200 if valid else 422


def _render_holds(form: HoldForm, status: int = 200):
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = q.holds_in_force(controller_today(), page, PER_PAGE)
    return render_template("retention/holds.html", form=form, rows=rows, total=total, page=page,
                           per_page=PER_PAGE), status


@bp.get("/holds")
@page_roles(*READER_ROLES)
def holds():
    form = HoldForm()
    form.subject.data = form.subject.data or request.args.get("subject", "")[:40]  # a reference
    return _render_holds(form)


@bp.post("/holds")
@page_roles(*STAFF_ROLES)
def place():
    form = HoldForm()
    subject = resolve_subject(web_actor(), form.subject) if form.validate_on_submit() else None
    if subject is None:
        return _render_holds(form, 422)
    data = {"reason": form.reason.data, "until": form.until.data,
            "record_type": form.record_type.data or None, "record_id": form.record_id.data or None}
    try:
        place_hold(web_actor(), subject.id, data)
    except NotFound:
        form.subject.errors = [*form.subject.errors, "No such subject."]
    except Conflict as error:
        form.subject.errors = [*form.subject.errors, error.message]
    except ValidationFailed as error:
        for problem in apply_service_errors(form, error.errors):
            flash(problem, "error")
    else:
        forget("retention_due")
        flash("The legal hold is in force: sweeps and erasure leave the subject alone.", "success")
        return redirect(url_for("retention_web.holds"))
    return _render_holds(form, 422)


@bp.post("/holds/<uuid:hold_id>/release")
@page_roles(*STAFF_ROLES)
def release(hold_id: uuid.UUID):
    if FlaskForm().validate_on_submit():
        try:
            release_hold(web_actor(), hold_id)
        except Conflict as error:
            flash(error.message, "conflict")
        else:
            forget("retention_due")
            flash("The legal hold was released.", "success")
    return redirect(url_for("retention_web.holds"))


@bp.get("/erasure-log")
@page_roles(*READER_ROLES)
def erasure_log():
    category = request.args.get("category", "")
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = q.erasure_log(category, page, PER_PAGE)
    return render_template("retention/erasure_log.html", rows=rows, total=total, page=page,
                           per_page=PER_PAGE, category=category,
                           categories=sorted(current_policies().retention))
