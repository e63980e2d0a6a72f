"""``audit verify``: the chain, its head, and every checkpoint ever issued or handed in.

The head is read before the events are walked, so events sealed while the walk runs are never
mistaken for tampering. Checkpoints come from the checkpoint file and from the auditor; each must
carry this service's signature, and the chain must still hold its sequence with its hash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, select

from compliance.audit.checkpoints import (
    Checkpoint,
    CheckpointInvalid,
    checkpoints_in_text,
    public_key_id,
    public_key_of,
)
from compliance.audit.models import AuditEvent, AuditHead
from compliance.audit.rules import (
    Problem,
    SealedEvent,
    Vouched,
    checkpoint_problems,
    head_problems,
    walk_chain,
)
from compliance.audit.sealing import HEAD_ID
from compliance.audit.services import checkpoint_log, sealed_event, signing_key
from compliance.errors import ValidationFailed
from compliance.extensions import db

STREAM_CHUNK = 2000


@dataclass(frozen=True)
class TrailVerdict:
    checked: int  # sealed events walked
    head: tuple[int, str]  # the last sealed event walked
    pending: int  # events appended but not sealed yet
    checkpoints: int  # checkpoints compared (signature valid)
    problems: tuple[Problem, ...]

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> Problem | None:
        return self.problems[0] if self.problems else None


def verify_trail(handed_in: Iterable[Checkpoint] = (),
                 progress: Callable[[int], None] | None = None) -> TrailVerdict:
    """Walk the whole sealed trail and name every problem found (never writes)."""
    problems: list[Problem] = []
    issued = _issued(problems)
    vouched = _authentic([*issued, *handed_in], problems)
    head = _stored_head()
    watch = {v.sequence for v in vouched} | ({head[0]} if head else set())
    stream = _stream(progress)
    try:
        walk = walk_chain(stream, watch)
    finally:
        stream.close()
    if head is None and walk.checked:
        head = _stored_head()  # created by a sealer while we walked?
    chain = [walk.first_break] if walk.first_break else []
    problems = chain + head_problems(head, walk) + checkpoint_problems(vouched, walk) + problems
    pending = db.session.scalar(select(func.count()).select_from(AuditEvent)
                                .where(AuditEvent.sequence.is_(None))) or 0
    return TrailVerdict(walk.checked, walk.last, pending, len(vouched), tuple(problems))


def verify_handed_in(texts: Iterable[str]) -> TrailVerdict:
    """``verify_trail`` with checkpoints an auditor kept, each as issued (JSON) or as printed;
    ValidationFailed naming every one that holds no checkpoint."""
    handed_in, problems = [], []
    for number, text in enumerate(texts, 1):
        try:
            found = checkpoints_in_text(text)
        except CheckpointInvalid as exc:
            problems.append(f"item {number}: {exc}")
            continue
        if not found:
            problems.append(f"item {number} holds no signed checkpoint")
        handed_in += found
    if problems:
        raise ValidationFailed("These are not signed checkpoints.", {"checkpoints": problems})
    return verify_trail(handed_in)


def verify_chain(progress: Callable[[int], None] | None = None) -> tuple[int, Problem | None]:
    """(events checked, first problem or None), checkpoints from the file included."""
    verdict = verify_trail(progress=progress)
    return verdict.checked, verdict.first_problem


def _issued(problems: list[Problem]) -> list[Checkpoint]:
    log = checkpoint_log()
    try:
        return log.read_all()
    except CheckpointInvalid as exc:
        problems.append(Problem("checkpoint_damaged", None, f"the checkpoint file {log.path}: {exc}"))
        return []


def _authentic(checkpoints: list[Checkpoint], problems: list[Problem]) -> list[Vouched]:
    key = signing_key()
    public, key_id = public_key_of(key), public_key_id(key)
    vouched = []
    for cp in checkpoints:
        if cp.key_id != key_id:
            problems.append(Problem("checkpoint_forged", cp.sequence, f"the checkpoint {cp.label} names "
                                    f"signing key {cp.key_id}, not this service's key {key_id}"))
        elif not cp.verifies_with(public):
            problems.append(Problem("checkpoint_forged", cp.sequence, f"the checkpoint {cp.label} does not "
                                    "carry a valid signature: it was altered or forged"))
        else:
            vouched.append(Vouched(cp.sequence, cp.hash, cp.label))
    return vouched


def _stored_head() -> tuple[int, str] | None:
    head = db.session.get(AuditHead, HEAD_ID, populate_existing=True)
    return (head.sequence, head.hash) if head else None


def _stream(progress: Callable[[int], None] | None) -> Iterator[SealedEvent]:
    events = AuditEvent.__table__  # rows, not ORM objects: nothing piles up in the session
    result = db.session.execute(
        select(events).where(events.c.sequence.is_not(None)).order_by(events.c.sequence)
        .execution_options(yield_per=STREAM_CHUNK)
    )
    try:
        for count, row in enumerate(result, 1):
            if progress and count % STREAM_CHUNK == 0:
                progress(STREAM_CHUNK)
            yield sealed_event(row)
    finally:
        result.close()
