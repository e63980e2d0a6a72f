"""Demo assessments: a validated DPIA for candidate matching, an LIA for every legitimate-interests
purpose, and the platform's matching system in the AI register (Annex III point 4(a)), so the
overview starts without flags; remove one to see its flag."""

from __future__ import annotations

import random
from datetime import timedelta

from compliance.assessments import services
from compliance.audit.services import Actor
from compliance.policy_context import current_policies
from compliance.timeutil import controller_today

_RISKS = (
    ("illegitimate_access",
     "Profiles and CVs read by people without a need to know; discrimination, unwanted contact",
     "stolen recruiter credentials; over-broad member access", "external attackers; members",
     "per-subject encryption, members see only their candidates, audited reads, 2FA for staff",
     3, 3, 3, 1),
    ("unwanted_change", "Wrong scores exclude candidates from vacancies",
     "model drift; tampered profile data", "provider; members",
     "bias tests each release, shortlists reviewed by a member, audit trail", 3, 2, 2, 1),
    ("disappearance", "Candidates lose applications in progress", "deletion by mistake; ransomware",
     "staff; external attackers", "encrypted backups with restore tests; retention sweeps logged",
     2, 2, 2, 1),
)
_LIAS = {
    "candidate_matching": (
        "Proposing suitable vacancies to candidates in the talent pool is what they joined it for and what "
        "members are paid to do.",
        "Matching uses only the profile the candidate gave; without it members would read every "
        "profile by hand.",
        "Candidates expect to be proposed vacancies; they can object at any time; matching never "
        "decides alone.",
        "Objection honoured per purpose; scores are not shown to clients; the logic is explained on "
        "request."),
    "reference_checks": (
        "Checking the references a candidate names for an application protects the client and the "
        "candidate's credibility.",
        "Only referees the candidate named, only for the application whose CV went to that client.",
        "Referees are told at first contact (Art 14) and may object; statements are kept with the "
        "application only.",
        "Referee notice referee_privacy/v1; statements erased with the application."),
    "client_relationship": (
        "Managing the contract with a client company requires contacting the people it names.",
        "Business contact data only, no private data; no alternative to reach the client.",
        "Contact persons expect to be contacted in their professional role.",
        "Objection honoured; business contact data only; erased after the relationship ends."),
}


def add_demo_data(actor: Actor, rng: random.Random) -> None:
    dpia = services.create_dpia(actor, {
        "title": "Candidate matching and ranking", "activities": ["candidate_sourcing"],
        "context": "The matching system scores every talent-pool profile against open vacancies and "
                   "proposes a ranked shortlist to the member who holds the vacancy. About 40,000 "
                   "candidates in 27 states.",
        "necessity": "Lawful basis Art 6(1)(f) with a validated LIA; only profile data the candidate gave; "
                     "scores kept 30 days; candidates informed in the candidate notice and can object.",
        "dpo_opinion": "Residual risks are limited after the measures; review yearly and after any "
                       "model change.",
        "subjects_opinion": "Candidate panel of 12 (2026-09): asked for an explanation of the ranking; "
                            "added.",
    })
    for kind, impacts, threats, sources, measures, sb, lb, sa, la in _RISKS:
        services.assess_risk(actor, dpia.id, {
            "kind": kind, "impacts": impacts, "threats": threats, "sources": sources, "measures": measures,
            "severity_before": sb, "likelihood_before": lb, "severity_after": sa, "likelihood_after": la})
    services.submit_dpia(actor, dpia.id)
    services.validate_dpia(actor, dpia.id, controller_today() + timedelta(days=300))
    for purpose in sorted(p.id for p in current_policies().purposes.values() if p.lawful_basis == "f"):
        interest, necessity, balancing, safeguards = _LIAS.get(purpose, (
            f"The interest pursued by {purpose}.", "Necessary for that interest.", "Balanced.", None))
        services.record_lia(actor, {
            "purpose": purpose, "interest": interest, "purpose_outcome": "passed", "necessity": necessity,
            "necessity_outcome": "passed", "balancing": balancing, "balancing_outcome": "passed",
            "safeguards": safeguards,
            "review_due": controller_today() + timedelta(days=rng.randint(200, 360))})
    services.register_ai_system(actor, {
        "name": "Talent matching engine", "provider": "MatchWorks OÜ (processor)",
        "purposes": ["candidate_matching"], "annex_iii": "4(a)", "solely_automated": False,
        "significant_effect": False,
        "logic": "Compares the skills, experience, languages, location and salary wishes in a profile "
                 "with a vacancy's requirements; each criterion weighs according to the vacancy; no "
                 "special category data and no photo are used.",
        "significance": "The score orders the shortlist a member sees; a low score can mean a member "
                        "does not look at a profile for that vacancy. It does not reject anyone: the "
                        "member decides.",
        "human_oversight": "Members review every shortlist and can search the whole pool; the DPO reviews "
                           "bias test results each release.",
        "log_retention": "P6M", "dpia_id": dpia.id,
        "information_given": "Candidate notice section 4; works council of the platform informed 2026-03-02.",
    })
