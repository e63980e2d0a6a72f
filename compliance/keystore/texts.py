"""Encrypted fields of a row, and the decrypted views services return: one way for every feature.

A personal field ``<name>`` of a row is stored in its ``<name>_ciphertext`` column, encrypted with
the data key of the subject it belongs to and bound to its table, column and row (see crypto.py).
``seal_field`` and ``open_field`` are the two directions; ``open_field`` answers None once the
subject was erased (its key shredded). Reading decrypted data is audited by the caller.

``decrypted_view`` builds what a service hands out: a frozen dataclass holding the row's columns
and the decrypted fields, never the ORM row itself (nothing decrypted is ever set on a model).
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any, TypeVar

from compliance.keystore.services import KeyShredded, cipher_for

View = TypeVar("View")


def seal_field(row: Any, name: str, value: str | None, *, owner_id: uuid.UUID) -> None:
    """Store ``value`` (surrounding white space dropped; empty clears it) in ``<name>_ciphertext``."""
    text = value.strip() if value else None
    blob = cipher_for(owner_id).encrypt(row.__tablename__, name, row.id, text) if text else None
    setattr(row, f"{name}_ciphertext", blob)


def open_field(row: Any, name: str, *, owner_id: uuid.UUID) -> str | None:
    """The decrypted ``name`` of ``row``; None when empty or once the owner's key was shredded."""
    blob = getattr(row, f"{name}_ciphertext")
    if blob is None:
        return None
    try:
        return cipher_for(owner_id).decrypt(row.__tablename__, name, row.id, blob)
    except KeyShredded:
        return None


def decrypted_view(view_type: type[View], row: Any, **decrypted: Any) -> View:
    """A ``view_type`` (frozen dataclass): each field from ``decrypted``, else the row's attribute."""
    return view_type(**{field.name: decrypted[field.name] if field.name in decrypted
                        else getattr(row, field.name) for field in dataclasses.fields(view_type)})
