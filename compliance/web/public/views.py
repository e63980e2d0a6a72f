"""Public pages: the request form (no account), its confirmation link, package downloads.

The form's answer is the same page whether or not we know the email address, and the form is
rate-limited; links carry signed tokens with the request id only.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for

from compliance.extensions import limiter
from compliance.requests import public_services
from compliance.requests.links import LinkExpired
from compliance.requests.public_services import FormOutcome
from compliance.web.public.forms import ConfirmForm, PublicRequestForm

bp = Blueprint("public_requests", __name__, url_prefix="/requests", template_folder="templates")


def _form_limit() -> str:
    return current_app.config["PUBLIC_FORM_RATE_LIMIT"]


# The public request form; /requests/new is its first address, kept for links already given out.
# Staff record requests at /requests/record (compliance.web.requests).
@bp.route("/make", methods=["GET", "POST"])
@bp.route("/new", methods=["GET", "POST"])
@limiter.limit(_form_limit, methods=["POST"])
def new_request():
    form = PublicRequestForm()
    if form.is_submitted() and form.website.data:
        public_services.refuse_public_request(FormOutcome.HONEYPOT)
        return redirect(url_for("public_requests.sent"), code=303)
    if form.validate_on_submit():
        if form.filled_too_fast():
            public_services.refuse_public_request(FormOutcome.TOO_FAST)
            return redirect(url_for("public_requests.sent"), code=303)
        public_services.submit_public_request({
            "type": form.type.data, "name": form.name.data.strip(), "email": form.email.data.strip(),
            "country": form.country.data, "kind": form.kind.data, "details": form.details.data,
        })
        return redirect(url_for("public_requests.sent"), code=303)
    status = 400 if request.method == "POST" else 200
    form.stamp()
    return render_template("public/request_form.html", form=form), status


@bp.get("/sent")
def sent():
    return render_template("public/request_sent.html")


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(_form_limit, methods=["POST"])
def confirm(token: str):
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            confirmed = public_services.confirm_public_request(token)
        except LinkExpired as error:
            return render_template("public/link_invalid.html", message=error.message), 410
        return render_template("public/request_confirmed.html", request_=confirmed)
    status = 400 if request.method == "POST" else 200
    return render_template("public/request_confirm.html", form=form), status


@bp.get("/package/<token>")
@limiter.limit(_form_limit)
def download_package(token: str):
    try:
        content, name, mimetype = public_services.download_package_by_link(token)
    except LinkExpired as error:
        return render_template("public/link_invalid.html", message=error.message), 410
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
