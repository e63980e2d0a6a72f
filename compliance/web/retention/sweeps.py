"""Running a retention sweep from the dashboard: a dry run first (counts, and the list of who
would be acted on under which category, rule and country, with a download; nothing changes), then
the real run behind a confirmation, followed on a status page that a small script refreshes
(without JavaScript, a link reloads it). See compliance.web.retention.sweep_runner for the design.
The dry run is POST-redirect-GET: the form posts, the list is a page that can be reloaded."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm

from compliance.audit.services import record_event
from compliance.policy_context import current_policies
from compliance.retention.queries import due_items
from compliance.retention.services import preview_due
from compliance.retention.sweep import SweepLocked
from compliance.timeutil import controller_today
from compliance.transaction import unit_of_work
from compliance.web.access import READER_ROLES, STAFF_ROLES, page_roles, web_actor
from compliance.web.retention import sweep_runner
from compliance.web.retention.forms import ConfirmSweepForm

bp = Blueprint("retention_sweeps", __name__, url_prefix="/retention/sweeps", template_folder="templates")
LISTED = 500  # rows on the page; the download has them all
DOWNLOAD_LIMIT = 1_000_000
CSV_COLUMNS = ("subject_reference", "subject_id", "category", "action", "rule", "country", "why")


@bp.get("")
@page_roles(*READER_ROLES)
def start_page():
    return render_template("retention/sweep.html", report=None, form=None)


@bp.post("/dry-run")
@page_roles(*STAFF_ROLES)
def dry_run():
    if not FlaskForm().validate_on_submit():
        return redirect(url_for("retention_sweeps.start_page"))
    return redirect(url_for("retention_sweeps.dry_run_page"))


def _render_dry_run(form: ConfirmSweepForm, status: int = 200):
    items, total = due_items(current_policies(), controller_today(), limit=LISTED)
    return render_template("retention/sweep.html", report=preview_due(0), form=form, items=items,
                           listed_total=total), status


@bp.get("/dry-run")
@page_roles(*STAFF_ROLES)
def dry_run_page():
    """Who a sweep today would act on, with the category, rule and country; nothing changes."""
    return _render_dry_run(ConfirmSweepForm())


@bp.get("/dry-run.csv")
@page_roles(*STAFF_ROLES)
def dry_run_download():
    """The whole dry-run list as CSV (references and ids, never names); the download is audited."""
    today = controller_today()
    items, total = due_items(current_policies(), today, limit=DOWNLOAD_LIMIT)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows((i.reference, i.subject_id, i.category, i.action, i.rule, i.country, i.note)
                     for i in items)
    with unit_of_work():
        record_event(web_actor(), "retention.dry_run_downloaded", None, None,
                     {"as_of": today.isoformat(), "count": len(items), "due": total})
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=retention-dry-run-{today.isoformat()}.csv"})


@bp.post("")
@page_roles(*STAFF_ROLES)
def run():
    form = ConfirmSweepForm()
    if not form.validate_on_submit():
        return _render_dry_run(form, 422)
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
