"""Security headers for every response, and session handling for the web pages."""

from __future__ import annotations

from flask import Flask, Response, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

# Strict CSP: same-origin only, no inline script. The Swagger UI page (flask-smorest template)
# needs one inline bootstrap script; it alone gets 'unsafe-inline' for scripts.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)


def add_security_headers(response: Response) -> Response:
    docs = request.path.startswith("/api/v1/docs")
    response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:  # behind a TLS proxy: only with TRUSTED_PROXIES set
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if not request.path.startswith(("/static/", "/assets/")) and "docs-assets" not in request.path:
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def make_session_permanent() -> None:
    """Sessions expire after PERMANENT_SESSION_LIFETIME of inactivity."""
    session.permanent = True


def init_security(app: Flask) -> None:
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:  # X-Forwarded-* are believed only from that many proxies in front of us
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies,
                                x_port=proxies)
    app.after_request(add_security_headers)
    app.before_request(make_session_permanent)
