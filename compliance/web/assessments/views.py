"""Assessments: the gaps to close, the DPIAs with their risk map, the LIAs and the AI register.
Staff open and complete assessments here; auditors read. Every form posts, then redirects."""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, url_for

from compliance import vocabulary
from compliance.assessments import queries, services
from compliance.assessments.rules import DpiaStatus, residual_risk
from compliance.errors import Conflict, ValidationFailed
from compliance.policy_context import current_policies
from compliance.web.access import READER_ROLES, STAFF_ROLES, page_roles, web_actor
from compliance.web.assessments.forms import (
    AiSystemForm,
    ConsultationForm,
    DpiaForm,
    DpiaTextsForm,
    LiaForm,
    RiskForm,
    ValidateForm,
)
from compliance.web.assessments.matrix import LABELS, risk_map
from compliance.web.forms import apply_service_errors, choices

bp = Blueprint("assessments_web", __name__, url_prefix="/assessments", template_folder="templates")


def _forms(dpia_form=None, lia_form=None, ai_form=None) -> dict:
    policies = current_policies()
    dpia_form = dpia_form or DpiaForm()
    dpia_form.activities.choices = choices((a.id, a.name) for a in policies.processing_activities)
    lia_form = lia_form or LiaForm()
    lia_form.purpose.choices = choices((p.id, p.name) for p in policies.purposes.values()
                                       if p.lawful_basis == "f")
    ai_form = ai_form or AiSystemForm()
    ai_form.purposes.choices = choices((p.id, p.name) for p in policies.purposes.values())
    ai_form.dpia_id.choices = choices([("", "None yet")] + [(str(d.id), f"{d.reference} {d.title}")
                                                           for d in services.list_dpias()])
    return {"dpia_form": dpia_form, "lia_form": lia_form, "ai_form": ai_form}


def _index(status: int = 200, **forms):
    activity_names = {a.id: a.name for a in current_policies().processing_activities}
    dpias = [{"dpia": d, "residual": residual_risk(d.scores)} for d in services.list_dpias()]
    return render_template(
        "assessments/index.html", flags=queries.assessment_flags(), dpias=dpias, lias=services.list_lias(),
        systems=services.list_ai_systems(), activity_names=activity_names,
        ai_act=current_policies().ai_act, period_words=vocabulary.period, **_forms(**forms)), status


@bp.route("")
@page_roles(*READER_ROLES)
def index():
    return _index()


def _submitted(form, action, success: str, redirect_to, error_page):
    """Run ``action`` for a valid form; errors go back on the form (422), success redirects."""
    if form.validate_on_submit():
        try:
            result = action()
        except Conflict as error:
            flash(error.message, "conflict")
            return redirect(redirect_to(None))
        except ValidationFailed as error:
            for problem in apply_service_errors(form, error.errors):
                flash(problem, "error")
        else:
            flash(success, "success")
            return redirect(redirect_to(result))
    return error_page()


@bp.route("/dpias", methods=["POST"])
@page_roles(*STAFF_ROLES)
def open_dpia():
    form = _forms()["dpia_form"]
    return _submitted(
        form, lambda: services.create_dpia(web_actor(), {"title": form.title.data,
                                                         "activities": form.activities.data}),
        "The DPIA was opened as a draft.",
        lambda dpia: url_for("assessments_web.dpia", dpia_id=dpia.id) if dpia else url_for(".index"),
        lambda: _index(422, dpia_form=form))


@bp.route("/lias", methods=["POST"])
@page_roles(*STAFF_ROLES)
def record_lia():
    form = _forms()["lia_form"]
    fields = ("purpose", "interest", "purpose_outcome", "necessity", "necessity_outcome", "balancing",
              "balancing_outcome", "safeguards")
    return _submitted(
        form, lambda: services.record_lia(web_actor(), {f: getattr(form, f).data or None for f in fields}),
        "The legitimate interests assessment was recorded.", lambda _lia: url_for(".index"),
        lambda: _index(422, lia_form=form))


