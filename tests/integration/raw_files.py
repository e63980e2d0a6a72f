"""Look for plaintext in the stored data: the raw bytes of SQLite files (with journal and WAL),
or, on PostgreSQL, every row of every table cast to text (bytea shows as hex, so the hex form of
each needle is searched too)."""

from pathlib import Path

from sqlalchemy import text

from compliance.extensions import db


def sqlite_files(app) -> list[Path]:
    files = []
    for engine in db.engines.values():
        if engine.dialect.name == "sqlite" and engine.url.database:
            base = Path(engine.url.database)
            files += [p for p in (base, Path(f"{base}-wal"), Path(f"{base}-journal")) if p.exists()]
    return files


def raw_database_bytes(app) -> bytes:
    for engine in db.engines.values():
        engine.dispose()  # flush and close connections so the files are complete
    return b"".join(p.read_bytes() for p in sqlite_files(app))


def postgres_rows_containing(needles) -> list[tuple[str, str]]:
    """(table, needle) for every table row whose text form contains a needle, in both binds."""
    found = []
    for bind_key, metadata in db.metadatas.items():
        with db.engines[bind_key].connect() as conn:
            for table in metadata.sorted_tables:
                for needle in needles:
                    hex_form = needle.encode().hex()
                    query = f'SELECT 1 FROM "{table.name}" t WHERE t::text ILIKE :p OR t::text ILIKE :h'  # noqa: S608
                    hit = conn.execute(
                        text(query + " LIMIT 1"), {"p": f"%{needle}%", "h": f"%{hex_form}%"}
                    ).first()
                    if hit:
                        found.append((table.name, needle))
    return found
