"""Decrypt personal fields of streamed rows a batch at a time: one key-store query per batch,
never one per row, and a bounded key cache so memory stays flat however many subjects."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

from compliance.crypto import FieldCipher
from compliance.keystore.services import ciphers_for, forget_cached_keys

ERASED = "erased"  # shown where the subject's key was shredded (GDPR Art 17 crypto-shredding)
BATCH = 2000
MAX_CACHED_KEYS = 20_000  # a few MB of unwrapped keys; beyond it the cache starts over

Row = TypeVar("Row")


def with_ciphers(rows: Iterable[Row], subject_of: Callable[[Row], uuid.UUID],
                 batch: int = BATCH) -> Iterator[tuple[Row, FieldCipher | None]]:
    """Yield each row with its subject's cipher, or None once the subject was erased."""
    iterator = iter(rows)
    known: dict[uuid.UUID, FieldCipher | None] = {}
    while chunk := list(islice(iterator, batch)):
        if len(known) > MAX_CACHED_KEYS:
            known.clear()
        missing = {subject_of(row) for row in chunk} - known.keys()
        if missing:
            found = ciphers_for(missing)
            known.update({subject: found.get(subject) for subject in missing})
            forget_cached_keys()  # the request-wide cache would otherwise grow with the export
        for row in chunk:
            yield row, known[subject_of(row)]
