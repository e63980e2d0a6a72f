"""Demo breaches: running clocks, one overdue, notified on time, notified late with reasons,
not notified with reasoning, and a high-risk one closed under Art 34(3)(a)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from compliance.audit.services import Actor
from compliance.breaches import services
from compliance.extensions import db
from compliance.subjects.models import Subject
from compliance.timeutil import utcnow

# (hours since awareness, facts, notification hours after awareness or None, late reasons)
_BREACHES = (
    (5, {"nature": "Recruiter mailbox phished; candidate CVs possibly read", "risk": "risk"}, None, None),
    (40, {"nature": "Spreadsheet of candidates e-mailed to the wrong client", "risk": "risk"}, None, None),
    (66, {"nature": "Lost unencrypted USB stick with interview notes"}, None, None),
    (90, {"nature": "Misconfigured storage bucket exposed CV files", "risk": "high"}, None, None),
    (200, {"nature": "Stolen laptop with cached member records", "risk": "risk"}, 30, None),
    (400, {"nature": "Ransomware on a member's office server", "risk": "high"}, 96,
     "Scope of the encrypted shares was only known after the forensic report"),
    (300, {"nature": "Client contact list sent in CC instead of BCC", "risk": "unlikely",
           "notify_decision": False,
           "decision_reasoning": "Business e-mail addresses only, 8 recipients, all confirmed deletion"},
     None, None),
    (700, {"nature": "Encrypted backup tape lost in transit", "risk": "high", "art34_ground": "a"},
     20, None),
)


def add_demo_data(actor: Actor, rng: random.Random) -> None:
    candidates = list(db.session.execute(
        select(Subject.id).where(Subject.kind == "candidate").limit(40)).scalars())
    now = utcnow()
    for hours, facts, notified_after, late_reasons in _BREACHES:
        aware_at = now - timedelta(hours=hours)
        count = rng.randint(3, 400)
        breach = services.report_breach(actor, {
            **facts, "aware_at": aware_at, "occurred_at": aware_at - timedelta(hours=rng.randint(1, 48)),
            "discovered_how": rng.choice(("member report", "monitoring alert", "client report")),
            "subject_categories": ["candidates"], "approx_subjects": count,
            "record_categories": ["contact details", "CVs"], "approx_records": count * 3,
            "likely_consequences": "Phishing or unwanted contact of the people concerned",
            "measures": "Access revoked, passwords reset, recipients asked to delete",
            "subject_ids": rng.sample(candidates, min(3, len(candidates))),
        })
        if notified_after is not None:
            services.record_notification(actor, breach.id, {
                "recipient": "authority", "sent_at": aware_at + timedelta(hours=notified_after),
                "authority_reference": f"AKI-{rng.randint(1000, 9999)}", "late_reasons": late_reasons})
