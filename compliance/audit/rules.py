"""The audit chain (pure): canonical content, SHA-256 links, and what a walk of it reveals.

A verdict names every problem it can prove: a broken link or altered event in the chain itself,
a head record that disagrees with the chain, and checkpoints (signed earlier, kept outside the
database) that the chain no longer contains: which is how a trail that was cut short, rewritten
and re-chained, or wiped, is told apart from an intact one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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
class Problem:
    """One thing verification proved wrong. ``code`` is stable; ``message`` explains it."""

    code: str  # missing, link_broken, altered, out_of_order, head_missing, head_mismatch,
    #            truncated, rewritten, wiped, checkpoint_forged
    sequence: int | None
    message: str

    @property
    def reason(self) -> str:
        return self.message


@dataclass(frozen=True)
class SealedEvent:
    content: EventContent
    event_id: int
    prev_hash: str
    hash: str


@dataclass
class ChainWalk:
    """Feed sealed events in sequence order; keeps the first break and the hashes stored at the
    positions in ``watch`` (the sequences that checkpoints vouch for)."""

    watch: frozenset[int] = frozenset()
    checked: int = 0
    last: tuple[int, str] = (0, GENESIS_HASH)
    first_break: Problem | None = None
    hashes_at: dict[int, str] = field(default_factory=dict)
    _last_id: int = 0

    def add(self, event: SealedEvent) -> None:
        seq = event.content.sequence
        if self.first_break is None:
            self.first_break = self._break(event)
        if seq in self.watch:
            self.hashes_at[seq] = event.hash
        self.checked += 1
        self.last, self._last_id = (seq, event.hash), event.event_id

    def _break(self, event: SealedEvent) -> Problem | None:
        seq, (last_seq, last_hash) = event.content.sequence, self.last
        if seq != last_seq + 1:
            where = f"jumps from event {last_seq} to event {seq}" if last_seq else f"starts at event {seq}"
            return Problem("missing", last_seq + 1, f"event {last_seq + 1} is missing: the trail {where} "
                           "(deleted)")
        if event.prev_hash != last_hash:
            return Problem("link_broken", seq, f"event {seq} does not link to event {last_seq}: an event "
                           "was changed, replaced or inserted before it")
        if chain_hash(event.prev_hash, event.content) != event.hash:
            return Problem("altered", seq, f"event {seq} does not match its hash: its content was changed")
        if event.event_id <= self._last_id:
            return Problem("out_of_order", seq, f"event {seq} (id {event.event_id}) was chained after an "
                           f"event with a higher id ({self._last_id}): events were reordered or inserted")
        return None


def walk_chain(events: Iterable[SealedEvent], watch: Iterable[int] = ()) -> ChainWalk:
    walk = ChainWalk(watch=frozenset(watch))
    for event in events:
        walk.add(event)
    return walk


def head_problems(head: tuple[int, str] | None, walk: ChainWalk) -> list[Problem]:
    """The head record (read before the walk, its sequence watched) against the chain as walked."""
    if head is None:
        if not walk.checked:
            return []
        return [Problem("head_missing", None, f"the head record is missing although {walk.checked} events "
                        "are sealed: it was deleted")]
    seq, digest = head
    if seq > walk.last[0]:
        return [Problem("head_mismatch", seq, f"the head records event {seq}, but the trail ends at event "
                        f"{walk.last[0]}: the newest events were deleted")]
    if walk.hashes_at.get(seq) != digest:
        return [Problem("head_mismatch", seq, f"the head's hash is not the hash of event {seq}: "
                        "the head or the events were changed")]
    return []


@dataclass(frozen=True)
class Vouched:
    """What a (signature-checked) checkpoint vouches for."""

    sequence: int
    hash: str
    label: str  # e.g. "of 2030-01-01T10:00:00Z"


def checkpoint_problems(checkpoints: Iterable[Vouched], walk: ChainWalk) -> list[Problem]:
    """Every checkpoint the chain no longer contains, oldest first."""
    problems, still_matching = [], 0
    for cp in sorted(checkpoints, key=lambda c: c.sequence):
        if not walk.checked:
            problems.append(Problem("wiped", cp.sequence, f"the trail holds no sealed events, but the "
                                    f"checkpoint {cp.label} vouches for {cp.sequence}: the trail was wiped"))
        elif cp.sequence > walk.last[0]:
            end = walk.last[0]
            problems.append(Problem("truncated", cp.sequence, f"the trail ends at event {end}, but the "
                                    f"checkpoint {cp.label} vouches for events up to {cp.sequence}: events "
                                    f"{end + 1} to {cp.sequence} were deleted"))
        elif walk.hashes_at.get(cp.sequence) != cp.hash:
            since = (f" after event {still_matching}, the last one a checkpoint still confirms"
                     if still_matching else "")
            problems.append(Problem("rewritten", cp.sequence, f"event {cp.sequence} no longer has the hash "
                                    f"signed in the checkpoint {cp.label}: events up to it were changed, "
                                    f"deleted, inserted or reordered{since}, and the chain recomputed"))
        else:
            still_matching = cp.sequence
    return problems
