"""Erasure by crypto-shredding, set-based: the one implementation behind erasure requests
(GDPR Art 17, one subject) and retention sweeps (GDPR Art 5(1)(e), a batch).

What is personal is derived from the models, not listed here: every ``*_ciphertext`` and
``*_index`` column of a main-database table that names the subject whose key encrypts it (its
``subject_id`` column, or its one foreign key to ``subjects.id``), the subject's own row included.
A new model with encrypted columns is erased without a change here; ``personal_tables`` refuses
a table it could not erase (a non-nullable ciphertext, or no column naming the subject).

``keep`` names tables (``"placements"``) or single columns (``"subjects.name_ciphertext"``) whose
personal data stays under a legal exemption (Art 17(3)(b), (e)); the rest of the table is cleared.
With a keep-list the data key survives, so what is kept stays readable for its legal purpose,
and no tombstone is written; without one the key is shredded and the subject becomes a tombstone.

A subject under a legal hold in force on ``on`` is never touched, whatever the caller asked;
the result names the subjects actually erased.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    Column,
    Connection,
    LargeBinary,
    Select,
    Table,
    and_,
    delete,
    inspect,
    select,
    update,
)

from compliance.extensions import db
from compliance.keystore.models import DataKey
from compliance.keystore.services import forget_cached_keys
from compliance.retention.queries import subject_is_held
from compliance.subjects.models import Subject
from compliance.subjects.rules import ErasureAction, SubjectStatus
from compliance.timeutil import controller_today, utcnow
from compliance.transaction import key_store_first

SUBJECTS = "subjects"
#: Tables encrypted under their own row's key, not a subject's (a user's e-mail: the user's key).
OWN_KEY_TABLES = frozenset({"users"})
#: Non-identifying facts an anonymised subject keeps for statistics; erasing clears them too.
STATISTICAL_FACTS = ("source", "membership_start", "membership_end")
CHUNK = 5000  # ids per statement, well under SQLite's and PostgreSQL's bind-parameter limits


class ErasureImpossible(RuntimeError):
    """A model holds encrypted data erasure could not clear (a programming error, loud on purpose)."""


@dataclass(frozen=True)
class PersonalTable:
    """A table holding data encrypted under a subject's key: who owns each row, which columns."""

    table: Table
    owner: Column
    columns: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.table.name


@dataclass(frozen=True)
class ErasureResult:
    erased: tuple[tuple[uuid.UUID, str], ...]  # (subject id, country) of every subject acted on
    tables: tuple[str, ...]  # tables whose personal columns were cleared
    kept: tuple[str, ...]  # tables left as they are under a legal exemption
    keys_shredded: int


def personal_tables() -> tuple[PersonalTable, ...]:
    """Every main-database table with data under a subject's key, derived from the models."""
    described = (describe(table) for table in db.metadata.sorted_tables)
    return tuple(personal for personal in described if personal is not None)


def describe(table: Table) -> PersonalTable | None:
    """What erasure clears in ``table`` (None: nothing under a subject's key); refuses what it cannot."""
    columns = [c for c in table.c if isinstance(c.type, LargeBinary)
               and c.name.endswith(("_ciphertext", "_index"))]
    if not columns or table.info.get("bind_key") or table.name in OWN_KEY_TABLES:
        return None
    owner = _owner(table)
    fixed = [c.name for c in columns if not c.nullable]
    if owner is None or fixed:
        raise ErasureImpossible(f"{table.name}: cannot erase {fixed or 'rows without an owner'}")
    return PersonalTable(table, owner, tuple(c.name for c in columns))


def _owner(table: Table) -> Column | None:
    if table.name == SUBJECTS:
        return table.c.id
    if "subject_id" in table.c:
        return table.c.subject_id
    to_subjects = [c for c in table.c if any(fk.column.table.name == SUBJECTS for fk in c.foreign_keys)]
    return to_subjects[0] if len(to_subjects) == 1 else None


