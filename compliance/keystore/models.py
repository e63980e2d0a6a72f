"""The key store: wrapped data keys, in their own database (the ``keys`` bind)."""

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
