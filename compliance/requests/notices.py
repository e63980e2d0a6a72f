"""Emails to the requester: the confirmation link and the answer-package links.

Bodies carry the request reference and links (tokens with the request id only), never the
person's name: the message goes to the address typed, which may not be the person we know.
"""

from __future__ import annotations

from datetime import timedelta

from compliance.mail import send_mail
from compliance.requests.links import (
    confirmation_max_age,
    confirmation_token,
    formats_for,
    package_max_age,
    package_token,
    public_url,
)
from compliance.requests.models import SubjectRequest
from compliance.timeutil import utcnow

CONFIRM_PATH = "/requests/confirm/"
PACKAGE_PATH = "/requests/package/"


def confirmation_link(request: SubjectRequest) -> str:
    return public_url(CONFIRM_PATH + confirmation_token(request.id))


def package_links(request: SubjectRequest, mark: str) -> dict:
    """Download links per format (for the address ``mark`` names) and when they expire."""
    expires = utcnow() + timedelta(seconds=package_max_age())
    links = {fmt: public_url(PACKAGE_PATH + package_token(request.id, fmt, mark))
             for fmt in formats_for(request.type)}
    return {"links": links, "expires_at": expires.isoformat(timespec="seconds")}


def send_confirmation(to: str, request: SubjectRequest) -> None:
    hours = confirmation_max_age() // 3600
    send_mail(to, f"Please confirm your data protection request {request.reference}", (
        "We received a data protection request from this email address.\n\n"
        f"Reference: {request.reference}\n\n"
        f"To confirm that you made it, open this link within {hours} hours:\n"
        f"{confirmation_link(request)}\n\n"
        "If you did not make this request, ignore this message; nothing will be done with it.\n"
    ))


def send_package_links(to: str, request: SubjectRequest, mark: str) -> None:
    found = package_links(request, mark)
    lines = "\n".join(f"  {fmt}: {url}" for fmt, url in found["links"].items())
    send_mail(to, f"Your copy of your personal data ({request.reference})", (
        f"Your request {request.reference} has been answered.\n\n"
        "Download the copy of your personal data (JSON is machine-readable, XLSX opens in a "
        f"spreadsheet program). The links expire at {found['expires_at']} (UTC):\n{lines}\n"
    ))
