"""Public pages behind the e-mailed one-time links: GET shows what the link does, POST does it."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from compliance.consent import renewal
from compliance.extensions import limiter
from compliance.web.consent.forms import ConsentLinkForm

bp = Blueprint("consent_public", __name__, url_prefix="/consent", template_folder="templates")


def _form_limit() -> str:
    return current_app.config["PUBLIC_FORM_RATE_LIMIT"]


@bp.route("/l/<token>", methods=["GET", "POST"])
@limiter.limit(_form_limit, methods=["POST"])
def consent_link(token: str):
    try:
        view = renewal.open_link(token)
    except renewal.LinkInvalid as error:
        return render_template("consent/link_invalid.html", message=error.message), 410
    form = ConsentLinkForm()
    if form.validate_on_submit():
        action = "renew" if form.renew.data and "renew" in view.actions else "withdraw"
        evidence = {"ip": request.remote_addr, "user_agent": request.user_agent.string[:500]}
        try:
            event = renewal.use_link(token, action, evidence)
        except renewal.LinkInvalid as error:
            return render_template("consent/link_invalid.html", message=error.message), 410
        return render_template("consent/link_done.html", view=view, event=event)
    status = 400 if request.method == "POST" else 200
    return render_template("consent/link.html", view=view, form=form), status
