"""Requests about a subject already erased (key shredded): every workflow action works or answers a
clear 4xx, and such a request can always be closed with the answer "no data held" (an answer,
not a refusal).

Free text given on their requests (details, extension reason, rejection explanation) cannot be
encrypted any more: the action goes ahead, the text is not stored, and the outcome and the audit
trail name the texts not kept.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from compliance.audit.models import AuditEvent
from compliance.extensions import db
from compliance.requests.models import SubjectRequest
from tests.integration.db_snapshot import changed_tables, snapshot
from tests.integration.test_requests_support import BASE, complete, recently, submit, verified


class Erased:
    """A candidate erased through an erasure request, with requests made before the erasure."""

    def __init__(self, api, subject_id):
        self.api, self.subject_id = api, subject_id
        self.open_access = verified(api, subject_id, "access", details="Send me everything")
        self.restriction = verified(api, subject_id, "restriction")
        assert complete(api, self.restriction["id"]).status_code == 200
        self.answered = verified(api, subject_id, "access")
        assert complete(api, self.answered["id"]).status_code == 200
        erasure = verified(api, subject_id, "erasure")
        done = complete(api, erasure["id"])
        assert done.status_code == 200 and done.json["outcome"]["key_shredded"], done.json

    def post(self, request: dict, action: str, body: dict | None = None):
        return self.api.post(f"{BASE}/{request['id']}/{action}", json=body if body is not None else {})


@pytest.fixture
def erased(api_as, make_subject) -> Erased:
    return Erased(api_as("dpo"), make_subject().id)


def _ciphertexts(request_id) -> dict:
    db.session.expire_all()
    row = db.session.get(SubjectRequest, uuid.UUID(str(request_id)))
    return {name: getattr(row, f"{name}_ciphertext")
            for name in ("details", "extension_reason", "rejection_explanation")}


def _event(action: str, request_id) -> dict:
    event = db.session.query(AuditEvent).filter_by(action=action, object_id=str(request_id)).one()
    return event.details


def test_a_new_request_about_an_erased_subject_is_recorded_without_its_details(erased):
    response = erased.api.post(BASE, json={"type": "access", "subject_id": str(erased.subject_id),
                                           "details": "Do you still hold anything about me?"})
    assert response.status_code == 201, response.json
    assert _ciphertexts(response.json["id"])["details"] is None
    assert _event("request.received", response.json["id"])["texts_not_kept"] == ["details"]
    assert erased.api.get(f"{BASE}/{response.json['id']}").json["details"] is None


def test_a_new_request_about_an_erased_subject_can_be_verified_and_closed_as_no_data_held(erased):
    created = submit(erased.api, erased.subject_id, "erasure", details="Erase me again")
    assert erased.post(created, "verify-identity", {"method": "id_document"}).status_code == 200
    closed = erased.post(created, "no-data-held")
    assert closed.status_code == 200, closed.json
    assert closed.json["status"] == "completed" and closed.json["closed_at"] is not None
    assert closed.json["outcome"]["no_data_held"] is True and closed.json["rejection_ground"] is None
    assert _event("request.complete", created["id"])["no_data_held"] is True


def test_a_request_left_open_by_the_erasure_can_be_rejected_without_keeping_the_explanation(erased):
    closed = erased.post(erased.open_access, "reject", {"ground": "manifestly_unfounded",
                                                        "explanation": "Your data were erased."})
    assert closed.status_code == 200, closed.json
    assert closed.json["status"] == "rejected"
    assert closed.json["outcome"]["texts_not_kept"] == ["rejection_explanation"]
    assert _ciphertexts(erased.open_access["id"])["rejection_explanation"] is None
    assert _event("request.reject", erased.open_access["id"])["texts_not_kept"] == ["rejection_explanation"]
    detail = erased.api.get(f"{BASE}/{erased.open_access['id']}").json
    assert detail["rejection_explanation"] is None and detail["details"] is None


def test_a_request_left_open_by_the_erasure_can_be_extended_without_keeping_the_reason(erased):
    extended = erased.post(erased.open_access, "extend", {"reason": "Backups are being checked",
                                                          "notified_at": recently(0)})
    assert extended.status_code == 200, extended.json
    assert extended.json["extended"] is True
    assert _ciphertexts(erased.open_access["id"])["extension_reason"] is None
    assert _event("request.extend", erased.open_access["id"])["texts_not_kept"] == ["extension_reason"]


@pytest.mark.parametrize("kind", ["access", "portability", "rectification", "erasure", "restriction",
                                  "objection"])
def test_completing_a_request_about_an_erased_subject_is_409_and_names_the_way_out(erased, kind):
    created = verified(erased.api, erased.subject_id, kind)
    before = snapshot()
    body = {"changes": {"name": "New Name"}} if kind == "rectification" else {}
    response = erased.post(created, "complete", body)
    assert response.status_code == 409, response.json
    assert "no_data_held" in response.json["message"]
    assert changed_tables(before, snapshot()) == []


def test_the_package_of_an_erased_subject_is_gone_and_no_link_is_issued(erased):
    before = snapshot()
    for fmt in ("json", "xlsx"):
        served = erased.api.get(f"{BASE}/{erased.answered['id']}/package", query_string={"format": fmt})
        assert served.status_code == 409 and "erased" in served.json["message"]
    links = erased.post(erased.answered, "package-links")
    assert links.status_code == 409 and "erased" in links.json["message"]
    assert changed_tables(before, snapshot()) == []


def test_a_restriction_of_an_erased_subject_cannot_be_lifted(erased):
    before = snapshot()
    response = erased.post(erased.restriction, "lift-restriction", {"notified_at": recently(0)})
    assert response.status_code == 409, response.json
    assert changed_tables(before, snapshot()) == []


def test_a_member_erased_gets_no_new_authorisation(api_as, make_subject):
    dpo = api_as("dpo")
    # A membership that ended past the accounting period: nothing keeps the member (GDPR Art 17(3)).
    member = make_subject(kind="member", membership_start=date.today() - timedelta(days=4000),
                          membership_end=date.today() - timedelta(days=9 * 365))
    Erased(dpo, member.id)
    before = snapshot()
    response = dpo.post(f"/api/v1/members/{member.id}/authorisations", json={
        "country": "DE", "kind": "registration", "number": "HRB 1234"})
    assert response.status_code == 409, response.json
    assert "erased" in response.json["message"]
    assert changed_tables(before, snapshot()) == []
