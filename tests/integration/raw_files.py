"""Read the raw bytes of the SQLite database files (with journal and WAL), to grep them."""

from pathlib import Path

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
