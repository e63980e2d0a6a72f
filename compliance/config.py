"""Configuration, in layers (later wins):

1. the documented defaults below;
2. ``instance/config.py`` (optional; see instance/config.example.py);
3. ``COMPLIANCE_*`` environment variables (``COMPLIANCE_DATABASE_URL`` sets ``DATABASE_URL``;
   values are parsed as JSON when they can be, so ``COMPLIANCE_SESSION_COOKIE_SECURE=false`` works);
4. the ``test_config`` mapping passed to ``create_app``.

``COMPLIANCE_INSTANCE_PATH`` moves the instance folder (databases, key material, outbox).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flask import current_app

ENV_PREFIX = "COMPLIANCE"

# --- storage -------------------------------------------------------------------------------
#: Main database. Default: SQLite file ``compliance.sqlite`` in the instance folder.
DATABASE_URL: str | None = None
#: Key store (wrapped per-subject data keys). Keep it apart from the main database so that a
#: backup of the main database alone cannot be decrypted. Default: ``keys.sqlite`` in the instance folder.
KEYSTORE_URL: str | None = None
#: Key material file (master keys, blind-index key), generated on first start, mode 0600.
KEYRING_PATH: str | None = None
#: Compliance policy data (YAML). Default: the repository's ``policies/`` folder.
POLICIES_DIR: str | None = None

# --- audit trail ----------------------------------------------------------------------------
#: File the signed checkpoints of the audit trail are appended to (one JSON line each), outside
#: the database. Copy it off the database host. Default: ``audit-checkpoints.jsonl`` in the
#: instance folder. With several hosts, give each its own file (``audit verify`` takes the others
#: with ``--checkpoint``) or put it on storage they share.
AUDIT_CHECKPOINT_PATH: str | None = None
#: Seconds between two checkpoints while events arrive (every export issues one as well).
AUDIT_CHECKPOINT_INTERVAL = 300
#: Seal appended events from a background thread in each process (until the job queue does).
AUDIT_BACKGROUND_SEALING = True
#: Seconds the sealer waits after a commit for more events, to seal them in one batch.
AUDIT_SEAL_DELAY = 1.0
#: Seconds between two looks for events committed by other processes (and due checkpoints).
AUDIT_SEAL_INTERVAL = 5.0
#: Record audit events. Only bench/bench_audited_read.py turns this off, to measure what the
#: trail costs. Never in production: reads of personal data would go unrecorded.
AUDIT_EVENTS = True

# --- the controller ------------------------------------------------------------------------
# Its identity is stated here only: every report, workbook, answer package and the record of
# processing activities read it through ``current_controller()``.
CONTROLLER_NAME = "SkillSeek OÜ"
CONTROLLER_REGISTRY_CODE = "16746587"
CONTROLLER_ADDRESS = "Tallinn, Estonia"
CONTROLLER_DPO_NAME = "Data Protection Officer"
CONTROLLER_DPO_CONTACT = "dpo@skillseek.example"
#: GDPR Art 27 representative; None: established in the EU, so none is needed.
CONTROLLER_REPRESENTATIVE: str | None = None
#: Member state of establishment: its public holidays and time zone govern legal deadlines
#: (Reg 1182/71), its authority is the lead one (GDPR Art 56(1)). Must be an EEA state.
CONTROLLER_COUNTRY = "EE"
TIMEZONE = "Europe/Tallinn"

# --- web and API ---------------------------------------------------------------------------
SECRET_KEY: str | None = None  # generated into the instance folder on first start
MAX_CONTENT_LENGTH = 1 * 1024 * 1024  # bytes; larger bodies get 413
JSON_MAX_DEPTH = 16  # levels of nested arrays/objects in an API body; deeper ones get 400
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_SECURE = True
REMEMBER_COOKIE_HTTPONLY = True
PERMANENT_SESSION_LIFETIME = timedelta(minutes=30)  # idle session timeout
WTF_CSRF_TIME_LIMIT = None  # tied to the session instead
#: How many reverse proxies (e.g. the TLS terminator) stand in front of the service and set
#: X-Forwarded-For/-Proto/-Host/-Port; 0 (default) believes none of those headers. Set it to 1
#: behind one proxy: rate limits then count the real client, and HSTS is sent over TLS.
TRUSTED_PROXIES = 0
RATELIMIT_STORAGE_URI = "memory://"  # e.g. redis://127.0.0.1:6379/0 with several workers
RATELIMIT_HEADERS_ENABLED = True
#: Per client IP (see TRUSTED_PROXIES); past it, 429 and an audited lockout.
LOGIN_RATE_LIMIT = "10 per minute"
#: Per account: wrong passwords in a row that cost nothing; each further one doubles the time the
#: account refuses sign-ins (even with the right password), from BASE up to MAX seconds.
LOGIN_BACKOFF_FREE_FAILURES = 3
LOGIN_BACKOFF_BASE_SECONDS = 2
LOGIN_BACKOFF_MAX_SECONDS = 900
#: Per client IP (after the trusted proxy, if any): bursts and a daily budget; past it, 429.
PUBLIC_FORM_RATE_LIMIT = "5 per minute;20 per day"
#: Public-form requests accepted per target email address in 24 hours; past it the form answers
#: as always, but nothing is stored or mailed (the refusal is audited without the address).
PUBLIC_FORM_ADDRESS_DAILY_LIMIT = 3
#: A form sent back sooner than this after it was served is taken for a robot (answered alike,
#: nothing stored). 0 turns the check off.
PUBLIC_FORM_MIN_FILL_SECONDS = 3
API_PAGE_SIZE_MAX = 100
#: Days an API token works after it is issued, unless `tokens create --days` says otherwise.
TOKEN_LIFETIME_DAYS = 90

# --- links, windows and caches -------------------------------------------------------------
#: Seconds an e-mailed confirmation link of the public request form stays valid.
CONFIRMATION_LINK_MAX_AGE = 3 * 24 * 3600
#: Seconds a download link for an access/portability package stays valid.
PACKAGE_LINK_MAX_AGE = 7 * 24 * 3600
#: Days an e-mailed consent renewal/withdrawal link stays valid (one use only).
CONSENT_LINK_MAX_AGE_DAYS = 45
#: Seconds the dashboard reuses its monthly charts and portfolio verdict counts.
WEB_CHART_CACHE_SECONDS = 600

# --- outgoing mail -------------------------------------------------------------------------
#: ``outbox`` writes .eml files into ``<instance>/outbox`` (development); ``smtp`` sends.
MAIL_BACKEND = "outbox"
MAIL_SENDER = "privacy@skillseek.example"
SMTP_HOST = "localhost"
SMTP_PORT = 25
SMTP_USERNAME: str | None = None
SMTP_PASSWORD: str | None = None
SMTP_STARTTLS = True
#: CA bundle (PEM file) to verify the SMTP server's certificate with; None: the system's CAs.
#: The certificate is always verified and its host name checked.
SMTP_CA_FILE: str | None = None
#: Base URL used in emailed links (confirmation, withdrawal, renewal).
PUBLIC_BASE_URL = "http://127.0.0.1:5000"

# --- flask-smorest -------------------------------------------------------------------------
API_TITLE = "Compliance service API"
API_VERSION = "v1"
OPENAPI_VERSION = "3.0.3"
OPENAPI_URL_PREFIX = "/api/v1"
OPENAPI_JSON_PATH = "openapi.json"
OPENAPI_REDOC_PATH = "/docs"
OPENAPI_REDOC_URL = None  # set below to a locally served bundle when one exists
OPENAPI_SWAGGER_UI_PATH = None

SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}


@dataclass(frozen=True)
class Controller:
    """The controller (GDPR Art 4(7), Art 30(1)(a)) as this installation is configured."""

    name: str
    registry_code: str
    address: str
    country: str
    dpo_name: str
    dpo_contact: str
    representative: str | None


def controller_from(config: Mapping) -> Controller:
    return Controller(
        config["CONTROLLER_NAME"], str(config["CONTROLLER_REGISTRY_CODE"]),
        config["CONTROLLER_ADDRESS"], config["CONTROLLER_COUNTRY"], config["CONTROLLER_DPO_NAME"],
        config["CONTROLLER_DPO_CONTACT"], config.get("CONTROLLER_REPRESENTATIVE"))


def current_controller() -> Controller:
    """The running app's controller."""
    return controller_from(current_app.config)


def defaults() -> dict:
    """The documented defaults above, as a dict of UPPER_CASE names."""
    return {k: v for k, v in globals().items() if k.isupper() and k != "ENV_PREFIX"}


def instance_path_from_env() -> str | None:
    """The instance folder named by ``COMPLIANCE_INSTANCE_PATH``, if any (absolute)."""
    path = os.environ.get(f"{ENV_PREFIX}_INSTANCE_PATH")
    return str(Path(path).resolve()) if path else None


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for ``postgres://`` and ``postgresql://`` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
