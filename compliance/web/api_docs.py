"""Serves the Swagger UI bundle locally (no CDN) for the interactive docs at /api/v1/docs."""

from flask import Blueprint, send_from_directory
from swagger_ui_bundle import swagger_ui_path

docs_assets = Blueprint("docs_assets", __name__, url_prefix="/api/v1/docs-assets")


@docs_assets.get("/<path:filename>")
def asset(filename: str):
    return send_from_directory(str(swagger_ui_path), filename, max_age=3600)
