"""Every row of every table (main database and key store), to prove a refused request stored nothing."""

from __future__ import annotations

from sqlalchemy import select

from compliance.extensions import db


def snapshot() -> dict[str, list[str]]:
    """Table name -> its rows (as text, sorted), for both binds."""
    db.session.remove()
    tables: dict[str, list[str]] = {}
    for bind_key, metadata in db.metadatas.items():
        with db.engines[bind_key].connect() as conn:
            for table in metadata.sorted_tables:
                tables[f"{bind_key or 'main'}.{table.name}"] = sorted(
                    repr(tuple(row)) for row in conn.execute(select(table)))
    return tables


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
