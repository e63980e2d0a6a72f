"""/api/v1/audit-events — read the trail and verify its chain."""

from flask.views import MethodView
from flask_smorest import Blueprint

from compliance.audit import services
from compliance.audit.schemas import AuditPageSchema, AuditQuerySchema, ChainVerdictSchema
from compliance.auth.access import READER_ROLES, require_roles
from compliance.pagination import page_body

blp = Blueprint("audit", __name__, url_prefix="/api/v1/audit-events",
                description="The tamper-evident audit trail")


@blp.route("")
class AuditEvents(MethodView):
    @require_roles(*READER_ROLES)
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditPageSchema)
    def get(self, query):
        """Browse events, newest first."""
        rows, total = services.list_events(query, query["page"], query["per_page"])
        return page_body(rows, total, query)


@blp.route("/verify")
class AuditVerify(MethodView):
    @require_roles(*READER_ROLES)
    @blp.response(200, ChainVerdictSchema)
    def get(self):
        """Recompute every link of the chain."""
        checked, found = services.verify_chain()
        return {
            "intact": found is None, "checked": checked, "head_hash": services.head_hash(),
            "first_broken_sequence": found.sequence if found else None,
            "reason": found.reason if found else None,
        }
