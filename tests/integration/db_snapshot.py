"""Every row of every table (main database and key store), to prove a refused request stored nothing."""

from __future__ import annotations

from sqlalchemy import select

from compliance.extensions import db

#: Columns that record the call itself, not what it stored: a refused call still uses its token.
CALL_BOOKKEEPING = {"api_tokens": {"last_used_at"}}


def snapshot() -> dict[str, list[str]]:
    """Table name -> its rows (as text, sorted), for both binds (less the call bookkeeping)."""
    db.session.remove()
    tables: dict[str, list[str]] = {}
    for bind_key, metadata in db.metadatas.items():
        with db.engines[bind_key].connect() as conn:
            for table in metadata.sorted_tables:
                skipped = CALL_BOOKKEEPING.get(table.name, set())
                columns = [c for c in table.columns if c.name not in skipped]
                tables[f"{bind_key or 'main'}.{table.name}"] = sorted(
                    repr(tuple(row)) for row in conn.execute(select(*columns)))
    return tables


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
