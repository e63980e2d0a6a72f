"""The subject registry through the API: create, read, update, list, look up by email."""

import uuid

import pytest

from compliance.audit.models import AuditEvent
from compliance.extensions import db

NEW = {"kind": "candidate", "name": "Mari Maasikas", "email": "Mari.Maasikas@Example.com",
       "phone": "+372 5123 4567", "country": "ee", "date_of_birth": "1990-04-01",
       "source": "referral"}


def test_create_returns_201_with_id_and_decrypted_fields(api_as):
    api = api_as("dpo")
    response = api.post("/api/v1/subjects", json=NEW)
    assert response.status_code == 201, response.json
    body = response.json
    uuid.UUID(body["id"])
    assert body["name"] == "Mari Maasikas"
    assert body["country"] == "EE"
    assert body["status"] == "active"
    assert api.get(f"/api/v1/subjects/{body['id']}").json["email"] == "Mari.Maasikas@Example.com"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"kind": "alien"}, "kind"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "call me maybe"}, "phone"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"name": ""}, "name"),
        ({"membership_start": "2026-01-01"}, "membership_start"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_bad_input_gets_422_with_field_errors_and_stores_nothing(api_as, change, field):
    api = api_as("dpo")
    response = api.post("/api/v1/subjects", json={**NEW, **change})
    assert response.status_code == 422
    assert set(response.json) >= {"code", "message", "errors"}
    assert field in response.json["errors"]
    assert api.get("/api/v1/subjects").json["total"] == 0


def test_member_end_before_start_is_refused(api_as):
    response = api_as("dpo").post("/api/v1/subjects", json={
        **NEW, "kind": "member", "membership_start": "2026-03-01", "membership_end": "2026-01-01"})
    assert response.status_code == 422
    assert "membership_end" in response.json["errors"]


def test_lookup_by_email_is_case_and_whitespace_insensitive(api_as):
    api = api_as("dpo")
    created = api.post("/api/v1/subjects", json=NEW).json
    found = api.post("/api/v1/subjects/search", json={"email": "  mari.maasikas@EXAMPLE.com "})
    assert found.status_code == 200
    assert [item["id"] for item in found.json["items"]] == [created["id"]]
    assert found.json["items"][0]["name"] == "Mari Maasikas"
    assert api.post("/api/v1/subjects/search", json={"email": "nobody@example.com"}).json["items"] == []


def test_an_email_is_never_taken_in_a_url(api_as):
    refused = api_as("dpo").get("/api/v1/subjects", query_string={"email": "mari.maasikas@example.com"})
    assert refused.status_code == 422 and "email" in refused.json["errors"]


def test_list_is_paginated_and_carries_no_personal_data(api_as, make_subject):
    for _ in range(7):
        make_subject()
    page = api_as("auditor").get("/api/v1/subjects", query_string={"per_page": 5, "page": 2}).json
    assert page["total"] == 7 and page["page"] == 2 and len(page["items"]) == 2
    assert not {"name", "email", "phone", "date_of_birth"} & set(page["items"][0])


def test_patch_changes_fields_and_audits_names_not_values(api_as, make_subject):
    subject = make_subject(name="Old Name")
    api = api_as("dpo")
    response = api.patch(f"/api/v1/subjects/{subject.id}", json={"name": "New Name"})
    assert response.status_code == 200 and response.json["name"] == "New Name"
    event = db.session.query(AuditEvent).filter_by(action="subject.updated").one()
    assert event.details == {"fields": ["name"]}
    assert "New Name" not in str(event.details) and "Old Name" not in str(event.details)


def test_every_decrypted_read_is_audited(api_as, make_subject):
    subject = make_subject()
    api = api_as("admin")
    api.get(f"/api/v1/subjects/{subject.id}")
    reads = db.session.query(AuditEvent).filter_by(action="subject.read", object_id=str(subject.id))
    assert reads.count() == 1
    assert reads.one().actor == f"user:{api.user.id}"


def test_unknown_subject_is_404_and_bad_uuid_is_404(api_as):
    api = api_as("dpo")
    assert api.get(f"/api/v1/subjects/{uuid.uuid4()}").status_code == 404
    assert api.get("/api/v1/subjects/not-a-uuid").status_code == 404


def test_datetimes_are_written_in_utc_with_their_offset(api_as):
    body = api_as("dpo").post("/api/v1/subjects", json=NEW).json
    assert body["created_at"].endswith("+00:00") and body["last_activity_at"].endswith("+00:00")
