"""The compliance service: ``create_app`` builds a configured Flask application.

Nothing happens at import time; all I/O (instance folder, key material, policies) happens in
``create_app``.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from flask import Flask

from compliance import config as default_config

REPO_ROOT = Path(__file__).resolve().parent.parent

#: Feature packages whose ``api`` module defines a flask-smorest ``blp``.
API_MODULES = (
    "compliance.subjects.api",
    "compliance.audit.api",
    "compliance.auth.api",
    "compliance.breaches.api",
    "compliance.assessments.api",
    "compliance.reports.api",
    "compliance.consent.api",
    "compliance.retention.api",
    "compliance.placements.api",
    "compliance.placements.insurance_api",
    "compliance.placements.member_states_api",
    "compliance.requests.api",
    "compliance.applications.api",
)
#: Modules defining a Flask blueprint ``bp`` for server-rendered pages: the shared layout first,
#: then each feature's pages in compliance/web/<feature>/ (views, forms, templates/<feature>/).
WEB_MODULES = (
    "compliance.web.layout",
    "compliance.web.auth.views",
    "compliance.web.overview.views",
    "compliance.web.subjects.views",
    "compliance.web.audit.views",
    "compliance.web.users.views",
    "compliance.web.member_states.views",
    "compliance.web.requests.views",
    "compliance.web.portal.views",
    "compliance.web.consent.public",
    "compliance.web.public.views",
    "compliance.web.breaches.views",
    "compliance.web.consent.views",
    "compliance.web.retention.views",
    "compliance.web.retention.sweeps",
    "compliance.web.placements.views",
    "compliance.web.insurance.views",
    "compliance.web.exports.views",
    "compliance.web.assessments.views",
)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config layers, key material, policies, extensions, blueprints."""
    instance_path = default_config.instance_path_from_env() or str(REPO_ROOT / "instance")
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    _configure(app, test_config)
    _load_key_material(app)
    _load_policies(app)
    _init_extensions(app)
    _register_blueprints(app)
    from compliance.cli import register_commands

    register_commands(app)
    return app


def _configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_mapping(default_config.defaults())
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(default_config.ENV_PREFIX)
    if test_config:
        app.config.from_mapping(test_config)
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True, mode=0o700)
    app.config["SQLALCHEMY_DATABASE_URI"] = default_config.normalise_database_url(
        app.config.get("DATABASE_URL") or f"sqlite:///{instance / 'compliance.sqlite'}"
    )
    app.config["SQLALCHEMY_BINDS"] = {
        "keys": default_config.normalise_database_url(
            app.config.get("KEYSTORE_URL") or f"sqlite:///{instance / 'keys.sqlite'}"
        )
    }
    app.config.setdefault("KEYRING_PATH", None)
    app.config["KEYRING_PATH"] = app.config["KEYRING_PATH"] or str(instance / "keyring.json")
    app.config["AUDIT_CHECKPOINT_PATH"] = (app.config.get("AUDIT_CHECKPOINT_PATH")
                                           or str(instance / "audit-checkpoints.jsonl"))
    app.config["POLICIES_DIR"] = app.config.get("POLICIES_DIR") or str(REPO_ROOT / "policies")
    app.config["OPENAPI_SWAGGER_UI_PATH"] = "/docs"
    app.config["OPENAPI_SWAGGER_UI_URL"] = "/api/v1/docs-assets/"


def _load_key_material(app: Flask) -> None:
    from compliance.keyfile import KeyringFile, load_or_create_keyring
    from compliance.keystore.services import EXTENSION_KEY, forget_cached_keys

    app.teardown_request(forget_cached_keys)
    path = Path(app.config["KEYRING_PATH"])
    keyring, created = load_or_create_keyring(path)
    app.extensions[EXTENSION_KEY] = KeyringFile(path, keyring)
    app.extensions["compliance.keyring_created"] = created
    if created:
        app.logger.info("generated new key material in %s", path)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = keyring.secret_key


def _load_policies(app: Flask) -> None:
    from compliance.policies import PolicyError, load_policies
    from compliance.policy_context import EXTENSION_KEY

    policies = load_policies(app.config["POLICIES_DIR"])
    country = app.config["CONTROLLER_COUNTRY"]
    if policies.lead_authority.country != country:  # the main establishment is the controller's
        raise PolicyError(f"policies/lead_authority.yaml: main_establishment: must be the controller's "
                          f"country, CONTROLLER_COUNTRY in the configuration ({country})")
    app.extensions[EXTENSION_KEY] = policies


def _init_extensions(app: Flask) -> None:
    from compliance import sqlite_pragmas
    from compliance.extensions import api, csrf, db, limiter, login_manager, migrate

    sqlite_pragmas.install()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    api.init_app(app, spec_kwargs={"servers": [{"url": "/"}]})
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "compliance tokens create EMAIL"}
    )
    api.spec.options["security"] = [{"bearerAuth": []}]
    from compliance import request_parsing
    from compliance.fields import policy_choice_enum

    api.ma_plugin.converter.add_attribute_function(policy_choice_enum)
    request_parsing.init_app(app)
    from compliance import i18n

    i18n.init_app(app)
    _import_models()
    with app.app_context():
        _check_key_store(app)
    from compliance.audit.background import install

    install(app)
    if not app.config["AUDIT_EVENTS"]:
        app.logger.warning("AUDIT_EVENTS is off: nothing is recorded in the audit trail (benchmarks only)")


def _import_models() -> None:
    """Import every models module so metadata (create_all, Alembic) knows all tables."""
    for package in ("keystore", "audit", "auth", "subjects", "consent", "requests",
                    "retention", "placements", "breaches", "applications", "assessments"):
        importlib.import_module(f"compliance.{package}.models")


def _check_key_store(app: Flask) -> None:
    """Refuse to start unless key material, key store and main database belong together."""
    from compliance.crypto import KeyMaterialError
    from compliance.extensions import db
    from compliance.keystore.checks import check_key_material_at_start

    created = app.extensions["compliance.keyring_created"]
    try:
        check_key_material_at_start(app, created)
    except KeyMaterialError:
        if created:
            Path(app.config["KEYRING_PATH"]).unlink(missing_ok=True)  # a new file would decrypt nothing
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()  # the app is refused: leave no pooled connection behind
        raise
    finally:
        db.session.remove()


def _register_blueprints(app: Flask) -> None:
    from compliance.api_errors import declare_common_errors
    from compliance.extensions import api

    csrf_exempt = app.extensions["csrf"].exempt
    with app.app_context():  # the document lists values the policy data fixes (e.g. purposes)
        for module_name in API_MODULES:
            blp = importlib.import_module(module_name).blp
            csrf_exempt(blp)  # bearer tokens only, never cookies: nothing for CSRF to ride on
            api.register_blueprint(blp)
    declare_common_errors(api.spec)
    for module_name in WEB_MODULES:
        app.register_blueprint(importlib.import_module(module_name).bp)
    from compliance.web.api_docs import docs_assets

    app.register_blueprint(docs_assets)
