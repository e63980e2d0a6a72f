"""Demo data for ``make run``: synthetic subjects, demo logins, and each feature's demo records.

Feature packages contribute through a ``demo.py`` module with ``add_demo_data(actor, rng)``,
listed in DEMO_MODULES; they run in this order after subjects and users exist.
"""

from __future__ import annotations

import importlib
import os
import random
import secrets
from pathlib import Path

from sqlalchemy import select

from compliance.audit.services import Actor, record_event
from compliance.auth.models import User
from compliance.auth.services import create_user
from compliance.extensions import db
from compliance.subjects.models import Subject
from compliance.subjects.seed import seed_subjects

DEMO_MODULES: tuple[str, ...] = ("compliance.placements.demo", "compliance.requests.demo",
                                 "compliance.consent.demo", "compliance.breaches.demo",
                                 "compliance.applications.demo", "compliance.assessments.demo")
DEMO_SEED = 2026


def seed_demo(actor: Actor, subject_count: int, instance_path: str) -> list[tuple] | None:
    """Seed once: returns [(role, email, password)], or None when data already exists."""
    if db.session.execute(select(Subject.id).limit(1)).first() is not None:
        return None
    seed_subjects(subject_count, DEMO_SEED)
    logins = _create_demo_users(actor)
    rng = random.Random(DEMO_SEED)
    for module_name in DEMO_MODULES:
        importlib.import_module(module_name).add_demo_data(actor, rng)
    record_event(actor, "demo.seeded", None, None, {"subjects": subject_count})
    db.session.commit()
    _write_logins(Path(instance_path) / "demo-logins.txt", logins)
    return logins


def _create_demo_users(actor: Actor) -> list[tuple]:
    member = db.session.execute(
        select(Subject).where(Subject.kind == "member").order_by(Subject.created_at.desc()).limit(1)
    ).scalar_one()
    logins = []
    for role, email, subject_id in (
        ("dpo", "dpo@demo.example", None),
        ("auditor", "auditor@demo.example", None),
        ("member", "member@demo.example", member.id),
    ):
        password = secrets.token_urlsafe(12)
        create_user(actor, email, role, password, subject_id)
        logins.append((role, email, password))
    return logins


def demo_member_user() -> User:
    return db.session.execute(select(User).where(User.role == "member").limit(1)).scalar_one()


def _write_logins(path: Path, logins: list[tuple]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        for role, email, password in logins:
            fh.write(f"{role}\t{email}\t{password}\n")
