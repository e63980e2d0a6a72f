"""Shared fixtures: a real app on a real database (SQLite files by default, PostgreSQL when
COMPLIANCE_TEST_DATABASE_URL is set), real encryption, and factories for users and subjects.

Isolation: every test starts from empty tables. Tests commit for real (services own their
transactions, and concurrency tests need separate connections), so instead of a rollback the
fixture deletes all rows after each test.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from compliance import create_app
from compliance.audit.services import CLI_ACTOR
from compliance.extensions import db

# Tests say "today" with date.today(); the service's today is the controller's (Europe/Tallinn, the
# default TIMEZONE). The test process runs in that zone so the two agree at every hour: between 22:00
# and 24:00 UTC (21:00-24:00 in winter) Tallinn is already on the next day. The service itself never
# reads the process's zone (tz-aware UTC times, controller_today()).
os.environ["TZ"] = "Europe/Tallinn"
time.tzset()

TEST_DB_ENV = "COMPLIANCE_TEST_DATABASE_URL"
TEST_KEYS_ENV = "COMPLIANCE_TEST_KEYSTORE_URL"
PASSWORD = "correct horse battery staple"


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: needs SQLite's on-disk files")


def pytest_collection_modifyitems(items):
    """Browser tests last: their live server shares the database for the whole session."""
    items.sort(key=lambda item: "tests/e2e/" in str(item.fspath).replace("\\", "/"))


def on_postgres() -> bool:
    return bool(os.environ.get(TEST_DB_ENV))


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="session")
def database_urls(instance_dir) -> dict:
    main = os.environ.get(TEST_DB_ENV) or f"sqlite:///{instance_dir / 'compliance.sqlite'}"
    keys = os.environ.get(TEST_KEYS_ENV) or (
        main if on_postgres() else f"sqlite:///{instance_dir / 'keys.sqlite'}"
    )
    return {"DATABASE_URL": main, "KEYSTORE_URL": keys}


@pytest.fixture(scope="session")
def base_config(database_urls, instance_dir) -> dict:
    return {
        "TESTING": True,
        **database_urls,
        "KEYRING_PATH": str(instance_dir / "keyring.json"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
        "MAIL_BACKEND": "outbox",
        "AUDIT_BACKGROUND_SEALING": False,  # tests seal explicitly (seal_pending), deterministically
        "PUBLIC_FORM_MIN_FILL_SECONDS": 0,  # tests post at once; test_security turns it on
    }


@pytest.fixture(scope="session")
def _schema(base_config, instance_dir) -> Iterator[None]:
    os.environ["COMPLIANCE_INSTANCE_PATH"] = str(instance_dir)
    app = create_app(base_config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        dispose_engines()
    yield
    with app.app_context():
        db.drop_all()
        dispose_engines()


@pytest.fixture
def app_factory(base_config, _schema) -> Iterator[Callable]:
    """Build another app on the same database, with config overrides (disposed after the test)."""
    made = []

    def make(**overrides):
        made.append(create_app({**base_config, **overrides}))
        return made[-1]

    yield make
    for made_app in made:
        with made_app.app_context():
            dispose_engines()


def dispose_engines() -> None:
    """Close pooled connections of the current app (each app has its own engines)."""
    db.session.remove()
    for engine in db.engines.values():
        engine.dispose()


@pytest.fixture
def app(app_factory):
    app = app_factory()
    ctx = app.app_context()
    ctx.push()
    yield app
    db.session.remove()
    _empty_all_tables()
    shutil.rmtree(Path(app.instance_path) / "outbox", ignore_errors=True)
    Path(app.config["AUDIT_CHECKPOINT_PATH"]).unlink(missing_ok=True)  # emptied with the trail
    ctx.pop()


def _empty_all_tables() -> None:
    for bind_key, metadata in db.metadatas.items():
        with db.engines[bind_key].begin() as conn:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_subject(app) -> Callable:
    """Register a subject through the service; returns its SubjectView."""
    from compliance.subjects.services import register_subject

    counter = iter(range(1, 1_000_000))

    def make(actor=CLI_ACTOR, **fields):
        n = next(counter)
        data = {"kind": "candidate", "name": f"Test Person {n}", "country": "EE",
                "email": f"person{n}-{uuid.uuid4().hex[:6]}@example.com", "phone": "+372 5555 0000",
                "source": "test"}
        if fields.get("kind") == "member":
            data["membership_start"] = fields.pop("membership_start", None) or _today_minus(100)
        data.update(fields)
        return register_subject(actor, data)

    return make


def _today_minus(days: int):
    from datetime import date, timedelta

    return date.today() - timedelta(days=days)


@pytest.fixture
def make_user(app, make_subject) -> Callable:
    """Create a user with a role (members get a member subject); returns (user, token)."""
    from compliance.auth.services import create_token, create_user

    def make(role: str = "dpo", subject_id=None):
        if role == "member" and subject_id is None:
            subject_id = make_subject(kind="member").id
        email = f"{role}-{uuid.uuid4().hex[:8]}@staff.example"
        user = create_user(CLI_ACTOR, email, role, PASSWORD, subject_id)
        user.test_email = email
        return user, create_token(CLI_ACTOR, user)

    return make


@pytest.fixture
def api_as(client, make_user) -> Callable:
    """An API client bound to a fresh user of the given role: api_as("dpo").get(url)."""

    def make(role: str = "dpo", subject_id=None):
        user, token = make_user(role, subject_id)
        return ApiClient(client, token, user)

    return make


class ApiClient:
    def __init__(self, client, token: str, user):
        self.client, self.token, self.user = client, token, user

    def _call(self, method: str, url: str, **kwargs):
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return getattr(self.client, method)(url, headers=headers, **kwargs)

    def get(self, url, **kw):
        return self._call("get", url, **kw)

    def post(self, url, **kw):
        return self._call("post", url, **kw)

    def patch(self, url, **kw):
        return self._call("patch", url, **kw)

    def delete(self, url, **kw):
        return self._call("delete", url, **kw)


@pytest.fixture
def raw_sql(app) -> Callable:
    """Run SQL on the main database outside the ORM (for tampering tests)."""

    def run(statement: str, **params):
        with db.engine.begin() as conn:
            return conn.execute(text(statement), params)

    return run
