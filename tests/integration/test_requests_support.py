"""Shared set-up for the data subject request tests (no tests here)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

BASE = "/api/v1/subject-requests"


def iso(moment: datetime) -> str:
    return moment.isoformat()


def recently(hours: int = 1) -> str:
    return iso(datetime.now(UTC) - timedelta(hours=hours))


def submit(api, subject_id, kind: str = "access", **extra):
    body = {"type": kind, "subject_id": str(subject_id), **extra}
    response = api.post(BASE, json=body)
    assert response.status_code == 201, response.json
    return response.json


def verified(api, subject_id, kind: str = "access", **extra) -> dict:
    created = submit(api, subject_id, kind, **extra)
    response = api.post(f"{BASE}/{created['id']}/verify-identity", json={"method": "id_document"})
    assert response.status_code == 200, response.json
    return response.json


def complete(api, request_id, **body):
    return api.post(f"{BASE}/{request_id}/complete", json=body)


def audit_actions(object_id=None) -> list[str]:
    from compliance.audit.models import AuditEvent
    from compliance.extensions import db

    query = db.session.query(AuditEvent).order_by(AuditEvent.id)
    if object_id is not None:
        query = query.filter_by(object_id=str(object_id))
    return [e.action for e in query]


def all_audit_details() -> str:
    from compliance.audit.models import AuditEvent
    from compliance.extensions import db

    return " ".join(str(e.details) for e in db.session.query(AuditEvent))
