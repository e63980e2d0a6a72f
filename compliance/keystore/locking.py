"""One key operation at a time: across hosts on PostgreSQL (an advisory lock on the key store),
across processes on SQLite (an exclusive ``flock`` on ``<key file>.lock`` beside the key material).

Both locks belong to a connection or an open file, so a crashed holder releases them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
from collections.abc import Iterator
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from compliance.errors import Conflict
from compliance.extensions import db
from compliance.timeutil import utcnow

KEY_OPERATION_LOCK = 0x5E7E_4B45  # PostgreSQL advisory lock key (key store database)


class KeyOperationBusy(Conflict):
    """Another key operation holds the lock."""


@contextlib.contextmanager
def key_operation_lock(wait: bool = False) -> Iterator[None]:
    """Hold the key-operation lock for the block; KeyOperationBusy if taken and not ``wait``."""
    engine = db.engines["keys"]
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, wait):
            yield
    else:
        with _file_lock(Path(current_app.config["KEYRING_PATH"]), wait):
            yield


@contextlib.contextmanager
def _advisory_lock(engine, wait: bool) -> Iterator[None]:
    # A session-level lock on a connection of its own, in autocommit: it holds no transaction open.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        fn = func.pg_advisory_lock if wait else func.pg_try_advisory_lock
        got = conn.execute(select(fn(KEY_OPERATION_LOCK))).scalar()
        if got is False:
            raise KeyOperationBusy("Another key operation is running on this key store (such as "
                                   "`compliance keys rotate`); try again when it has finished, "
                                   "or use --wait.")
        try:
            yield
        finally:
            conn.execute(select(func.pg_advisory_unlock(KEY_OPERATION_LOCK)))


@contextlib.contextmanager
def _file_lock(keyring_path: Path, wait: bool) -> Iterator[None]:
    lock_path = keyring_path.with_name(keyring_path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "another process"
            raise KeyOperationBusy(f"Another key operation is running ({holder}); try again when it "
                                   "has finished, or use --wait.") from None
        os.ftruncate(fd, 0)
        holder = f"pid {os.getpid()} on {socket.gethostname()} since {utcnow():%H:%M:%S} UTC"
        os.pwrite(fd, holder.encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
