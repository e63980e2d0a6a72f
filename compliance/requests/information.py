"""The GDPR Art 15(1)-(2) information that accompanies a copy of the data, taken from policies/."""

from __future__ import annotations

from compliance.assessments.queries import automated_processing_for
from compliance.config import current_controller
from compliance.policies import Policies

# Subject kind -> the label used in processing_activities.yaml categories_of_individuals.
INDIVIDUALS = {"candidate": "candidates", "member": "members", "client_contact": "client contacts"}
RIGHTS = (
    ("access", "GDPR Art 15"), ("rectification", "GDPR Art 16"), ("erasure", "GDPR Art 17"),
    ("restriction", "GDPR Art 18"), ("portability", "GDPR Art 20"), ("objection", "GDPR Art 21"),
    ("withdraw_consent", "GDPR Art 7(3)"), ("complaint_to_supervisory_authority", "GDPR Art 77"),
)


def art15_information(policies: Policies, subject_kind: str, recipients: list[dict]) -> dict:
    """Purposes, categories, recipients, retention, rights, complaint, source, ADM, transfers."""
    activities = _activities_for(policies, subject_kind)
    purpose_ids = sorted({pid for a in activities for pid in a.purposes})
    purposes = [policies.purposes[pid] for pid in purpose_ids if pid in policies.purposes]
    return {
        "policies_version": policies.version,
        "purposes": [_purpose(p) for p in purposes],  # Art 15(1)(a)
        "data_categories": sorted({c for p in purposes for c in p.data_categories}),  # 15(1)(b)
        "recipients": {  # Art 15(1)(c)
            "categories": sorted({r for a in activities for r in a.categories_of_recipients}),
            "named_clients": recipients,
        },
        "retention": _retention(policies, purposes),  # Art 15(1)(d)
        "rights": [{"right": name, "article": article} for name, article in RIGHTS],  # 15(1)(e)
        "complaint": _complaint(policies),  # Art 15(1)(f), Art 77
        "source": sorted({a.source for a in activities if a.source}),  # Art 15(1)(g)
        "automated_decision_making": _automated(activities, set(purpose_ids)),  # Art 15(1)(h), Art 22
        "transfers": _transfers(activities),  # Art 15(2), Art 46
    }


def _automated(activities: list, purpose_ids: set[str]) -> dict:
    """From the register of AI systems and automated decisions: the ones used for this person's
    purposes, with the logic involved and its significance and envisaged consequences."""
    systems = automated_processing_for(purpose_ids)
    return {
        "exists": any(s["solely_automated_decision"] for s in systems),  # Art 22(1)
        "profiling_or_automated_processing": systems,
        "statement": sorted({a.automated_decision_making for a in activities if a.automated_decision_making}),
    }


def _activities_for(policies: Policies, subject_kind: str) -> list:
    label = INDIVIDUALS.get(subject_kind)
    return [a for a in policies.processing_activities
            if label is None or label in a.categories_of_individuals]


def _purpose(purpose) -> dict:
    return {
        "id": purpose.id, "name": purpose.name, "description": purpose.description,
        "lawful_basis": f"GDPR Art 6(1)({purpose.lawful_basis})",
        "legitimate_interest": purpose.legitimate_interest,
        "data_categories": list(purpose.data_categories),
        "retention_category": purpose.retention_category,
    }


def _retention(policies: Policies, purposes: list) -> list[dict]:
    rows = []
    for category_id in sorted({p.retention_category for p in purposes}):
        rule = policies.retention.get(category_id)
        if rule is not None:
            rows.append({"category": rule.id, "description": rule.description,
                         "period": str(rule.period), "starts_at": rule.trigger,
                         "then": rule.action, "citation": rule.legal_citation})
    return rows


def _complaint(policies: Policies) -> dict:
    country = current_controller().country
    authority = policies.member_state(country).supervisory_authority
    return {"member_state": country, "authority": authority.name, "website": authority.website,
            "note": "You may also complain in the member state where you live or work (GDPR Art 77)."}


def _transfers(activities: list) -> list[dict]:
    return [{"activity": a.id, "countries": list(a.third_countries), "safeguards": a.safeguards}
            for a in activities if a.third_countries]
