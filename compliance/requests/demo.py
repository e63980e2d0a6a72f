"""Demo requests for ``make run``: about 40 of every type and status, received over the past
months, some overdue, some extended, a few submitted by the demo member."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from compliance.audit.services import Actor
from compliance.auth.access import actor_for
from compliance.demo import demo_member_user
from compliance.errors import DomainError
from compliance.extensions import db
from compliance.requests import services
from compliance.requests.rules import RequestType
from compliance.subjects.models import Subject
from compliance.timeutil import as_utc, utcnow

COUNT = 40
CHANNELS = ("email", "post", "phone", "api", "in_person")
PLAN = ("received", "verifying", "in_progress", "completed", "completed", "rejected")


def add_demo_data(actor: Actor, rng: random.Random) -> None:
    candidates = list(db.session.execute(
        select(Subject.id).where(Subject.kind != "member", Subject.status == "active")
        .order_by(Subject.created_at).limit(COUNT)).scalars())
    types = list(RequestType)
    for n, subject_id in enumerate(candidates):
        kind = types[n % len(types)].value
        received_at = utcnow() - timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23))
        request = services.submit_request(actor, {
            "type": kind, "subject_id": subject_id, "channel": rng.choice(CHANNELS),
            "received_at": received_at, "details": "Demo request (synthetic)."})
        _advance(actor, request, rng.choice(PLAN), rng)
    _member_requests(rng)


def _advance(actor: Actor, request, plan: str, rng: random.Random) -> None:
    if (utcnow() - as_utc(request.received_at)).days < 25 and rng.random() < 0.7:
        services.extend_request(actor, request.id, "Records held by several members (demo).",
                                utcnow() - timedelta(hours=1))
    if plan == "received":
        return
    if plan == "verifying":
        services.start_verification(actor, request.id)
        return
    if plan == "rejected":
        services.reject_request(actor, request.id, "manifestly_unfounded", "Demo refusal.")
        return
    services.verify_identity(actor, request.id, rng.choice(("id_document", "known_contact")))
    if plan == "completed":
        changes = {"phone": "+372 5555 0101"} if request.type == "rectification" else None
        try:
            services.complete_request(actor, request.id, changes)
        except DomainError:  # e.g. a legal hold blocks an erasure: it stays in progress
            db.session.rollback()


def _member_requests(rng: random.Random) -> None:
    user = demo_member_user()
    member = actor_for(user)
    for kind in ("access", "rectification"):
        services.submit_request(member, {"type": kind, "subject_id": user.subject_id,
                                         "channel": "portal"})