@bp.route("/ai-systems", methods=["POST"])
@page_roles(*STAFF_ROLES)
def register_ai_system():
    form = _forms()["ai_form"]

    def register():
        data = {name: getattr(form, name).data for name in (
            "name", "provider", "purposes", "annex_iii", "solely_automated", "significant_effect", "logic",
            "significance")}
        data["human_oversight"] = form.human_oversight.data or None
        data["log_retention"] = form.log_retention.data or None
        data["dpia_id"] = uuid.UUID(form.dpia_id.data) if form.dpia_id.data else None
        return services.register_ai_system(web_actor(), data)

    return _submitted(form, register, "The AI system was added to the register.",
                      lambda _system: url_for(".index"), lambda: _index(422, ai_form=form))


# -- one DPIA ------------------------------------------------------------------------------------


def _dpia_page(dpia_id: uuid.UUID, status: int = 200, **forms):
    dpia = services.load_dpia(dpia_id)
    texts = forms.get("texts") or DpiaTextsForm(obj=dpia)
    consultation = forms.get("consultation") or ConsultationForm(obj=dpia)
    scores = dpia.scores
    return render_template(
        "assessments/dpia.html", dpia=dpia, scores=scores, residual=residual_risk(scores),
        chart=risk_map(f"Risk map of {dpia.reference}", scores), labels=LABELS,
        activity_names={a.id: a.name for a in current_policies().processing_activities},
        texts=texts, risk_form=forms.get("risk") or RiskForm(), consultation=consultation,
        validate_form=forms.get("validate") or ValidateForm(), DpiaStatus=DpiaStatus), status


@bp.route("/dpias/<uuid:dpia_id>")
@page_roles(*READER_ROLES)
def dpia(dpia_id: uuid.UUID):
    return _dpia_page(dpia_id)


def _back(dpia_id):
    return lambda _result: url_for(".dpia", dpia_id=dpia_id)


@bp.route("/dpias/<uuid:dpia_id>/texts", methods=["POST"])
@page_roles(*STAFF_ROLES)
def dpia_texts(dpia_id: uuid.UUID):
    form = DpiaTextsForm()
    names = ("context", "necessity", "dpo_opinion", "subjects_opinion")
    return _submitted(
        form, lambda: services.update_dpia(web_actor(), dpia_id, {n: getattr(form, n).data or None
                                                                   for n in names}),
        "The DPIA was updated.", _back(dpia_id), lambda: _dpia_page(dpia_id, 422, texts=form))


@bp.route("/dpias/<uuid:dpia_id>/risks", methods=["POST"])
@page_roles(*STAFF_ROLES)
def dpia_risk(dpia_id: uuid.UUID):
    form = RiskForm()

    def assess():
        data = {n: int(getattr(form, n).data) for n in (
            "severity_before", "likelihood_before", "severity_after", "likelihood_after")}
        return services.assess_risk(web_actor(), dpia_id, {"kind": form.kind.data,
                                                           "measures": form.measures.data or None, **data})

    return _submitted(form, assess, "The feared event was assessed.", _back(dpia_id),
                      lambda: _dpia_page(dpia_id, 422, risk=form))


@bp.route("/dpias/<uuid:dpia_id>/consultation", methods=["POST"])
@page_roles(*STAFF_ROLES)
def dpia_consultation(dpia_id: uuid.UUID):
    form = ConsultationForm()
    names = ("consultation_authority", "consultation_submitted_on", "consultation_answered_on",
             "consultation_outcome")
    return _submitted(
        form, lambda: services.update_dpia(web_actor(), dpia_id, {n: getattr(form, n).data or None
                                                                   for n in names}),
        "The prior consultation was recorded.", _back(dpia_id),
        lambda: _dpia_page(dpia_id, 422, consultation=form))


@bp.route("/dpias/<uuid:dpia_id>/submit", methods=["POST"])
@page_roles(*STAFF_ROLES)
def dpia_submit(dpia_id: uuid.UUID):
    form = ValidateForm()
    return _submitted(form, lambda: services.submit_dpia(web_actor(), dpia_id),
                      "The DPIA was submitted for review.", _back(dpia_id),
                      lambda: _dpia_page(dpia_id, 422, validate=form))


@bp.route("/dpias/<uuid:dpia_id>/validate", methods=["POST"])
@page_roles(*STAFF_ROLES)
def dpia_validate(dpia_id: uuid.UUID):
    form = ValidateForm()
    return _submitted(form, lambda: services.validate_dpia(web_actor(), dpia_id, form.review_due.data),
                      "The DPIA was validated.", _back(dpia_id),
                      lambda: _dpia_page(dpia_id, 422, validate=form))
