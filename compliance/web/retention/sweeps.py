"""Running a retention sweep from the dashboard: a dry run first (counts, nothing changes), then
the real run behind a confirmation, followed on a status page that a small script refreshes
(without JavaScript, a link reloads it). See compliance.web.retention.sweep_runner for the design."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm

from compliance.retention.services import preview_due
from compliance.retention.sweep import SweepLocked
from compliance.web.access import READER_ROLES, STAFF_ROLES, page_roles, web_actor
from compliance.web.retention import sweep_runner
from compliance.web.retention.forms import ConfirmSweepForm

bp = Blueprint("retention_sweeps", __name__, url_prefix="/retention/sweeps", template_folder="templates")


@bp.get("")
@page_roles(*READER_ROLES)
def start_page():
    return render_template("retention/sweep.html", report=None, form=None)


@bp.post("/dry-run")
@page_roles(*STAFF_ROLES)
def dry_run():
    if not FlaskForm().validate_on_submit():
        return redirect(url_for("retention_sweeps.start_page"))
    return render_template("retention/sweep.html", report=preview_due(0), form=ConfirmSweepForm())


@bp.post("")
@page_roles(*STAFF_ROLES)
def run():
    form = ConfirmSweepForm()
    if not form.validate_on_submit():
        return render_template("retention/sweep.html", report=preview_due(0), form=form), 422
    try:
        token = sweep_runner.start_sweep(web_actor())
    except SweepLocked as error:
        flash(error.message, "conflict")
        return redirect(url_for("retention_sweeps.start_page"))
    return redirect(url_for("retention_sweeps.status", token=token))


@bp.get("/<token>")
@page_roles(*READER_ROLES)
def status(token: str):
    return render_template("retention/sweep_status.html", status=sweep_runner.sweep_status(token))


@bp.get("/<token>/status.json")
@page_roles(*READER_ROLES)
def status_json(token: str):
    return sweep_runner.sweep_status(token).as_json()
