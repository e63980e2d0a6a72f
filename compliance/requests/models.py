"""Data subject requests (GDPR Art 15-21), their reference counter and their answer packages.

When the clock starts: at receipt, i.e. when the request reached an official channel (EDPB
Guidelines 01/2022 §159). For the public form that is the moment the form was submitted, not the
moment the emailed link was clicked: the link confirms identity, it does not receive the request.

Free text typed by people (the requester's details, an extension reason, a rejection explanation)
may mention the person, so it is stored encrypted with the subject's data key: it is readable only
through an audited read, and erasure (crypto-shredding) makes it unreadable with everything else.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, LargeBinary, String, Uuid, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from compliance.extensions import db
from compliance.timeutil import utcnow

TABLE = "subject_requests"
#: Encrypted free-text columns of a request (``<name>_ciphertext``).
REQUEST_TEXTS = ("details", "extension_reason", "rejection_explanation")


class SubjectRequest(db.Model):
    __tablename__ = TABLE

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    type: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(24), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id"), index=True)
    # Members see only the requests they submitted.
    submitted_by_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    received_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), index=True)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    original_due_date: Mapped[date] = mapped_column(Date)
    extended: Mapped[bool] = mapped_column(default=False)
    extended_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    extension_notified_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    confirmed_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    identity_verified_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    identity_method: Mapped[str | None] = mapped_column(String(32))
    closed_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    rejection_ground: Mapped[str | None] = mapped_column(String(32))
    # What was done, without personal data: field names, categories, counts, citations, client names.
    outcome: Mapped[dict | None] = mapped_column(JSON)
    # GDPR Art 18(3): the subject is told before a restriction is lifted.
    # EDPB Guidelines 01/2022 §159: the clock stands still while we wait for identity or a
    # clarification; ``paused_days`` (closed pauses) is added to the due date.
    paused_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    pause_reason: Mapped[str | None] = mapped_column(String(16))
    paused_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    restriction_lifted_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    lift_notified_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    details_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    extension_reason_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    rejection_explanation_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class RequestSequence(db.Model):
    """Per-year counter behind the references DSR-<year>-<n>; incremented under a row lock."""

    __tablename__ = "request_sequences"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(Integer, default=0)

    @classmethod
    def next_value(cls, year: int) -> int:
        """The year's next number, concurrency-safe (flushes; the caller's unit of work commits).

        The UPDATE takes the counter's row lock (PostgreSQL) or the database write lock (SQLite),
        so two concurrent intakes never share a number; the first of a year inserts the row.
        """
        value = cls._increment(year)
        if value is not None:
            return value
        try:
            with db.session.begin_nested():
                db.session.execute(insert(cls).values(year=year, last_value=1))
            return 1
        except IntegrityError:  # someone else created the year's row first
            return cls._increment(year)

    @classmethod
    def _increment(cls, year: int) -> int | None:
        db.session.execute(update(cls).where(cls.year == year).values(last_value=cls.last_value + 1))
        return db.session.execute(select(cls.last_value).where(cls.year == year)).scalar_one_or_none()


class RequestPackage(db.Model):
    """The exact bytes of an access/portability answer, encrypted with the subject's key.

    ``sha256`` is the hash of the plaintext bytes served on every download, so the answer can be
    proven later; after erasure the ciphertext is dropped and only the hash remains.
    """

    __tablename__ = "request_packages"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subject_requests.id"), index=True)
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    format: Mapped[str] = mapped_column(String(8))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)


class PackageTransmission(db.Model):
    """A portability package sent directly to another controller (GDPR Art 20(2)).

    The receiving organisation may identify the person's new employer or agency, so its name is
    encrypted with the subject's key; how, when and which bytes (SHA-256) went are plain.
    """

    __tablename__ = "package_transmissions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subject_requests.id"), index=True)
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    format: Mapped[str] = mapped_column(String(8))
    sha256: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(24))
    recipient_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    transmitted_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)


class ClockPause(db.Model):
    """One stop of a request's clock: why, from when, until when, and the days it added."""

    __tablename__ = "request_clock_pauses"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subject_requests.id"), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    paused_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True))
    resumed_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    days: Mapped[int | None] = mapped_column(Integer)


class RequestLetter(db.Model):
    """A letter to the person about their request (acknowledgement, extension, answer, refusal),
    its text encrypted with the subject's key and its SHA-256 kept: proof of what was sent, when,
    in which language (GDPR Art 5(2), 12(1), 12(4))."""

    __tablename__ = "request_letters"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subject_requests.id"), index=True)
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(5))
    channel: Mapped[str] = mapped_column(String(8))  # email | post
    sha256: Mapped[str] = mapped_column(String(64))
    content_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    sent_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True))
    sent_by: Mapped[str] = mapped_column(String(64))
