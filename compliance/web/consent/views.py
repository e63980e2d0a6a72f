"""Consents: the ledger as a register (filters by purpose, action and period), the consents that
expire within 30 days with renewal requests, and staff recording a withdrawal from the subject
page. Handlers parse, call one service, and show the outcome."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from compliance.consent import renewal
from compliance.consent.queries import consent_events
from compliance.consent.services import record_consent
from compliance.errors import Conflict, ProcessingRefused, ValidationFailed
from compliance.policy_context import current_policies
from compliance.timeutil import controller_today
from compliance.web.access import READER_ROLES, STAFF_ROLES, page_roles, web_actor
from compliance.web.consent.forms import ACTIONS, RegisterFilterForm, RenewalForm, WithdrawForm
from compliance.web.forms import choices

bp = Blueprint("consents_web", __name__, url_prefix="/consents", template_folder="templates")
PER_PAGE = 50
WINDOW_DAYS = renewal.RENEWAL_WINDOW_DAYS


def consent_purposes() -> dict[str, str]:
    """Purposes that rest on consent: id -> name (from policies/purposes.yaml)."""
    return {p.id: p.name for p in current_policies().purposes.values() if p.requires_consent}


@bp.get("")
@page_roles(*READER_ROLES)
def index():
    form = RegisterFilterForm(request.args)
    form.purpose.choices = choices([("", "Any purpose"), *consent_purposes().items()])
    valid = form.validate()
    filters = {name: form[name].data for name in ("purpose", "action", "date_from", "date_to")}
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = consent_events(filters if valid else {}, page, PER_PAGE)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("consent/register.html", form=form, rows=rows, total=total, page=page,
                           per_page=PER_PAGE, args=args, actions=ACTIONS,
                           purposes=consent_purposes()), 200 if valid else 422


@bp.get("/expiring")
@page_roles(*READER_ROLES)
def expiring():
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = renewal.list_expiring(web_actor(), WINDOW_DAYS, page, PER_PAGE)
    return render_template("consent/expiring.html", rows=rows, total=total, page=page,
                           per_page=PER_PAGE, window=WINDOW_DAYS, purposes=consent_purposes(),
                           today=controller_today())


@bp.post("/expiring/renewal")
@page_roles(*STAFF_ROLES)
def send_renewal():
    form = RenewalForm()
    if not form.validate_on_submit():
        flash("The renewal request was not sent: the form was incomplete.", "error")
    else:
        _flash_outcome(lambda: renewal.send_consent_link(
            web_actor(), _uuid(form.subject_id.data), form.purpose.data, None, "renewal"),
            "A renewal request was e-mailed to the data subject (a one-time link).")
    return redirect(url_for("consents_web.expiring"))


@bp.post("/expiring/renewals")
@page_roles(*STAFF_ROLES)
def send_all_renewals():
    if FlaskForm().validate_on_submit():
        sent = renewal.remind_expiring(web_actor(), WINDOW_DAYS)
        flash(f"{sent} renewal request{'s' if sent != 1 else ''} sent; consents that already had "
              "an open request were skipped.", "success")
    return redirect(url_for("consents_web.expiring"))


@bp.post("/withdraw")
@page_roles(*STAFF_ROLES)
def withdraw():
    form = WithdrawForm()
    subject_id = _uuid(form.subject_id.data)
    if form.validate_on_submit():
        _flash_outcome(lambda: record_consent(web_actor(), subject_id, {
            "purpose": form.purpose.data, "action": "withdraw", "scope": form.scope.data or None,
            "channel": form.channel.data, "evidence": {"form_id": "dashboard-withdrawal"}}),
            "The withdrawal was recorded; processing for this purpose stops now.")
    else:
        flash("The withdrawal was not recorded: the form was incomplete.", "error")
    return redirect(url_for("subjects_web.detail", subject_id=subject_id))


def _uuid(text: str | None) -> uuid.UUID:
    try:
        return uuid.UUID(text or "")
    except ValueError:
        abort(400, "Not a record id.")


def _flash_outcome(call, done: str) -> None:
    """Call the service; a domain refusal becomes a plain message on the next page (PRG)."""
    try:
        call()
    except Conflict as error:
        flash(error.message, "conflict")
    except ProcessingRefused as error:
        flash(f"Refused: {error.message}", "error")
    except ValidationFailed as error:
        problems = "; ".join(p for ps in error.errors.values() for p in ps)
        flash(f"{error.message} {problems}".strip(), "error")
    else:
        flash(done, "success")
