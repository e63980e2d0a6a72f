"""Demo applications for ``make run``: candidates applying to vacancies across states, most of
them rejected at some stage over the past year (so the retention preview shows rejected
applicants falling due per the vacancy's work country), some withdrawn, some still running."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from compliance.applications import services
from compliance.applications.rules import ApplicationStatus, RejectionStage
from compliance.audit.services import Actor
from compliance.errors import DomainError
from compliance.extensions import db
from compliance.subjects.models import Subject
from compliance.subjects.rules import SubjectStatus
from compliance.timeutil import controller_today

WORK = ["AT", "DE", "IE", "FR", "NL", "EE", "PL", "CH"]
COMPANIES = ["Nordic Steel AB", "Beispiel Maschinenbau GmbH", "Société Exemple SA",
             "Voorbeeld Logistiek BV", "Example Medical Ltd"]
TITLES = ["Process Engineer", "Data Analyst", "Staff Nurse", "Controller", "Site Manager"]
OUTCOMES = [ApplicationStatus.REJECTED] * 6 + [ApplicationStatus.WITHDRAWN, ApplicationStatus.RUNNING]


def add_demo_data(actor: Actor, rng: random.Random) -> None:
    from compliance.consent.services import record_consent

    members = _subjects("member", 5)
    candidates = _subjects("candidate", 200)[80:140]
    if not members or not candidates:
        return
    today = controller_today()
    for candidate in candidates:
        client = rng.choice(COMPANIES)
        applied_on = today - timedelta(days=rng.randrange(20, 400))
        try:
            record_consent(actor, candidate.id, {"purpose": "cv_sharing", "action": "grant",
                                                 "scope": client, "channel": "web_form"})
            application = services.record_application(actor, {
                "candidate_id": candidate.id, "member_id": rng.choice(members).id,
                "client_name": client, "client_country": rng.choice(WORK),
                "vacancy_title": rng.choice(TITLES), "work_country": rng.choice(WORK),
                "applied_on": applied_on})
            outcome = rng.choice(OUTCOMES)
            if outcome is not ApplicationStatus.RUNNING:
                on = applied_on + timedelta(days=rng.randrange(3, 19))
                stage = rng.choice(list(RejectionStage)) if outcome is ApplicationStatus.REJECTED else None
                services.record_outcome(actor, application.id,
                                        {"outcome": outcome, "on": on, "stage": stage})
        except DomainError:  # e.g. a restricted candidate: the consent module refuses
            db.session.rollback()


def _subjects(kind: str, limit: int) -> list[Subject]:
    query = select(Subject).where(Subject.kind == kind, Subject.status == SubjectStatus.ACTIVE)
    return list(db.session.execute(query.order_by(Subject.id).limit(limit)).scalars())
