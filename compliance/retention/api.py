"""/api/v1/retention — legal holds and the preview of what falls due."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("retention", __name__, url_prefix="/api/v1/retention",
                description="Retention schedule enforcement: legal holds, due items, sweeps")