def erase_subjects(which: Collection[uuid.UUID] | Select, *, reference: str,
                   action: ErasureAction = ErasureAction.ERASE, keep: Collection[str] = (),
                   on: date | None = None) -> ErasureResult:
    """Erase the subjects ``which`` names (ids, or a SELECT of ``Subject.id``); flushes only.

    Subjects already erased or under a hold in force on ``on`` (default: today) are left alone.
    Without ``keep``: every personal column cleared, the data keys deleted and committed on the
    key store at once (before the caller's unit of work: see compliance.transaction), a tombstone
    with ``reference``. With ``keep``: the kept tables untouched, no key deleted, no tombstone.
    """
    tables = personal_tables()
    kept = frozenset(k for k in keep if "." not in k)
    kept_columns = frozenset(k for k in keep if "." in k)
    known = {t.name for t in tables} | {f"{t.name}.{c}" for t in tables for c in t.columns}
    if unknown := (kept | kept_columns) - known:
        raise ValueError(f"not tables or columns with personal data: {sorted(unknown)}")
    eligible = _eligible(which, on or controller_today())
    cleared = [_without(t, kept_columns) for t in tables if t.name not in kept]
    kept = kept | kept_columns
    _secure_delete(db.session.connection())
    if kept:
        erased = _pairs(db.session.execute(select(Subject.id, Subject.country).where(eligible)))
    else:
        own = next(t for t in tables if t.name == SUBJECTS)
        erased = _write_tombstones(eligible, reference, action, own.columns)
    ids = [subject_id for subject_id, _ in erased]
    for personal in cleared:
        if kept or personal.name != SUBJECTS:  # a tombstone cleared its own row already
            _clear(personal, ids)
    shredded = 0 if kept or not ids else _shred_keys(ids)
    _expire_loaded(ids, cleared)
    return ErasureResult(tuple(erased), tuple(t.name for t in cleared), tuple(sorted(kept)), shredded)


def _without(personal: PersonalTable, kept_columns: frozenset[str]) -> PersonalTable:
    columns = tuple(c for c in personal.columns if f"{personal.name}.{c}" not in kept_columns)
    return PersonalTable(personal.table, personal.owner, columns)


def _eligible(which, on: date):
    chosen = which.scalar_subquery() if isinstance(which, Select) else list(which)
    return and_(Subject.id.in_(chosen), Subject.status != SubjectStatus.ERASED, ~subject_is_held(on))


def _write_tombstones(eligible, reference: str, action: ErasureAction,
                      personal: tuple[str, ...]) -> list[tuple[uuid.UUID, str]]:
    cleared = personal + (STATISTICAL_FACTS if action is ErasureAction.ERASE else ())
    return _pairs(db.session.execute(
        update(Subject).where(eligible)
        .values(status=SubjectStatus.ERASED.value, erased_at=utcnow(), erasure_reference=reference,
                version=Subject.version + 1, **dict.fromkeys(cleared))
        .returning(Subject.id, Subject.country)
        .execution_options(synchronize_session=False)))


def _pairs(rows) -> list[tuple[uuid.UUID, str]]:
    return [(subject_id, country) for subject_id, country in rows]


def _clear(personal: PersonalTable, ids: Sequence[uuid.UUID]) -> None:
    values = dict.fromkeys(personal.columns)
    if personal.name == SUBJECTS:
        values["version"] = Subject.version + 1
    for chunk in _chunks(ids):
        db.session.execute(update(personal.table).where(personal.owner.in_(chunk)).values(values))


def _shred_keys(ids: Sequence[uuid.UUID]) -> int:
    """Delete the data keys and commit that on the key store now (crash-safe order)."""
    deleted = 0
    with key_store_first() as keys:
        _secure_delete(keys)
        for chunk in _chunks(ids):
            deleted += keys.execute(delete(DataKey).where(DataKey.key_id.in_(chunk))).rowcount
    forget_cached_keys()
    return deleted


def _expire_loaded(ids: Sequence[uuid.UUID], cleared: Sequence[PersonalTable]) -> None:
    """Loaded rows changed in SQL are re-read, so no stale copy is ever written back."""
    owners = set(ids)
    columns = {t.name: (t.owner.name, t.columns) for t in cleared}
    for obj in list(db.session.identity_map.values()):
        state = inspect(obj)
        table = state.mapper.local_table.name
        if table == SUBJECTS and state.dict.get("id") in owners:
            db.session.expire(obj)
        elif table in columns and state.dict.get(columns[table][0]) in owners:
            db.session.expire(obj, list(columns[table][1]))


def _secure_delete(connection: Connection) -> None:
    """Make SQLite overwrite what is deleted or cleared, so no trace stays in the file."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA secure_delete = ON")


def _chunks(ids: Sequence[uuid.UUID]) -> Iterator[Sequence[uuid.UUID]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]
