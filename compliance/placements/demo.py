"""Demo placements for ``make run``: the EUR 2M policy, ~60 placements across states and types
(some uncovered: lapsed membership, excluded temporary work, clients outside the territory),
member authorisations, a few claims and consented CV submissions."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from compliance.audit.services import Actor
from compliance.errors import DomainError
from compliance.extensions import db
from compliance.placements import authorisation_services, insurance_services, services
from compliance.placements.rules import EEA_COUNTRIES
from compliance.subjects.models import Subject
from compliance.timeutil import controller_today

WORK = ["DE", "AT", "FR", "NL", "PL", "IT", "ES", "SE", "FI", "IE", "BE", "CZ", "SI", "DK", "EE"]
CLIENTS = WORK * 3 + ["CH", "GB", "US", "JP", "IN"]
TYPES = ["permanent"] * 5 + ["executive_search"] * 2 + ["temporary_agency_work", "freelance"]
COMPANIES = ["Nordic Steel AB", "Beispiel Maschinenbau GmbH", "Société Exemple SA",
             "Voorbeeld Logistiek BV", "Przykład Sp. z o.o.", "Esempio Software S.r.l."]


def add_demo_data(actor: Actor, rng: random.Random) -> None:
    active, lapsed = _members(active=True, limit=10), _members(active=False, limit=2)
    members = active + lapsed
    candidates = _subjects("candidate", 80)
    if not active or not candidates:
        return
    policy = _policy(actor)
    _authorisations(actor, rng, members)
    placements = [p for p in (_placement(actor, rng, lapsed if i % 10 == 9 and lapsed else active,
                                         candidates, i) for i in range(60)) if p]
    for index, placement in enumerate(placements[:3]):
        insurance_services.create_insurance_claim(actor, {
            "policy_id": policy["id"], "placement_id": placement.id,
            "claim_reference": f"CLM-DEMO-{index + 1}", "notified_on": controller_today(),
            "reserved": Decimal(rng.randrange(20_000, 150_000)), "paid": Decimal(0)})
    _cv_submissions(actor, rng, members, candidates[:10])


def _members(active: bool, limit: int) -> list[Subject]:
    """Members whose membership runs today (or, for a few uncovered examples, has lapsed)."""
    today = controller_today()
    running = Subject.membership_start <= today, Subject.membership_end >= today
    query = select(Subject).where(Subject.kind == "member", Subject.status == "active",
                                  *(running if active else (Subject.membership_end < today,)))
    return list(db.session.execute(query.order_by(Subject.id).limit(limit)).scalars())


def _subjects(kind: str, limit: int) -> list[Subject]:
    query = select(Subject).where(Subject.kind == kind, Subject.status == "active")
    return list(db.session.execute(query.order_by(Subject.id).limit(limit)).scalars())


def _policy(actor: Actor) -> dict:
    today = controller_today()
    return insurance_services.create_insurance_policy(actor, {
        "insurer": "Demo Underwriting SE", "policy_number": f"PI-{today.year}-001",
        "per_claim_limit": Decimal("2000000.00"), "aggregate_limit": Decimal("2000000.00"),
        "excess": Decimal("5000.00"), "currency": "EUR",
        "period_start": today - timedelta(days=180), "period_end": today + timedelta(days=185),
        "retroactive_date": today.replace(year=today.year - 5, day=1),
        "territories": sorted((EEA_COUNTRIES - {"GR"}) | {"CH", "GB"}),
        "excluded_jurisdictions": ["CA", "US"], "excluded_activities": ["temporary_agency_work"]})


def _authorisations(actor: Actor, rng: random.Random, members: list[Subject]) -> None:
    today = controller_today()
    for member, country, kind in zip(members, ("AT", "PL", "IT", "SI", "AT"),
                                     ("registration", "registration", "authorisation",
                                      "concession", "registration"), strict=False):
        authorisation_services.record_authorisation(actor, member.id, {
            "country": country, "kind": kind, "number": f"{country}-{rng.randrange(10**5, 10**6)}",
            "valid_until": today + timedelta(days=rng.randrange(-60, 700))})


def _placement(actor, rng, members, candidates, index):
    member = rng.choice(members)
    # Mostly within the membership; lapsed members' placements show up as uncovered.
    earliest = max(member.membership_start or controller_today(), controller_today() - timedelta(300))
    start = earliest + timedelta(days=rng.randrange(0, (controller_today() - earliest).days + 1))
    try:
        return services.create_placement(actor, {
            "member_id": member.id, "candidate_id": candidates[index % len(candidates)].id,
            "client_name": rng.choice(COMPANIES), "client_country": rng.choice(CLIENTS),
            "work_country": rng.choice(WORK), "placement_type": rng.choice(TYPES),
            "role_title": rng.choice(["Process Engineer", "CFO", "Data Analyst", "Nurse"]),
            "start_date": start, "fee": Decimal(rng.randrange(4_000, 40_000)), "currency": "EUR"})
    except DomainError:  # e.g. the candidate is restricted: the consent module refuses
        db.session.rollback()
        return None


def _cv_submissions(actor: Actor, rng: random.Random, members, candidates) -> None:
    from compliance.consent.services import record_consent

    for candidate in candidates:
        client = rng.choice(COMPANIES)
        try:
            record_consent(actor, candidate.id, {"purpose": "cv_sharing", "action": "grant",
                                                 "scope": client, "channel": "web_form"})
            services.record_cv_submission(actor, {
                "candidate_id": candidate.id, "member_id": rng.choice(members).id,
                "client_name": client, "client_country": "DE"})
        except DomainError:
            db.session.rollback()
