"""The audit chain: canonical content and SHA-256 links (pure)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class EventContent:
    """What an audit event says. Details must never hold personal data."""

    sequence: int
    occurred_at: datetime
    actor: str
    action: str
    object_type: str | None
    object_id: str | None
    details: Mapping


def canonical_bytes(content: EventContent) -> bytes:
    """Deterministic serialisation: sorted keys, no whitespace, UTC time in ISO 8601."""
    payload = {
        "sequence": content.sequence,
        "occurred_at": content.occurred_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": content.actor,
        "action": content.action,
        "object_type": content.object_type,
        "object_id": content.object_id,
        "details": content.details,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def chain_hash(prev_hash: str, content: EventContent) -> str:
    """SHA-256 over the previous hash followed by the canonical content."""
    return hashlib.sha256(prev_hash.encode("ascii") + canonical_bytes(content)).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    reason: str


def find_first_break(
    events: Iterable[tuple[EventContent, str, str]], head: tuple[int, str] | None
) -> ChainBreak | None:
    """Walk (content, prev_hash, hash) in sequence order; the first inconsistency, or None.

    ``head`` is the stored (last sequence, last hash); it catches removal of the newest events.
    """
    expected_prev, expected_seq = GENESIS_HASH, 1
    for content, prev_hash, stored_hash in events:
        if content.sequence != expected_seq:
            return ChainBreak(content.sequence, f"expected sequence {expected_seq} (events missing)")
        if prev_hash != expected_prev:
            return ChainBreak(content.sequence, "prev_hash does not match the previous event")
        if chain_hash(prev_hash, content) != stored_hash:
            return ChainBreak(content.sequence, "content does not match its hash (altered)")
        expected_prev, expected_seq = stored_hash, expected_seq + 1
    last_seq = expected_seq - 1
    if head is not None and head != (last_seq, expected_prev if last_seq else GENESIS_HASH):
        return ChainBreak(head[0], "the chain head records events that are no longer present")
    return None
