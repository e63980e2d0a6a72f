"""A candidate's application to a vacancy and its outcome.

The client organisation's name and the vacancy title are encrypted under the candidate's data
key (a client's name can be a sole trader's, a title can identify the candidate): erasing the
candidate clears them, and what stays (countries, dates, outcome, stage) identifies nobody.
``subject_id`` is the candidate (the owner erasure looks for); ``member_id`` the member who
recorded the application.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, LargeBinary, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from compliance.applications.rules import ApplicationStatus
from compliance.extensions import db
from compliance.timeutil import utcnow


class Application(db.Model):
    __tablename__ = "applications"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id"))  # the candidate
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id"), index=True)
    client_name_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    client_country: Mapped[str] = mapped_column(String(2))
    vacancy_title_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The vacancy's work country: its claim period decides how long a rejection is kept.
    work_country: Mapped[str] = mapped_column(String(2))
    applied_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=ApplicationStatus.RUNNING.value)
    outcome_on: Mapped[date | None] = mapped_column(Date)  # rejected, withdrawn or placed on
    rejection_stage: Mapped[str | None] = mapped_column(String(12))
    placement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("placements.id"))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(64))  # actor ref
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The retention sweep asks, per candidate, for running and rejected applications.
        Index("ix_applications_subject_status", "subject_id", "status", "outcome_on"),
    )

    @property
    def reference(self) -> str:
        return application_reference(self.id)


def application_reference(application_id: uuid.UUID) -> str:
    """A short, non-personal label (derived from the id, never stored)."""
    return f"AP-{application_id.hex[:10].upper()}"
