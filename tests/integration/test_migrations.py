"""The Alembic migrations produce exactly the schema the models describe (both databases)."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from compliance import create_app
from compliance.extensions import db
from tests.conftest import TEST_DB_ENV, on_postgres


@pytest.fixture
def fresh_databases(tmp_path, base_config):
    """Two empty databases (main and key store) of the kind the suite runs on."""
    if not on_postgres():
        yield {"DATABASE_URL": f"sqlite:///{tmp_path / 'm.sqlite'}",
               "KEYSTORE_URL": f"sqlite:///{tmp_path / 'k.sqlite'}"}
        return
    import os

    server = make_url(os.environ[TEST_DB_ENV])
    names = [f"migr_{uuid.uuid4().hex[:10]}", f"migr_{uuid.uuid4().hex[:10]}"]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield {"DATABASE_URL": server.set(database=names[0]).render_as_string(hide_password=False),
           "KEYSTORE_URL": server.set(database=names[1]).render_as_string(hide_password=False)}
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_creates_the_schema_the_models_describe(fresh_databases, base_config, tmp_path):
    app = create_app({**base_config, **fresh_databases, "KEYRING_PATH": str(tmp_path / "k.json")})
    with app.app_context():
        upgrade()
        for bind_key, metadata in db.metadatas.items():
            with db.engines[bind_key].connect() as conn:
                context = MigrationContext.configure(conn, opts={"compare_type": True})
                assert compare_metadata(context, metadata) == [], f"bind {bind_key!r} differs"
        for engine in db.engines.values():
            engine.dispose()
