"""Data subject requests for staff: the queue, the detail page with its timeline, and every
workflow action. Handlers are thin: parse the form, call one service, show the outcome; domain
errors become plain messages (Conflict: someone else acted first) or field errors."""

from __future__ import annotations

import csv
import io
import uuid

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from compliance.audit.services import list_events
from compliance.errors import Conflict, ValidationFailed
from compliance.requests import public_services, services
from compliance.requests.clock import clock_settings
from compliance.requests.objection_rules import ObjectionDecision
from compliance.requests.objections import objection_views
from compliance.requests.queries import FLAGS, SORTS, queue_rows, request_queue
from compliance.requests.rules import (
    OPEN_STATUSES,
    ExtensionRequest,
    PauseReason,
    RequestStatus,
    RequestType,
    can_extend,
    deadline_flags,
)
from compliance.subjects.services import references_of
from compliance.timeutil import as_utc, controller_today, utcnow
from compliance.vocabulary import words
from compliance.web.access import READER_ROLES, STAFF_ROLES, page_roles, web_actor
from compliance.web.forms import apply_service_errors, flatten_errors, resolve_subject
from compliance.web.requests.forms import (
    TYPE_LABELS,
    CompleteForm,
    ExtendForm,
    IntakeForm,
    RejectForm,
    VerifyForm,
    extend_form,
    objection_form,
    reject_form,
)

bp = Blueprint("dsr", __name__, url_prefix="/requests", template_folder="templates")
PER_PAGE = 30
CONFLICT = "Someone else acted on this request first, so your action was not applied. {}"


@bp.get("")
@page_roles(*READER_ROLES)
def queue():
    filters = _queue_filters()
    page = max(request.args.get("page", 1, type=int), 1)
    today = controller_today()
    rows, total = request_queue(filters, page, PER_PAGE, today)
    return render_template(
        "requests/queue.html", rows=[(r, deadline_flags(r.due_date, today, not _is_open(r)))
                                     for r in rows],
        total=total, page=page, per_page=PER_PAGE, filters=filters, flags=FLAGS, sorts=SORTS,
        statuses=[s.value for s in RequestStatus], types=TYPE_LABELS)


def _queue_filters() -> dict[str, str]:
    """The queue's filters from the URL; open requests unless another flag is chosen."""
    filters = {name: request.args.get(name, "")[:40] for name in ("status", "type", "flag", "sort", "q")}
    filters["flag"] = filters["flag"] if "flag" in request.args else "open"
    return filters


@bp.get("/download.csv")
@page_roles(*READER_ROLES)
def download():
    """The filtered queue as CSV: references and codes with their words, no personal data."""
    filters, today = _queue_filters(), controller_today()
    body = "".join(_csv_lines(queue_rows(filters, today), today))
    return Response(body, mimetype="text/csv", headers={
                        "Content-Disposition": f'attachment; filename="requests-{today.isoformat()}.csv"'})


def _csv_lines(rows, today):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Reference", "Subject reference", "Right", "Right code", "Status", "Status code",
                     "Channel", "Received (UTC)", "Due", "Extended", "Days left"])
    for chunk in _chunks(rows, 500):
        refs = references_of(r.subject_id for r in chunk)
        for r in chunk:
            flags = deadline_flags(r.due_date, today, not _is_open(r))
            writer.writerow([r.reference, refs.get(r.subject_id, ""), words("request_type", r.type), r.type,
                             words("request_status", r.status), r.status, words("channel", r.channel),
                             as_utc(r.received_at).strftime("%Y-%m-%d %H:%M"), r.due_date.isoformat(),
                             "yes" if r.extended else "no", flags.days_left if _is_open(r) else ""])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _chunks(rows, size: int):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@bp.route("/record", methods=["GET", "POST"])  # /requests/make (and /new) is the public request form
@page_roles(*STAFF_ROLES)
def new():
    """Record a request that reached us by e-mail, post, phone or in person, at its real time."""
    form = IntakeForm()
    if form.validate_on_submit():
        data = {"type": form.type.data, "channel": form.channel.data,
                "received_at": form.received_at_utc(), "details": form.details.data or None}
        subject = resolve_subject(web_actor(), form.subject) if form.who.data == "known" else None
        if form.who.data != "known":
            data["subject"] = form.new_subject()
        if subject is not None or "subject" in data:
            if subject is not None:
                data["subject_id"] = subject.id
            try:
                item = services.submit_request(web_actor(), data)
            except ValidationFailed as error:
                for problem in apply_service_errors(form, flatten_errors(error.errors)):
                    flash(problem, "error")
            else:
                flash(f"Request {item.reference} recorded; the clock runs from its receipt.", "success")
                return redirect(url_for("dsr.detail", request_id=item.id))
    status = 422 if form.errors else 200
    return render_template("requests/new.html", form=form), status


def _extension_possible(item, today) -> bool:
    """Whether the extend form can succeed today (open, not extended, first month not over)."""
    verdict = can_extend(ExtensionRequest(
        received_at=as_utc(item.received_at), status=item.status, already_extended=item.extended,
        reason="-", subject_notified_at=utcnow(), paused_days=item.paused_days or 0,
        **clock_settings()), today)
    return verdict.allowed


