"""Exports: one form per workbook (the names and filters come from the reports service), each
downloading the workbook (or the same rows as a PDF document) built and audited by that service.
Dates are UTC calendar days, inclusive. A POST, because every export is recorded in the audit trail."""

from __future__ import annotations

from flask import Blueprint, render_template, send_file

from compliance.errors import ValidationFailed
from compliance.reports import services
from compliance.reports.filters import ExportFilters
from compliance.timeutil import controller_today
from compliance.web.access import READER_ROLES, page_roles, web_actor
from compliance.web.exports.forms import ExportForm, export_form
from compliance.web.forms import apply_service_errors

bp = Blueprint("exports_web", __name__, url_prefix="/exports", template_folder="templates")
#: Form field -> ExportFilters field, and the service's error keys -> form field.
FIELDS = {"date_from": "date_from", "date_to": "date_to", "purpose": "purpose",
          "policy_number": "policy_number"}
ERROR_FIELDS = {"from": "date_from", "to": "date_to", "format": "format"}


def _render(forms: dict[str, ExportForm], status: int = 200):
    return render_template("exports/index.html", exports=services.describe_exports(), forms=forms), status


@bp.get("")
@page_roles(*READER_ROLES)
def index():
    return _render({name: export_form(name) for name in services.export_names()})


@bp.post("/<name>")
@page_roles(*READER_ROLES)
def download(name: str):
    form = export_form(name)
    forms = {other: export_form(other) for other in services.export_names()} | {name: form}
    if not form.validate_on_submit():
        return _render(forms, 422)
    taken = services.source_for(name, ExportFilters()).filters  # 404 for an unknown workbook
    try:
        filters = ExportFilters(**{FIELDS[f]: form[f].data or None for f in FIELDS if FIELDS[f] in taken})
        fmt = form.format.data
        file, _ = services.export_to_tempfile(web_actor(), name, filters, fmt=fmt)
    except ValidationFailed as error:
        errors = {ERROR_FIELDS.get(k, k): v for k, v in error.errors.items()}
        form.form_errors = apply_service_errors(form, errors)
        return _render(forms, 422)
    return send_file(file, mimetype=services.FORMATS[fmt], as_attachment=True, max_age=0,
                     download_name=f"{name}-{controller_today().isoformat()}.{fmt}")
