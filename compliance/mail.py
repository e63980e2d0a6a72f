"""Outgoing mail through a pluggable sender.

``MAIL_BACKEND = "outbox"`` (development, tests) writes each message as an .eml file into
``<instance>/outbox/``; ``"smtp"`` sends through SMTP_HOST. Mail bodies may carry personal data
(they go to the person concerned), so outbox files are owner-only and never logged.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import uuid
from email.message import EmailMessage
from pathlib import Path

from flask import current_app


def send_mail(to: str, subject: str, body: str) -> str:
    """Send (or write to the outbox) one plain-text message; returns its Message-ID."""
    config = current_app.config
    message = EmailMessage()
    message_id = f"<{uuid.uuid4()}@compliance>"
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message.set_content(body)
    if config["MAIL_BACKEND"] == "smtp":
        _send_smtp(message)
    else:
        _write_outbox(message, message_id)
    return message_id


def outbox_dir() -> Path:
    return Path(current_app.instance_path) / "outbox"


def _write_outbox(message: EmailMessage, message_id: str) -> None:
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{message_id.strip('<>').split('@')[0]}.eml"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(bytes(message))


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls(context=smtp_tls_context())
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(message)


def smtp_tls_context() -> ssl.SSLContext:
    """Certificates are verified and the host name checked (the default context); SMTP_CA_FILE
    names the CA bundle of a server whose certificate the system's CAs do not sign."""
    return ssl.create_default_context(cafile=current_app.config["SMTP_CA_FILE"])


def read_outbox() -> list[EmailMessage]:
    """Messages in the outbox, oldest first (for tests and the dev dashboard)."""
    from email import policy
    from email.parser import BytesParser

    folder = outbox_dir()
    if not folder.exists():
        return []
    files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in files]
