"""Demo consents: grants with proof for many candidates, some expiring within 30 days,
some withdrawn, CV-sharing consents per client; and one legal hold on a subject that is due."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from compliance.audit.services import Actor
from compliance.consent import services
from compliance.extensions import db
from compliance.retention.services import place_hold
from compliance.subjects.models import Subject
from compliance.timeutil import controller_today

CLIENTS = ("Acme Logistics GmbH", "Nordic Pulp Oy", "Baltic Software OÜ", "Iberia Foods S.L.")


def add_demo_data(actor: Actor, rng: random.Random) -> None:
    # Only active candidates: the requests demo has erased or restricted a few already.
    candidates = db.session.execute(
        select(Subject).where(Subject.kind == "candidate", Subject.status == "active")
        .order_by(Subject.id).limit(120)).scalars().all()
    for n, subject in enumerate(candidates):
        _grant(actor, subject, "talent_pool", None, rng, expiring=n % 6 == 0)
        if n % 3 == 0:
            _grant(actor, subject, "cv_sharing", rng.choice(CLIENTS), rng, expiring=False)
        if n % 4 == 0:
            _grant(actor, subject, "job_alerts", None, rng, expiring=False)
        if n % 10 == 5:
            services.append_event(actor, subject, services.find_purpose("talent_pool"), "withdraw",
                                  scope=None, channel="email", notice_version=None, evidence=None)
    db.session.commit()
    long_ago = datetime.now(UTC) - timedelta(days=800)
    inactive = db.session.execute(select(Subject.id).where(
        Subject.kind == "candidate", Subject.status == "active", Subject.last_activity_at < long_ago)
        .order_by(Subject.last_activity_at).limit(1)).scalar_one_or_none()
    if inactive:  # a subject the retention sweep would erase, kept by the hold
        place_hold(actor, inactive, {"reason": "Demo: discrimination claim pending", "until": None})


def _grant(actor: Actor, subject: Subject, purpose_id: str, scope: str | None, rng: random.Random,
           expiring: bool) -> None:
    event = services.append_event(
        actor, subject, services.find_purpose(purpose_id), "grant", scope=scope,
        channel=rng.choice(("web_form", "email", "paper")), notice_version=None,
        evidence={"form_id": "demo-signup", "ip": f"192.0.2.{rng.randrange(1, 255)}"})
    if expiring:  # as if granted almost 24 months ago: falls in the 30-day renewal window
        event.valid_until = controller_today() + timedelta(days=rng.randrange(1, 30))
        event.occurred_at = datetime.now(UTC) - timedelta(days=700)
        state = services.consent_state(subject.id, purpose_id, event.scope_key)
        state.valid_until, state.changed_at = event.valid_until, event.occurred_at
