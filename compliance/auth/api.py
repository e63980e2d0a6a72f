"""/api/v1/me — who the bearer token belongs to."""

from flask.views import MethodView
from flask_smorest import Blueprint

from compliance.auth.access import ANY_ROLE, api_user, require_roles
from compliance.auth.schemas import MeSchema

blp = Blueprint("auth", __name__, url_prefix="/api/v1/me", description="The calling account")


@blp.route("")
class Me(MethodView):
    @require_roles(*ANY_ROLE)
    @blp.response(200, MeSchema)
    def get(self):
        """The calling user's id, role and (for members) member subject."""
        return api_user()
