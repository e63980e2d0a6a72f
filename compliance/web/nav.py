"""The navigation, by role. An entry shows only once its page exists (features land over time)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request
from flask_login import current_user

STAFF = frozenset({"dpo", "admin"})
READERS = STAFF | {"auditor"}
MEMBER = frozenset({"member"})


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: str
    roles: frozenset[str]
    section: str  # the URL prefix that marks this entry as current


NAV = (
    NavItem("overview.show", "Overview", READERS, "/overview"),
    NavItem("dsr.queue", "Requests", READERS, "/requests"),
    NavItem("subjects_web.search", "Subjects", STAFF, "/subjects"),
    NavItem("consents_web.index", "Consents", READERS, "/consents"),
    NavItem("retention_web.index", "Retention", READERS, "/retention"),
    NavItem("placements_web.index", "Placements", READERS, "/placements"),
    NavItem("insurance_web.index", "Insurance", READERS, "/insurance"),
    NavItem("breaches_web.register", "Breaches", READERS, "/breaches"),
    NavItem("assessments_web.index", "Assessments", READERS, "/assessments"),
    NavItem("member_states_web.index", "Member states", READERS, "/member-states"),
    NavItem("exports_web.index", "Exports", READERS, "/exports"),
    NavItem("audit_trail.browse", "Audit trail", READERS, "/audit"),
    NavItem("users.index", "Users", STAFF, "/users"),
    NavItem("portal.my_requests", "My requests", MEMBER, "/portal/requests"),
    NavItem("portal.new_request", "New request", MEMBER, "/portal/new-request"),
    NavItem("portal.candidates", "My candidates", MEMBER, "/portal/candidates"),
)


def nav_for_current_user() -> list[dict]:
    """Entries the signed-in user may open, with ``current`` set for the page being shown."""
    if not current_user.is_authenticated:
        return []
    views = current_app.view_functions
    items = []
    for item in NAV:
        if current_user.role in item.roles and item.endpoint in views:
            current = request.path.startswith(item.section)
            items.append({"endpoint": item.endpoint, "label": item.label, "current": current})
    return items
