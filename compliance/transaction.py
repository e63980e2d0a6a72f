"""The one place that commits: a unit of work around every use case.

``use_case`` (decorator) and ``unit_of_work()`` (context manager) commit the session when the work
succeeds and roll it back when it raises. A lost optimistic-lock race (another transaction changed
a versioned row first: ``StaleDataError``, on any flush or on the commit) becomes a 409 Conflict,
never a 500 and never a lost update. Helpers flush; only these commit.

A unit of work begun inside another joins it: only the outermost commits or rolls back, so a use
case may call another (intake registers the subject it names) and both land together or not at all.

``key_store_first()`` is the one deliberate exception to "one transaction": work on the key store
committed on its own connection, before the session's unit of work. Erasure deletes data keys
that way, so a crash between the two commits leaves keys gone and tombstones not yet written
(the next run finishes them), never tombstones whose data is still readable.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

from sqlalchemy import Connection
from sqlalchemy.orm.exc import StaleDataError

from compliance.errors import Conflict
from compliance.extensions import db

CONFLICT_MESSAGE = "Someone else changed this record at the same time; reload and retry."
KEY_STORE_BIND = "keys"
_DEPTH = "compliance.unit_of_work_depth"

P = ParamSpec("P")
R = TypeVar("R")


@contextlib.contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit the block's work on success, roll it back on any error (outermost unit only)."""
    session = db.session
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    try:
        try:
            yield
            if depth == 0:
                session.commit()
        except StaleDataError:
            raise Conflict(CONFLICT_MESSAGE) from None
    except BaseException:
        if depth == 0:
            session.rollback()
        raise
    finally:
        session.info[_DEPTH] = depth


def use_case(service: Callable[P, R]) -> Callable[P, R]:
    """Run the decorated service in a unit of work (see ``unit_of_work``)."""

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with unit_of_work():
            return service(*args, **kwargs)

    return wrapper


@contextlib.contextmanager
def key_store_first() -> Iterator[Connection]:
    """A transaction on the key store's own connection, committed when the block ends."""
    with db.engines[KEY_STORE_BIND].begin() as connection:
        yield connection


@contextlib.contextmanager
def own_transaction(bind_key: str | None = None) -> Iterator[Connection]:
    """A transaction on a connection of its own (never the session's), committed when the block
    ends: for infrastructure that commits apart from any use case (the audit sealer's batches,
    each together with the chain head)."""
    with db.engines[bind_key].begin() as connection:
        yield connection
