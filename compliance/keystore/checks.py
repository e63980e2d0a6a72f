"""Start-up checks: the key-material file, the key store and the main database belong together.

Check values only, never keys: each master key's fingerprint is kept in the key store
(``master_key_checks``), the blind-index key's in the main database (``key_checks``) next to the
indexes it made. And a sample of the subjects and users that must have a data key is looked up in
the key store, which catches an emptied or swapped key store even when it came with its own file.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from sqlalchemy import inspect, select

from compliance.audit.checkpoints import public_key_id
from compliance.audit.services import Actor, record_event
from compliance.auth.models import User
from compliance.crypto import KeyMaterialError, Keyring
from compliance.extensions import db
from compliance.keystore import services as keystore
from compliance.keystore.locking import key_operation_lock
from compliance.keystore.models import DataKey, KeyCheck
from compliance.subjects.models import Subject
from compliance.subjects.rules import SubjectStatus
from compliance.transaction import unit_of_work

SAMPLE = 10  # subjects and as many users; uuid4 keys make "the lowest ids" a random sample
BLIND_INDEX = "blind_index"
STARTUP_ACTOR = Actor("system:startup")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def run_checks(ring: Keyring, created: bool = False) -> list[Check]:
    """Every check, passed or not (nothing is written)."""
    checks = [_master_keys(ring, created), _key_store_contents()]
    if inspect(db.engine).has_table(KeyCheck.__tablename__):
        checks.append(_blind_index(ring))
    return checks


def check_key_material_at_start(app: Flask, created: bool) -> None:
    """Refuse to start (KeyMaterialError naming every failed check) unless the key material, the
    key store and the main database belong together; then record new check values."""
    if not inspect(db.engines["keys"]).has_table(DataKey.__tablename__):
        return  # before `compliance db upgrade`
    holder = keystore.keyring_file()
    checks = run_checks(holder.current(), created)
    failed = [c for c in checks if not c.ok]
    if failed:
        raise KeyMaterialError("the service refuses to start: " + " ".join(
            f"[{c.name}] {c.detail}." for c in failed) + " Run `compliance keys status` once fixed.")
    with unit_of_work():
        ring = _with_audit_signing_key(holder)
        keystore.record_master_key_checks(ring)
        has_checks = inspect(db.engine).has_table(KeyCheck.__tablename__)
        if has_checks and db.session.get(KeyCheck, BLIND_INDEX) is None:
            db.session.add(KeyCheck(name=BLIND_INDEX, check_value=ring.blind_index_check()))


def _with_audit_signing_key(holder) -> Keyring:
    """Key files written before checkpoints existed get an audit signing key (once, under the lock)."""
    if holder.current().audit_signing_key:
        return holder.current()
    with key_operation_lock(wait=True):
        ring = holder.refresh()
        if not ring.audit_signing_key:
            ring = ring.with_audit_signing_key()
            holder.replace(ring)
            record_event(STARTUP_ACTOR, "keys.audit_signing_key_created", "keyring", None,
                         {"key_id": public_key_id(ring.audit_signing_key)})
    return ring


def _master_keys(ring: Keyring, created: bool) -> Check:
    if created and keystore.has_master_key_checks():
        return Check("master keys", False, f"no key material at {keystore.keyring_file().path}, but the key "
                     "store holds keys wrapped by an earlier one: restore that file (a new one would "
                     "decrypt nothing)")
    try:
        keystore.verify_keyring_matches_store(ring)
    except KeyMaterialError as exc:
        return Check("master keys", False, str(exc))
    versions = ", ".join(str(v) for v in sorted(ring.master_keys))
    return Check("master keys", True, f"versions {versions} match the key store's check values")


def _key_store_contents() -> Check:
    not_erased = Subject.status != SubjectStatus.ERASED
    owners = list(db.session.execute(
        select(Subject.id).where(not_erased).order_by(Subject.id).limit(SAMPLE)).scalars())
    owners += db.session.execute(select(User.id).order_by(User.id).limit(SAMPLE)).scalars()
    if not owners:
        return Check("key store", True, "no subjects or users yet")
    found = db.session.scalar(select(db.func.count()).select_from(DataKey).where(DataKey.key_id.in_(owners)))
    detail = f"{found} of {len(owners)} sampled subjects and users have a data key in the key store"
    if found:
        return Check("key store", True, detail)
    if db.session.execute(select(DataKey.key_id).limit(1)).first() is None:
        return Check("key store", False, f"the key store holds no data keys, but {len(owners)} or more "
                     "subjects and users need one: KEYSTORE_URL names an empty or wrong database "
                     "(restore the key store)")
    return Check("key store", False, f"{detail}: the key store belongs to another installation or is "
                 "an old copy (check KEYSTORE_URL, restore the key store)")


def _blind_index(ring: Keyring) -> Check:
    stored = db.session.get(KeyCheck, BLIND_INDEX)
    if stored is None:
        return Check("blind index", True, "no check value stored yet (recorded at start)")
    if stored.check_value != ring.blind_index_check():
        return Check("blind index", False, "the blind-index key in the key-material file is not the one "
                     "the stored email indexes were made with: no lookup by email would find anything "
                     "(restore the matching key file)")
    return Check("blind index", True, "the key matches the check value stored with the email indexes")
