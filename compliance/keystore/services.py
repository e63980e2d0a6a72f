"""Data keys: create, fetch (cached per request), shred; the keyring and its check values.

Running processes take up a new master key version (``compliance.keystore.rotation``) without a
restart: the keyring is re-read when its file changes, and at once when a wrapped key names a
version it does not hold.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from flask import current_app, g
from sqlalchemy import delete, func, select

from compliance.crypto import FieldCipher, KeyMaterialError, Keyring, UnknownMasterKey, new_data_key
from compliance.extensions import db
from compliance.keyfile import KeyringFile
from compliance.keystore.models import DataKey, MasterKeyCheck

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


def count_keys_by_version() -> dict[int, int]:
    rows = db.session.execute(
        select(DataKey.master_version, func.count()).group_by(DataKey.master_version)
    )
    return {version: count for version, count in rows}


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
