"""Decrypt personal fields of streamed rows a batch at a time: one key-store query per batch,
never one per row, and no key cache growing with the export."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

from compliance.crypto import FieldCipher
from compliance.keystore.services import ciphers_for, forget_cached_keys

ERASED = "erased"  # shown where the subject's key was shredded (GDPR Art 17 crypto-shredding)
BATCH = 2000

Row = TypeVar("Row")


def with_ciphers(rows: Iterable[Row], subject_of: Callable[[Row], uuid.UUID],
                 batch: int = BATCH) -> Iterator[tuple[Row, FieldCipher | None]]:
    """Yield each row with its subject's cipher, or None once the subject was erased."""
    iterator = iter(rows)
    while chunk := list(islice(iterator, batch)):
        ciphers = ciphers_for({subject_of(row) for row in chunk})
        for row in chunk:
            yield row, ciphers.get(subject_of(row))
        forget_cached_keys()  # keep memory flat however many subjects the export touches
