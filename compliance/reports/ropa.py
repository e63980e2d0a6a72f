"""Rows of the ``ropa`` workbook: the Art 30(1) record from policies/processing_activities.yaml.

ICO sheet: the UK ICO controller template's 30 columns in order (Art 30(1)(b)-(g) per activity);
the controller, representative and DPO of Art 30(1)(a) are on the Controller sheet.
"""

from __future__ import annotations

from collections.abc import Iterator

from compliance.assessments.queries import ActivityAssessment, activity_assessments
from compliance.config import current_controller
from compliance.policies import DATA_CATEGORY_FLAGS, SECURITY_MEASURE_FLAGS, Policies, ProcessingActivity
from compliance.policy_context import current_policies
from compliance.reports.filters import ExportFilters
from exports import ropa as layout

# GDPR Art 6(1)(a)-(f)
LAWFUL_BASES = {
    "a": "Art 6(1)(a) consent", "b": "Art 6(1)(b) contract", "c": "Art 6(1)(c) legal obligation",
    "d": "Art 6(1)(d) vital interests", "e": "Art 6(1)(e) public task",
    "f": "Art 6(1)(f) legitimate interests",
}
NO_TRANSFERS = "None: no transfers outside the EEA"


def build_ropa_rows(filters: ExportFilters) -> dict[str, Iterator[list]]:
    """One row per processing activity on the ICO and CNIL sheets; one per role on Controller."""
    policies = current_policies()
    activities = policies.processing_activities
    assessed = activity_assessments(policies)  # DPIAs, LIAs and AI from the register, never typed
    return {
        layout.ICO_SHEET.name: (_ico_row(policies, a, assessed[a.id]) for a in activities),
        layout.CNIL_SHEET.name: (_cnil_row(policies, a) for a in activities),
        layout.CONTROLLER_SHEET.name: _controller_rows(policies),
    }


def _joined(values) -> str | None:
    return "; ".join(values) or None


def _bases(activity: ProcessingActivity) -> str:
    return "; ".join(LAWFUL_BASES[letter] for letter in activity.lawful_bases)


def _retention(policies: Policies, activity: ProcessingActivity) -> str:
    rules = (policies.retention[key] for key in activity.retention)
    return "; ".join(f"{r.id}: {r.period} from {r.trigger}, then {r.action} ({r.legal_citation})"
                     for r in rules)


def _transfers(policies: Policies, activity: ProcessingActivity) -> str:
    names = [f"{policies.third_countries[c].name} ({c})" for c in activity.third_countries]
    return _joined(names) or NO_TRANSFERS


def _automated(a: ProcessingActivity, assessed: ActivityAssessment) -> str | None:
    systems = f"AI systems in use: {_joined(assessed.ai_systems)}" if assessed.ai_systems else None
    return "; ".join(filter(None, (a.automated_decision_making, systems))) or None


def _dpia_progress(assessed: ActivityAssessment) -> str:
    return f"{assessed.progress} ({assessed.screening.reason})"


def _ico_row(policies: Policies, a: ProcessingActivity, assessed: ActivityAssessment) -> list:
    lias = _joined(assessed.lia_references) or (
        "none validated (see the register of assessments)" if a.legitimate_interests else None)
    article9 = a.article9_condition or (None if a.sensitive_data else "None: no special category data")
    return [
        a.business_function, a.purpose, a.joint_controller or "None",
        _joined(a.categories_of_individuals), _joined(a.categories_of_personal_data),
        _joined(a.categories_of_recipients), a.processor_contract_link,
        _transfers(policies, a), a.safeguards, _retention(policies, a), a.security_measures,
        _bases(a), article9, _joined(a.legitimate_interests), lias,
        _joined(a.rights_available), _automated(a, assessed), a.source, a.consent_record_link,
        a.location, assessed.screening.required, _dpia_progress(assessed), assessed.dpia_reference,
        a.breach_occurred, a.breach_link,
        "Not applicable: EU controller (GDPR)", _bases(a), a.retention_policy_link,
        a.retained_per_policy, a.reasons_not_adhering,
    ]


def _cnil_row(policies: Policies, a: ProcessingActivity) -> list:
    retention = _retention(policies, a)
    sub_purposes = _joined(policies.purposes[p].name for p in a.purposes)
    transfers = _transfers(policies, a)
    return [
        a.id, a.name, None, None, a.purpose, sub_purposes, _bases(a),
        _joined(a.categories_of_individuals),
        *(flag in a.data_category_flags for flag in DATA_CATEGORY_FLAGS),
        _joined(a.categories_of_personal_data), a.sensitive_data, a.article9_condition,
        *(retention if flag in a.data_category_flags else None for flag in DATA_CATEGORY_FLAGS),
        _joined(a.recipients_internal), _joined(a.recipients_external), _joined(a.processors),
        None if transfers == NO_TRANSFERS else _joined(a.categories_of_recipients),
        transfers, a.safeguards,
        *(flag in a.security_measure_flags for flag in SECURITY_MEASURE_FLAGS),
        a.security_measures,
    ]


def _controller_rows(policies: Policies) -> Iterator[list]:
    controller = current_controller()  # Art 30(1)(a): the identity as configured, nowhere else
    yield ["Controller", controller.name, controller.registry_code, controller.address,
           controller.country, controller.dpo_contact, None]
    yield ["Representative (Art 27)", controller.representative or "None: established in the EU",
           None, None, None, None, None]
    yield ["Data protection officer", controller.dpo_name, None, controller.address,
           controller.country, controller.dpo_contact, None]
    joint = sorted({a.joint_controller for a in policies.processing_activities if a.joint_controller})
    for name in joint:
        yield ["Joint controller", name, None, None, None, None, None]
