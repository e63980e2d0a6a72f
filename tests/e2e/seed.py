"""Demo data for the browser tests, created through the services (never raw inserts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from compliance.audit.services import CLI_ACTOR
from compliance.auth.access import actor_for
from compliance.auth.services import create_user
from compliance.breaches.services import report_breach
from compliance.consent.services import record_consent
from compliance.requests.services import submit_request
from compliance.subjects.services import register_subject

PASSWORD = "e2e browser password 2026"


@dataclass
class Seeded:
    logins: dict = field(default_factory=dict)  # role name -> email
    requests: dict = field(default_factory=dict)  # name -> (id, reference)
    breach_reference: str = ""


def _person(n: int, kind: str = "candidate", country: str = "DE", **extra) -> dict:
    first = ("Lena", "Jonas", "Marie", "Tobias", "Eliise", "Rasmus", "Sofia", "Luca")[n % 8]
    return {"kind": kind, "name": f"{first} Example{n}", "email": f"{first.lower()}.example{n}@example.com",
            "phone": "+49 3012 3456", "country": country, "source": "e2e", **extra}


def _request(seeded: Seeded, name: str, actor, kind: str, days_ago: int, subject_id, channel="email"):
    item = submit_request(actor, {"type": kind, "subject_id": subject_id, "channel": channel,
                                  "received_at": datetime.now(UTC) - timedelta(days=days_ago)})
    seeded.requests[name] = (item.id, item.reference)


def seed_demo() -> Seeded:
    seeded = Seeded()
    staff = create_user(CLI_ACTOR, "dpo@e2e.example", "dpo", PASSWORD)
    seeded.logins["dpo"] = "dpo@e2e.example"
    members = []
    for n, email in enumerate(("member.a@e2e.example", "member.b@e2e.example")):
        since = datetime.now(UTC).date() - timedelta(days=200)
        record = register_subject(CLI_ACTOR, _person(90 + n, "member", "EE", membership_start=since))
        members.append(actor_for(create_user(CLI_ACTOR, email, "member", PASSWORD, record.id)))
        seeded.logins[f"member_{'ab'[n]}"] = email
    people = [register_subject(CLI_ACTOR, _person(n, country=("DE", "FR", "EE", "AT")[n % 4]))
              for n in range(8)]
    register_subject(CLI_ACTOR, _person(20, "client_contact", "AT"))
    _request(seeded, "overdue", CLI_ACTOR, "access", 45, people[0].id)
    _request(seeded, "to_extend", CLI_ACTOR, "erasure", 6, people[1].id)
    _request(seeded, "access", CLI_ACTOR, "access", 2, people[2].id)
    _request(seeded, "due_soon", CLI_ACTOR, "rectification", 25, people[3].id)
    theirs = register_subject(members[1], _person(40, country="FR"))
    _request(seeded, "member_b", members[1], "access", 1, theirs.id, channel="portal")
    consent = {"purpose": "talent_pool", "channel": "web_form"}
    for person in people[:6]:
        record_consent(CLI_ACTOR, person.id, {**consent, "action": "grant"})
    record_consent(CLI_ACTOR, people[0].id, {**consent, "action": "withdraw"})
    breach = report_breach(actor_for(staff), {
        "aware_at": datetime.now(UTC) - timedelta(hours=30),
        "nature": "A laptop with an encrypted candidate export was stolen.",
        "subject_categories": ["candidates"], "approx_subjects": 120})
    seeded.breach_reference = breach.reference
    return seeded
