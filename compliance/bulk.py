"""Fast set-based inserts for bulk jobs (seeding, imports, benchmarks).

SQLAlchemy's per-value type processing dominates large executemany calls, so bulk rows go
straight to the driver: PostgreSQL COPY (psycopg), SQLite executemany with values already in
SQLite's storage form (the same forms SQLAlchemy's types write). Runs inside the session's
transaction for that table's bind; the caller commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import Table

from compliance.extensions import db


def insert_rows(table: Table, rows: Sequence[dict]) -> None:
    """Insert rows (dicts with the same keys) into ``table`` in one driver-level statement."""
    if not rows:
        return
    columns = list(rows[0])
    conn = db.session.connection(bind_arguments={"clause": table.insert()})
    if conn.dialect.name == "postgresql":
        _copy_rows(conn, table, columns, rows)
    else:
        placeholders = ", ".join("?" for _ in columns)
        statement = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608 - names come from the Table
        conn.exec_driver_sql(statement, _sqlite_values(columns, rows))


def _copy_rows(conn, table: Table, columns: list[str], rows: Sequence[dict]) -> None:
    cursor = conn.connection.dbapi_connection.cursor()
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _sqlite_values(columns: list[str], rows: Sequence[dict]) -> list[tuple]:
    """Rows as lists, converting only the columns whose type needs it (picked once per column)."""
    converters = []
    for index, column in enumerate(columns):
        sample = next((r[column] for r in rows if r[column] is not None), None)
        converter = _sqlite_converter(sample)
        if converter is not None:
            converters.append((index, converter))
    values = []
    for row in rows:
        items = [row[c] for c in columns]
        for index, converter in converters:
            if items[index] is not None:
                items[index] = converter(items[index])
        values.append(tuple(items))
    return values


def _sqlite_converter(sample):
    # The storage forms of SQLAlchemy's Uuid (hex), DateTime and Date types on SQLite.
    if isinstance(sample, uuid.UUID):
        return lambda v: v.hex
    if isinstance(sample, datetime):
        return lambda v: v.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    if isinstance(sample, date):
        return date.isoformat
    return None
