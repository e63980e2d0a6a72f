"""Master key rotation: a new version, and every data key re-wrapped with it (no data re-encrypted).

Rotation runs under the key-operation lock (one at a time across processes and hosts) and starts
from the key file as it is on disk, never from a copy held in memory: two rotations can only
follow each other, each adding a version, and no version is ever dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update

from compliance.audit.services import Actor, record_event
from compliance.crypto import Keyring
from compliance.extensions import db
from compliance.keystore.locking import KeyOperationBusy, key_operation_lock
from compliance.keystore.models import DataKey
from compliance.keystore.services import keyring_file, record_master_key_checks, verify_keyring_matches_store
from compliance.transaction import unit_of_work


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
