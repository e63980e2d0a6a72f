"""Breaches: the register with each 72-hour clock, reporting a breach, and recording the
notification to the authority (Art 33) or the communication to subjects (Art 34)."""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for

from compliance.breaches import services
from compliance.breaches.rules import BreachStatus, breach_clock
from compliance.errors import Conflict, ValidationFailed
from compliance.timeutil import as_utc, controller_zone, utcnow
from compliance.web.access import READER_ROLES, STAFF_ROLES, page_roles, web_actor
from compliance.web.breaches.forms import CloseForm, FactsForm, NotificationForm, ReportForm
from compliance.web.forms import apply_service_errors

bp = Blueprint("breaches_web", __name__, url_prefix="/breaches", template_folder="templates")
PER_PAGE = 30


def _local_now():
    return utcnow().astimezone(controller_zone()).replace(tzinfo=None, second=0, microsecond=0)


def _aware(value):
    return value.replace(tzinfo=controller_zone())


def _with_clock(breach) -> dict:
    notified = as_utc(breach.notified_at) if breach.notified_at else None
    clock = breach_clock(as_utc(breach.aware_at), utcnow(), notified)
    return {"breach": breach, "clock": clock, "state": services.clock_state(breach)}


@bp.route("", methods=["GET", "POST"])
@page_roles(*READER_ROLES)
def register():
    form = ReportForm()
    if request.method == "POST":
        return _report(form)
    if form.aware_at.data is None:
        form.aware_at.data = _local_now()
    page = max(request.args.get("page", 1, type=int), 1)
    clock = request.args.get("clock", "")
    rows, total = services.list_breaches({"clock": clock}, page, PER_PAGE)
    return render_template("breaches/register.html", rows=[_with_clock(b) for b in rows], total=total,
                           page=page, per_page=PER_PAGE, clock=clock, form=form)


@page_roles(*STAFF_ROLES)
def _report(form: ReportForm):
    if form.validate_on_submit():
        data = {"aware_at": _aware(form.aware_at.data), "nature": form.nature.data,
                "risk": form.risk.data or None, "approx_subjects": form.approx_subjects.data}
        try:
            breach = services.report_breach(web_actor(), data)
        except ValidationFailed as error:
            apply_service_errors(form, error.errors)
        else:
            flash(f"Breach {breach.reference} registered; the 72-hour clock is running.", "success")
            return redirect(url_for("breaches_web.detail", breach_id=breach.id))
    rows, total = services.list_breaches({}, 1, PER_PAGE)
    return render_template("breaches/register.html", rows=[_with_clock(b) for b in rows], total=total,
                           page=1, per_page=PER_PAGE, clock="", form=form), 422


@bp.route("/<uuid:breach_id>", methods=["GET", "POST"])
@page_roles(*READER_ROLES)
def detail(breach_id: uuid.UUID):
    form = NotificationForm()
    if request.method == "POST":
        return _notify(breach_id, form)
    form.sent_at.data = form.sent_at.data or _local_now()
    return _render_detail(breach_id, form)


def _render_detail(breach_id: uuid.UUID, form=None, facts=None, close=None, status: int = 200):
    breach = services.load_breach(breach_id)
    if facts is None:
        facts = FactsForm(formdata=None)
        facts.fill(breach, controller_zone())
    return render_template("breaches/detail.html", form=form or NotificationForm(formdata=None),
                           facts=facts, close=close or CloseForm(formdata=None),
                           **_with_clock(breach)), status


@bp.post("/<uuid:breach_id>/facts")
@page_roles(*STAFF_ROLES)
def facts(breach_id: uuid.UUID):
    """Art 33(3) facts as they become known; the trail names each field changed."""
    form = FactsForm()
    if not form.validate_on_submit():
        return _render_detail(breach_id, facts=form, status=422)
    try:
        services.update_breach(web_actor(), breach_id, form.changes(controller_zone()))
    except Conflict as error:
        flash(error.message, "conflict")
    except ValidationFailed as error:
        for problem in apply_service_errors(form, error.errors):
            flash(problem.replace("_schema: ", ""), "error")
        return _render_detail(breach_id, facts=form, status=422)
    else:
        flash("The facts were updated; the audit trail names each field changed.", "success")
    return redirect(url_for("breaches_web.detail", breach_id=breach_id))


@bp.post("/<uuid:breach_id>/close")
@page_roles(*STAFF_ROLES)
def close(breach_id: uuid.UUID):
    form = CloseForm()
    if form.validate_on_submit():
        try:
            services.update_breach(web_actor(), breach_id, {"status": BreachStatus.CLOSED.value})
        except Conflict as error:
            flash(error.message, "conflict")
        except ValidationFailed as error:
            for problems in error.errors.values():
                for problem in problems:
                    flash(f"Not closed yet: {problem}.", "error")
            return _render_detail(breach_id, close=form, status=422)
        else:
            flash("The breach was closed.", "success")
    return redirect(url_for("breaches_web.detail", breach_id=breach_id))


@page_roles(*STAFF_ROLES)
def _notify(breach_id: uuid.UUID, form: NotificationForm):
    if form.validate_on_submit():
        data = {"recipient": form.recipient.data, "phase": form.phase.data,
                "sent_at": _aware(form.sent_at.data),
                "authority_reference": form.authority_reference.data or None,
                "late_reasons": form.late_reasons.data or None}
        try:
            services.record_notification(web_actor(), breach_id, data)
        except Conflict as error:
            flash(error.message, "conflict")
        except ValidationFailed as error:
            for problem in apply_service_errors(form, error.errors):
                flash(problem, "error")
            return _render_detail(breach_id, form, status=422)
        else:
            flash("The notification was recorded.", "success")
        return redirect(url_for("breaches_web.detail", breach_id=breach_id))
    return _render_detail(breach_id, form, status=422)
