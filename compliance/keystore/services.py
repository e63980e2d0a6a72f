"""Data keys: create, fetch (cached per request), shred, and master key rotation.

Rotation runs under the key-operation lock (one at a time across processes and hosts) and
starts from the key file as it is on disk, never from a copy held in memory: two rotations can
only follow each other, each adding a version. Running processes take up a new version without a
restart: the keyring is re-read when its file changes, and at once when a wrapped key names a
version it does not hold.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import current_app, g
from sqlalchemy import bindparam, delete, func, select, update

from compliance.audit.services import Actor, record_event
from compliance.crypto import FieldCipher, KeyMaterialError, Keyring, UnknownMasterKey, new_data_key
from compliance.extensions import db
from compliance.keyfile import KeyringFile
from compliance.keystore.locking import KeyOperationBusy, key_operation_lock
from compliance.keystore.models import DataKey, MasterKeyCheck
from compliance.transaction import unit_of_work

EXTENSION_KEY = "compliance.keyring"  # app.extensions[...] holds the process's KeyringFile


class KeyShredded(LookupError):
    """The owner's data key is gone: its personal data was erased by crypto-shredding."""


def keyring_file() -> KeyringFile:
    return current_app.extensions[EXTENSION_KEY]


def keyring() -> Keyring:
    """The current keyring (re-read if its file was replaced)."""
    return keyring_file().current()


def _cache() -> dict[uuid.UUID, FieldCipher]:
    if "data_key_cache" not in g:
        g.data_key_cache = {}
    return g.data_key_cache


def forget_cached_keys(_exc: BaseException | None = None) -> None:
    """Drop decrypted data keys at the end of every request (registered by create_app)."""
    g.pop("data_key_cache", None)


def create_cipher(key_id: uuid.UUID) -> FieldCipher:
    """Create, wrap and stage a new data key for ``key_id`` (flushes; the caller commits)."""
    data_key = new_data_key()
    version, wrapped = keyring().wrap(str(key_id), data_key)
    db.session.add(DataKey(key_id=key_id, master_version=version, wrapped=wrapped))
    cipher = FieldCipher(data_key)
    _cache()[key_id] = cipher
    return cipher


def cipher_for(key_id: uuid.UUID) -> FieldCipher:
    """The owner's cipher; raises KeyShredded when the key was deleted."""
    cache = _cache()
    if key_id not in cache:
        row = db.session.get(DataKey, key_id)
        if row is None:
            raise KeyShredded(str(key_id))
        cache[key_id] = FieldCipher(unwrap(row.key_id, row.master_version, row.wrapped))
    return cache[key_id]


def ciphers_for(key_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, FieldCipher]:
    """Ciphers for many owners in one query; shredded owners are simply absent."""
    cache = _cache()
    missing = [k for k in set(key_ids) if k not in cache]
    for chunk in _chunks(missing, 500):
        rows = db.session.execute(select(DataKey).where(DataKey.key_id.in_(chunk))).scalars()
        for row in rows:
            cache[row.key_id] = FieldCipher(unwrap(row.key_id, row.master_version, row.wrapped))
    return {k: cache[k] for k in key_ids if k in cache}


def unwrap(key_id: uuid.UUID, version: int, wrapped: bytes) -> bytes:
    """Unwrap a data key; a version this process does not know yet makes it re-read the key file."""
    try:
        return keyring().unwrap(str(key_id), version, wrapped)
    except UnknownMasterKey:
        return keyring_file().refresh().unwrap(str(key_id), version, wrapped)


def shred_key(key_id: uuid.UUID) -> bool:
    """Delete the data key (flushes; the caller commits). True if a key was deleted."""
    _cache().pop(key_id, None)
    result = db.session.execute(delete(DataKey).where(DataKey.key_id == key_id))
    return bool(result.rowcount)


def has_key(key_id: uuid.UUID) -> bool:
    return db.session.get(DataKey, key_id) is not None


def has_master_key_checks() -> bool:
    return db.session.execute(select(MasterKeyCheck.version).limit(1)).first() is not None


