"""The key store: wrapped data keys, in their own database (the ``keys`` bind), and the check
values (never keys) that bind the key material to the data it protects."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from compliance.extensions import db
from compliance.timeutil import utcnow


class DataKey(db.Model):
    """One owner's data key, wrapped by a master key. Deleting it crypto-shreds the owner."""

    __bind_key__ = "keys"
    __tablename__ = "data_keys"

    key_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    master_version: Mapped[int] = mapped_column(Integer, index=True)
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)


class MasterKeyCheck(db.Model):
    """Fingerprint of each master key version ever used, to refuse a foreign key file at start."""

    __bind_key__ = "keys"
    __tablename__ = "master_key_checks"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    check_value: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)


class KeyCheck(db.Model):
    """A check value kept in the main database next to the data it vouches for: ``blind_index``
    fingerprints the blind-index key that made the stored email indexes (start-up refuses another)."""

    __tablename__ = "key_checks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    check_value: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
