"""Every SQLite connection of the process, to either database, overwrites what it deletes.

Crypto-shredding deletes a subject's data key; without ``secure_delete`` SQLite leaves the
deleted key (and cleared ciphertexts) readable in the file's free pages until they are reused.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


def _on_connect(dbapi_connection, connection_record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()


def install() -> None:
    """Listen on every engine's new connections (idempotent)."""
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)