def _is_open(row) -> bool:
    return row.status in {s.value for s in OPEN_STATUSES}


def _render_detail(request_id: uuid.UUID, status: int = 200, **forms):
    item = services.read_request(web_actor(), request_id)
    events, _ = list_events({"object_type": "subject_request", "object_id": str(request_id)}, 1, 200)
    objections = objection_views(item.id) if item.type == RequestType.OBJECTION else []
    pending = [o.purpose for o in objections if o.decision == ObjectionDecision.PENDING]
    forms = {"verify": VerifyForm(), "extend": extend_form(),
             "reject": reject_form(identity_verified=item.identity_verified_at is not None),
             "complete": CompleteForm(), "objection": objection_form(pending), **forms}
    today = controller_today()
    flags = deadline_flags(item.due_date, today, not _is_open(item))
    return render_template(
        "requests/detail.html", item=item, events=list(reversed(events)), forms=forms, flags=flags,
        is_open=_is_open(item), types=TYPE_LABELS, can_extend=_extension_possible(item, today),
        objections=objections, pending_objections=pending,
        waiting_for="proof of identity" if item.pause_reason == PauseReason.IDENTITY else "a clarification",
        has_package=item.status == RequestStatus.COMPLETED
        and item.type in (RequestType.ACCESS, RequestType.PORTABILITY),
    ), status


@bp.get("/<uuid:request_id>")
@page_roles(*READER_ROLES)
def detail(request_id: uuid.UUID):
    return _render_detail(request_id)


def _act(request_id: uuid.UUID, name: str, form: FlaskForm, call, done: str):
    """Validate, call the service, and come back to the detail page (PRG)."""
    if form.validate_on_submit():
        try:
            call()
        except Conflict as error:
            flash(CONFLICT.format(error.message), "conflict")
        except ValidationFailed as error:
            for problem in apply_service_errors(form, error.errors):
                flash(problem, "error")
            return _render_detail(request_id, 422, **{name: form})
        else:
            flash(done, "success")
        return redirect(url_for("dsr.detail", request_id=request_id))
    return _render_detail(request_id, 422, **{name: form})


@bp.post("/<uuid:request_id>/start-verification")
@page_roles(*STAFF_ROLES)
def start_verification(request_id: uuid.UUID):
    return _act(request_id, "start", FlaskForm(),
                lambda: services.start_verification(web_actor(), request_id),
                "Identity verification started.")


@bp.post("/<uuid:request_id>/verify")
@page_roles(*STAFF_ROLES)
def verify(request_id: uuid.UUID):
    form = VerifyForm()
    return _act(request_id, "verify", form,
                lambda: services.verify_identity(web_actor(), request_id, form.method.data),
                "Identity verified; the request is in progress.")


@bp.post("/<uuid:request_id>/extend")
@page_roles(*STAFF_ROLES)
def extend(request_id: uuid.UUID):
    form = ExtendForm()
    return _act(request_id, "extend", form,
                lambda: services.extend_request(web_actor(), request_id, form.reason.data,
                                                form.notified_at_utc()),
                "The request was extended; the new due date is shown below.")


@bp.post("/<uuid:request_id>/reject")
@page_roles(*STAFF_ROLES)
def reject(request_id: uuid.UUID):
    form = RejectForm()
    return _act(request_id, "reject", form,
                lambda: services.reject_request(web_actor(), request_id, form.ground.data,
                                                form.explanation.data, form.law.data),
                "The request was refused with the ground recorded.")


@bp.post("/<uuid:request_id>/complete")
@page_roles(*STAFF_ROLES)
def complete(request_id: uuid.UUID):
    form = CompleteForm()
    return _act(request_id, "complete", form,
                lambda: services.complete_request(web_actor(), request_id, form.changes()),
                "The request was completed.")


@bp.post("/<uuid:request_id>/pause")
@page_roles(*STAFF_ROLES)
def pause(request_id: uuid.UUID):
    return _act(request_id, "pause", FlaskForm(),
                lambda: services.pause_request(web_actor(), request_id, PauseReason.CLARIFICATION),
                "The clock stands still until the person clarifies the request.")


@bp.post("/<uuid:request_id>/resume")
@page_roles(*STAFF_ROLES)
def resume(request_id: uuid.UUID):
    return _act(request_id, "resume", FlaskForm(),
                lambda: services.resume_request(web_actor(), request_id),
                "The clock runs again; the days it stood still were added to the due date.")


@bp.post("/<uuid:request_id>/objection-decision")
@page_roles(*STAFF_ROLES)
def decide_objection(request_id: uuid.UUID):
    form = objection_form([request.form.get("purpose", "")])
    return _act(request_id, "objection", form,
                lambda: services.decide_objection(web_actor(), request_id, {
                    "purpose": form.purpose.data, "decision": form.decision.data,
                    "ground": form.ground.data or None, "balancing": form.balancing.data}),
                "The decision on the objection was recorded.")


@bp.get("/<uuid:request_id>/package.<any(json, xlsx):fmt>")
@page_roles(*STAFF_ROLES)
def package(request_id: uuid.UUID, fmt: str):
    content, name, mimetype = public_services.download_package(web_actor(), request_id, fmt)
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
