"""/api/v1/exports — regulator-ready workbooks for the DPO, admins and auditors (audited)."""

from __future__ import annotations

from flask import send_file
from flask.views import MethodView
from flask_smorest import Blueprint

from compliance.auth.access import READER_ROLES, current_actor, require_roles
from compliance.reports import services
from compliance.reports.filters import ExportFilters
from compliance.reports.schemas import ExportListSchema, ExportQuerySchema
from compliance.timeutil import controller_today
from exports import XLSX_MIMETYPE
from exports.pdf import MAX_PDF_ROWS, PDF_MIMETYPE

blp = Blueprint("exports", __name__, url_prefix="/api/v1/exports",
                description="Exports: RoPA, registers, bordereau, as workbooks or PDF documents "
                            "(every export is audited)")


@blp.route("")
class Exports(MethodView):
    @require_roles(*READER_ROLES)
    @blp.response(200, ExportListSchema)
    def get(self):
        """The workbooks that can be exported and the filters each takes."""
        return {"items": services.describe_exports()}


@blp.route("/<string:name>.xlsx")
class ExportByName(MethodView):
    @require_roles(*READER_ROLES)
    @blp.arguments(ExportQuerySchema, location="query")
    @blp.doc(responses={"200": {"description": "The workbook",
                                "content": {XLSX_MIMETYPE: {"schema": {"type": "string",
                                                                       "format": "binary"}}}}})
    def get(self, query, name: str):
        """Build the workbook ``name`` (filters: ``from``, ``to``, ...) and send it as a download."""
        file, _ = services.export_to_tempfile(current_actor(), name, ExportFilters(**query))
        return send_file(file, mimetype=XLSX_MIMETYPE, as_attachment=True,
                         download_name=f"{name}-{controller_today().isoformat()}.xlsx", max_age=0)


@blp.route("/<string:name>.pdf")
class ExportPdfByName(MethodView):
    @require_roles(*READER_ROLES)
    @blp.arguments(ExportQuerySchema, location="query")
    @blp.doc(responses={"200": {"description": "The same rows as the workbook, as a PDF document to read "
                                               "and print (the RoPA one activity per block, registers as "
                                               f"tables; at most {MAX_PDF_ROWS} rows), ending with the "
                                               "workbook's About facts",
                                "content": {PDF_MIMETYPE: {"schema": {"type": "string",
                                                                      "format": "binary"}}}}})
    def get(self, query, name: str):
        """Build export ``name`` as a PDF (filters as for the workbook) and send it as a download."""
        file, _ = services.export_to_tempfile(current_actor(), name, ExportFilters(**query), fmt="pdf")
        return send_file(file, mimetype=PDF_MIMETYPE, as_attachment=True,
                         download_name=f"{name}-{controller_today().isoformat()}.pdf", max_age=0)
