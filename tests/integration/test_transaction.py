"""The unit of work: commits on success, rolls back on error, nests by joining, and turns a lost
optimistic-lock race into a 409."""

import pytest
from sqlalchemy import func, select, update

from compliance.audit.models import AuditEvent
from compliance.audit.services import CLI_ACTOR, record_event
from compliance.errors import Conflict
from compliance.extensions import db
from compliance.subjects.models import Subject
from compliance.transaction import CONFLICT_MESSAGE, unit_of_work, use_case


class Boom(RuntimeError):
    pass


def stored_events(action: str) -> int:
    """Counted on a connection of its own: only committed rows are seen."""
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(AuditEvent)
                            .where(AuditEvent.action == action)).scalar_one()


def test_work_is_committed_when_the_block_succeeds(app):
    with unit_of_work():
        record_event(CLI_ACTOR, "test.done", None, None)
        assert stored_events("test.done") == 0
    assert stored_events("test.done") == 1


def test_work_is_rolled_back_when_the_block_raises(app):
    with pytest.raises(Boom), unit_of_work():
        record_event(CLI_ACTOR, "test.failed", None, None)
        raise Boom
    assert not db.session.new and stored_events("test.failed") == 0


def test_an_inner_unit_joins_the_outer_one(app):
    @use_case
    def inner():
        record_event(CLI_ACTOR, "test.inner", None, None)

    with unit_of_work():
        inner()
        assert stored_events("test.inner") == 0  # the outer unit decides
    assert stored_events("test.inner") == 1
    with pytest.raises(Boom), unit_of_work():
        inner()
        raise Boom
    assert stored_events("test.inner") == 1


def test_a_lost_optimistic_lock_race_is_a_conflict(app, make_subject):
    subject = db.session.get(Subject, make_subject().id)  # read at version 1
    with db.engine.begin() as conn:  # someone else changes the row first
        conn.execute(update(Subject).where(Subject.id == subject.id)
                     .values(source="elsewhere", version=Subject.version + 1))
    with pytest.raises(Conflict) as raised, unit_of_work():
        subject.source = "here"
    assert raised.value.message == CONFLICT_MESSAGE
    db.session.expire_all()
    assert db.session.get(Subject, subject.id).source == "elsewhere"


def test_the_decorator_keeps_the_service_name_and_result(app):
    @use_case
    def answer(value: int) -> int:
        """Doc."""
        return value * 2

    assert answer(21) == 42 and answer.__name__ == "answer" and answer.__doc__ == "Doc."
