"""The audit chain's pure rules: what a walk proves, and what checkpoints add."""

import os
from datetime import UTC, datetime, timedelta

import pytest

from compliance.audit.checkpoints import (
    Checkpoint,
    CheckpointInvalid,
    checkpoints_in_text,
    parse_checkpoints,
    public_key_of,
    sign_checkpoint,
)
from compliance.audit.rules import (
    GENESIS_HASH,
    EventContent,
    SealedEvent,
    Vouched,
    chain_hash,
    checkpoint_problems,
    head_problems,
    walk_chain,
)

KEY = bytes(range(32))


def trail(count: int) -> list[SealedEvent]:
    events, prev = [], GENESIS_HASH
    for n in range(1, count + 1):
        content = EventContent(n, datetime(2030, 1, 1, tzinfo=UTC) + timedelta(seconds=n), "cli",
                               "subject.read", "subject", str(n), {"n": n})
        digest = chain_hash(prev, content)
        events.append(SealedEvent(content, n * 10, prev, digest))
        prev = digest
    return events


def codes(problems) -> list[tuple[str, int | None]]:
    return [(p.code, p.sequence) for p in problems]


def test_an_intact_chain_walks_without_a_break_and_remembers_watched_hashes():
    events = trail(5)
    walk = walk_chain(events, watch={2, 5})
    assert (walk.first_break, walk.checked, walk.last) == (None, 5, (5, events[-1].hash))
    assert walk.hashes_at == {2: events[1].hash, 5: events[4].hash}


@pytest.mark.parametrize(("change", "expected"), [
    (lambda e: e.pop(2), ("missing", 3)),
    (lambda e: e.pop(0), ("missing", 1)),
    (lambda e: e.__setitem__(1, SealedEvent(EventContent(**{**e[1].content.__dict__, "actor": "x"}),
                                            e[1].event_id, e[1].prev_hash, e[1].hash)), ("altered", 2)),
    (lambda e: e.__setitem__(2, SealedEvent(e[2].content, e[2].event_id, "f" * 64, e[2].hash)),
     ("link_broken", 3)),
    (lambda e: e.__setitem__(3, SealedEvent(e[3].content, 1, e[3].prev_hash, e[3].hash)),
     ("out_of_order", 4)),
])
def test_the_first_break_is_named(change, expected):
    events = trail(5)
    change(events)
    assert codes([walk_chain(events).first_break]) == [expected]


def test_the_head_must_match_the_chain():
    events = trail(3)
    walk = walk_chain(events, watch={3})
    assert head_problems((3, events[-1].hash), walk) == []
    assert codes(head_problems(None, walk)) == [("head_missing", None)]
    assert codes(head_problems((4, "a" * 64), walk)) == [("head_mismatch", 4)]
    assert codes(head_problems((3, "a" * 64), walk)) == [("head_mismatch", 3)]
    assert head_problems(None, walk_chain([])) == []


def test_checkpoints_tell_truncated_rewritten_and_wiped_trails_apart():
    events = trail(6)
    vouched = [Vouched(2, events[1].hash, "of A"), Vouched(4, events[3].hash, "of B"),
               Vouched(6, events[5].hash, "of C")]
    assert checkpoint_problems(vouched, walk_chain(events, watch={2, 4, 6})) == []
    assert codes(checkpoint_problems(vouched, walk_chain(events[:5], watch={2, 4, 6}))) == [("truncated", 6)]
    assert codes(checkpoint_problems(vouched, walk_chain([]))) == [("wiped", 2), ("wiped", 4), ("wiped", 6)]
    rewritten = trail(6)[:3] + [SealedEvent(e.content, e.event_id, e.prev_hash, "e" * 64) for e in events[3:]]
    problems = checkpoint_problems(vouched, walk_chain(rewritten, watch={2, 4, 6}))
    assert codes(problems) == [("rewritten", 4), ("rewritten", 6)]
    assert "after event 2, the last one a checkpoint still confirms" in problems[0].message


def test_a_checkpoint_signature_covers_every_field():
    issued = sign_checkpoint(KEY, 7, "ab" * 32, "export", datetime(2030, 5, 1, 12, tzinfo=UTC))
    public = public_key_of(KEY)
    assert issued.issued_at == "2030-05-01T12:00:00Z" and issued.verifies_with(public)
    for field, value in (("sequence", 8), ("hash", "cd" * 32), ("issued_at", "2031-01-01T00:00:00Z"),
                         ("reason", "cli")):
        assert not Checkpoint(**{**issued.__dict__, field: value}).verifies_with(public)
    assert not issued.verifies_with(public_key_of(os.urandom(32)))


def test_checkpoints_parse_from_an_object_an_array_or_json_lines():
    one = sign_checkpoint(KEY, 1, "ab" * 32, "cli")
    two = sign_checkpoint(KEY, 2, "cd" * 32, "cli")
    assert parse_checkpoints(one.to_json()) == [one]
    assert parse_checkpoints(f"[{one.to_json()}, {two.to_json()}]") == [one, two]
    assert parse_checkpoints(f"{one.to_json()}\n\n{two.to_json()}\n") == [one, two]
    with pytest.raises(CheckpointInvalid, match="line 2"):
        parse_checkpoints(f"{one.to_json()}\nnot json\n")
    with pytest.raises(CheckpointInvalid, match="sequence"):
        parse_checkpoints(one.to_json().replace('"sequence":1', '"sequence":0'))


def test_a_printed_checkpoint_reads_back_from_the_text_around_it():
    issued = sign_checkpoint(KEY, 3, "ef" * 32, "export")
    printed = issued.printable()
    assert printed.startswith(f"event 3, hash {'ef' * 32}, signed ")
    assert checkpoints_in_text(f"Audit checkpoint: {printed} {{not json}}") == [issued]
    assert checkpoints_in_text("audit trail head abc {\"format\": \"other\"}") == []
