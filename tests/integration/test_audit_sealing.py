"""Appending takes no lock; the sealer chains committed events in id order, never past an id
whose transaction may still commit, one sealer at a time, and a crash mid-seal loses nothing."""

import threading
import time

import pytest
from sqlalchemy import func, select

from compliance.audit import sealing
from compliance.audit.models import AuditEvent
from compliance.audit.sealing import SEAL_LOCK, SealRefused, seal_pending
from compliance.audit.services import CLI_ACTOR, record_event
from compliance.audit.verification import verify_trail
from compliance.extensions import db
from tests.conftest import on_postgres

postgres_only = pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL's concurrent writers")


def append(n: int = 1, action: str = "test.event") -> None:
    for _ in range(n):
        record_event(CLI_ACTOR, action, "test", None, {"n": n})
        db.session.commit()


def chain() -> list[tuple[int, int | None]]:
    """(id, sequence) of every event, in id order."""
    db.session.expire_all()
    return [tuple(r) for r in db.session.execute(select(AuditEvent.id, AuditEvent.sequence)
                                                 .order_by(AuditEvent.id))]


def test_appended_events_wait_unsealed_then_seal_in_id_order(app):
    append(5)
    assert [seq for _, seq in chain()] == [None] * 5
    result = seal_pending()
    assert (result.status, result.sealed, result.head[0]) == ("sealed", 5, 5)
    assert [seq for _, seq in chain()] == [1, 2, 3, 4, 5]
    assert seal_pending().sealed == 0  # idempotent
    verdict = verify_trail()
    assert verdict.intact and (verdict.checked, verdict.pending) == (5, 0)


def test_batches_each_commit_with_the_head(app):
    append(7)
    assert seal_pending(batch_size=3).sealed == 7
    assert verify_trail().intact and [seq for _, seq in chain()] == list(range(1, 8))


def test_a_crash_mid_seal_leaves_the_last_committed_batch_and_the_next_run_finishes(app, monkeypatch):
    append(6)
    real_chain, calls = sealing._chain, []

    def crash_on_second_batch(conn, head, rows):
        calls.append(len(rows))
        if len(calls) == 2:
            real_chain(conn, head, rows)
            raise RuntimeError("power cut")
        return real_chain(conn, head, rows)

    monkeypatch.setattr(sealing, "_chain", crash_on_second_batch)
    with pytest.raises(RuntimeError, match="power cut"):
        seal_pending(batch_size=4)
    assert [seq for _, seq in chain()] == [1, 2, 3, 4, None, None]
    assert verify_trail().intact
    monkeypatch.setattr(sealing, "_chain", real_chain)
    assert seal_pending().sealed == 2
    assert verify_trail().intact and verify_trail().checked == 6


def test_the_sealer_refuses_to_extend_a_chain_whose_head_was_deleted(app, raw_sql):
    append(2)
    seal_pending()
    raw_sql("DELETE FROM audit_head")
    append(1)
    with pytest.raises(SealRefused, match="head record is missing"):
        seal_pending()
    assert chain()[-1][1] is None


def test_concurrent_appenders_and_sealers_give_one_gapless_chain_in_id_order(app):
    errors: list[BaseException] = []

    def work(fn):
        with app.app_context():
            try:
                fn()
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    def appender():
        append(15)

    def sealer():
        for _ in range(6):
            seal_pending(max_wait=5)

    threads = [threading.Thread(target=work, args=(f,)) for f in [appender] * 4 + [sealer] * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seal_pending()
    rows = chain()
    assert len(rows) == 60 and [seq for _, seq in rows] == list(range(1, 61))
    assert verify_trail().intact


@postgres_only
def test_the_sealer_never_seals_past_an_id_whose_transaction_is_still_open(app):
    """T1 takes an id, T2 takes a later one and commits first: nothing is sealed past T1's id."""
    from compliance.audit.services import _PG_APPEND

    params = {"actor": "cli", "action": "slow.writer", "object_type": None, "object_id": None,
              "details": "{}"}
    with db.engine.connect() as slow:
        slow.execute(_PG_APPEND, {**params, "occurred_at": _now(slow)})  # its first write: takes an id
        append(1, "fast.writer")
        assert seal_pending(max_wait=0.3).status == "waiting"
        assert [seq for _, seq in chain()] == [None]  # the fast one is committed, and waits
        slow.commit()
    assert seal_pending().sealed == 2
    actions = db.session.execute(select(AuditEvent.action).order_by(AuditEvent.sequence)).scalars().all()
    assert actions == ["slow.writer", "fast.writer"]  # id order, although committed the other way
    assert verify_trail().intact


@postgres_only
def test_a_rolled_back_id_is_a_gap_for_good_and_the_chain_has_none(app):
    from compliance.audit.services import _PG_APPEND

    append(1)
    with db.engine.connect() as doomed:
        doomed.execute(_PG_APPEND, {"occurred_at": _now(doomed), "actor": "cli", "action": "doomed",
                                    "object_type": None, "object_id": None, "details": "{}"})
        append(1)
        assert seal_pending(max_wait=0.3).status == "waiting"
        doomed.rollback()
    assert seal_pending().sealed == 2
    ids = [event_id for event_id, _ in chain()]
    assert ids[1] - ids[0] == 2  # the rolled-back id between them
    assert [seq for _, seq in chain()] == [1, 2] and verify_trail().intact


@postgres_only
def test_a_second_sealer_skips_while_one_holds_the_lock(app):
    append(1)
    with db.engine.connect() as other:
        assert other.execute(select(func.pg_try_advisory_lock(SEAL_LOCK))).scalar()
        assert seal_pending().status == "busy"
        other.execute(select(func.pg_advisory_unlock(SEAL_LOCK)))
        other.commit()
    assert seal_pending().sealed == 1


def _now(conn):
    return conn.execute(select(func.now())).scalar()


def test_the_background_sealer_seals_soon_after_commit_and_issues_a_due_checkpoint(app, app_factory):
    from compliance.audit.background import EXTENSION_KEY
    from compliance.audit.services import latest_checkpoint

    live = app_factory(AUDIT_BACKGROUND_SEALING=True, AUDIT_SEAL_DELAY=0.05, AUDIT_SEAL_INTERVAL=0.2,
                       AUDIT_CHECKPOINT_INTERVAL=0)
    sealer = live.extensions[EXTENSION_KEY]
    try:
        with live.app_context():
            append(3)  # each commit wakes the thread; nothing here seals
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and getattr(latest_checkpoint(), "sequence", 0) < 3:
                time.sleep(0.05)
            assert [seq for _, seq in chain()] == [1, 2, 3]
            assert (latest_checkpoint().sequence, latest_checkpoint().reason) == (3, "interval")
            db.session.remove()
    finally:
        sealer.stop()
    assert not sealer._thread.is_alive()