def record_master_key_checks(ring: Keyring) -> None:
    """Store a fingerprint of each master key not yet recorded (flushes)."""
    known = set(db.session.execute(select(MasterKeyCheck.version)).scalars())
    for version in ring.master_keys:
        if version not in known:
            db.session.add(MasterKeyCheck(version=version, check_value=ring.check_value(version)))
    db.session.flush()


def verify_keyring_matches_store(ring: Keyring) -> None:
    """Refuse a key-material file that is not the one this key store was written with."""
    for check in db.session.execute(select(MasterKeyCheck)).scalars():
        if check.version not in ring.master_keys:
            raise KeyMaterialError(
                f"the key store uses master key version {check.version}, "
                "which the key-material file does not contain"
            )
        if ring.check_value(check.version) != check.check_value:
            raise KeyMaterialError(
                f"master key version {check.version} in the key-material file is not the one "
                "this key store was written with (wrong or replaced file)"
            )


@dataclass(frozen=True)
class Rotation:
    version: int
    rewrapped: int


def rotate_master_key(actor: Actor, batch_size: int = 1000,
                      progress: Callable[[int], None] | None = None, wait: bool = False) -> Rotation:
    """Add a master key version and re-wrap every data key with it, a batch per commit.

    Under the key-operation lock (KeyOperationBusy unless ``wait``). The new keyring (every old
    version kept) is saved durably before any key is re-wrapped, so a crash mid-way loses nothing
    and re-running finishes the job. Audited: started, refused, finished.
    """
    try:
        with key_operation_lock(wait):
            ring = keyring_file().refresh()  # the file as it is now, not as this process last saw it
            verify_keyring_matches_store(ring)
            new = ring.with_new_master_key()
            keyring_file().replace(new)
            with unit_of_work():
                record_master_key_checks(new)
                record_event(actor, "keys.rotation_started", "keyring", new.current_version,
                             {"from_version": ring.current_version})
            done = rewrap_stale_keys(new, batch_size, progress)
            with unit_of_work():
                record_event(actor, "keys.rotated", "keyring", new.current_version, {"rewrapped": done})
    except KeyOperationBusy:
        with unit_of_work():
            record_event(actor, "keys.rotation_refused", "keyring", None,
                         {"reason": "another key operation runs"})
        raise
    return Rotation(new.current_version, done)


def rewrap_stale_keys(ring: Keyring, batch_size: int, progress: Callable[[int], None] | None) -> int:
    """Re-wrap every key not on the current version: passes in key order until one finds none
    (a process that has not yet seen the new file may wrap a new key with the old version)."""
    table = DataKey.__table__
    rewrap = (update(table)
              .where(table.c.key_id == bindparam("k"), table.c.master_version == bindparam("old"))
              .values(master_version=bindparam("new"), wrapped=bindparam("w")))
    done, after, found_in_pass = 0, None, 0
    while True:
        query = select(DataKey.key_id, DataKey.master_version, DataKey.wrapped).where(
            DataKey.master_version != ring.current_version)  # ORM columns: the session finds the bind
        if after is not None:
            query = query.where(DataKey.key_id > after)
        rows = db.session.execute(query.order_by(DataKey.key_id).limit(batch_size)).all()
        if not rows:
            if after is None or not found_in_pass:
                return done
            after, found_in_pass = None, 0
            continue
        params = []
        for key_id, version, wrapped in rows:
            new_version, new_wrapped = ring.wrap(str(key_id), ring.unwrap(str(key_id), version, wrapped))
            params.append({"k": key_id, "old": version, "new": new_version, "w": new_wrapped})
        with unit_of_work():  # a batch per commit
            db.session.execute(rewrap, params)
        done, after, found_in_pass = done + len(rows), rows[-1][0], found_in_pass + len(rows)
        if progress:
            progress(len(rows))


def count_keys_by_version() -> dict[int, int]:
    rows = db.session.execute(
        select(DataKey.master_version, func.count()).group_by(DataKey.master_version)
    )
    return {version: count for version, count in rows}


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
