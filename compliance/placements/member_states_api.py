"""/api/v1/member-states — the per-state rules the cross-border findings rely on."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from compliance.auth.access import ANY_ROLE, require_roles
from compliance.placements import member_states
from compliance.placements.schemas import MemberStateSchema

blp = Blueprint("member_states", __name__, url_prefix="/api/v1/member-states",
                description="EEA member-state rules as policy data, with sources")


@blp.route("")
class MemberStates(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.response(200, MemberStateSchema(many=True))
    def get(self):
        """All 30 EEA states (EU27 + IS, LI, NO)."""
        return member_states.list_member_states()


@blp.route("/<string:code>")
class MemberStateByCode(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.response(200, MemberStateSchema)
    def get(self, code: str):
        return member_states.get_member_state(code)
