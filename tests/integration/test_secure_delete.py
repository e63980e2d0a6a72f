"""Every SQLite connection to either database overwrites what it deletes; the sweep says what
crypto-shredding relies on."""

import sqlite3

import pytest
from sqlalchemy import create_engine

from compliance.extensions import db
from tests.conftest import on_postgres


@pytest.mark.skipif(on_postgres(), reason="SQLite's pragma")
@pytest.mark.parametrize("bind", [None, "keys"])
def test_every_new_connection_of_both_databases_has_secure_delete_on(app, bind):
    engine = db.engines[bind]
    engine.dispose()  # the next connection is a new one, as after a restart
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


@pytest.mark.usefixtures("app")
def test_it_is_turned_on_even_where_sqlite_is_built_with_it_off(tmp_path):
    # Debian builds SQLite with secure_delete on by default; other builds (and Python wheels on
    # other systems) have it off. This connection starts off, as those do.
    def built_without_it():
        connection = sqlite3.connect(tmp_path / "plain.sqlite")
        connection.execute("PRAGMA secure_delete = OFF")
        return connection

    engine = create_engine("sqlite://", creator=built_without_it)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    finally:
        engine.dispose()


def test_the_sweep_says_what_crypto_shredding_relies_on(runner):
    result = runner.invoke(args=["retention", "sweep"])
    assert result.exit_code == 0, result.output
    expected = "secure_delete" if not on_postgres() else "key-store backups older than today are rotated out"
    assert expected in result.output and "backups" in result.output
