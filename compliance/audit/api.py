"""/api/v1/audit-events: read the trail, verify it, and fetch the signed checkpoints."""

import base64

from flask.views import MethodView
from flask_smorest import Blueprint

from compliance.audit import services
from compliance.audit.checkpoints import public_key_id, public_key_of
from compliance.audit.schemas import (
    AuditPageSchema,
    AuditQuerySchema,
    ChainVerdictSchema,
    CheckpointListSchema,
    CheckpointQuerySchema,
    HandedInSchema,
)
from compliance.audit.verification import TrailVerdict, verify_handed_in, verify_trail
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
        """Recompute every link, compare the head and every checkpoint issued."""
        return _verdict_body(verify_trail())

    @require_roles(*READER_ROLES)
    @blp.arguments(HandedInSchema)
    @blp.response(200, ChainVerdictSchema)
    def post(self, body):
        """The same, also proving checkpoints the auditor kept (from exports or earlier fetches)."""
        return _verdict_body(verify_handed_in(body["checkpoints"]))


@blp.route("/checkpoints")
class AuditCheckpoints(MethodView):
    @require_roles(*READER_ROLES)
    @blp.arguments(CheckpointQuerySchema, location="query")
    @blp.response(200, CheckpointListSchema)
    def get(self, query):
        """Signed checkpoints of the sealed head, newest first, with the key that verifies them."""
        key = services.signing_key()
        return {"key_id": public_key_id(key), "public_key": base64.b64encode(public_key_of(key)).decode(),
                "items": [c.to_dict() for c in services.checkpoint_log().newest(query["limit"])]}


def _verdict_body(verdict: TrailVerdict) -> dict:
    first = verdict.first_problem
    return {"intact": verdict.intact, "checked": verdict.checked, "head_sequence": verdict.head[0],
            "head_hash": verdict.head[1], "pending": verdict.pending,
            "checkpoints_checked": verdict.checkpoints, "problems": verdict.problems,
            "first_broken_sequence": first.sequence if first else None,
            "reason": first.message if first else None}
