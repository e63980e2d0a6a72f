"""Who may do what: 401 without a token, 403 with the wrong role, members see only their own."""

import uuid

import pytest

NEW = {"kind": "candidate", "name": "Jaan Tamm", "country": "EE", "email": "jaan@example.com"}


def test_unauthenticated_api_calls_get_401_with_the_error_body(client):
    response = client.get("/api/v1/subjects")
    assert response.status_code == 401
    assert response.json["code"] == "unauthorized"
    assert "WWW-Authenticate" in response.headers


def test_a_wrong_token_gets_401(client):
    response = client.get("/api/v1/subjects", headers={"Authorization": "Bearer cs_nope"})
    assert response.status_code == 401


@pytest.mark.parametrize("role", ["auditor"])
def test_read_only_roles_cannot_create_subjects(api_as, role):
    assert api_as(role).post("/api/v1/subjects", json=NEW).status_code == 403


def test_members_see_only_the_subjects_they_recorded(api_as, make_subject):
    alice, bob = api_as("member"), api_as("member")
    mine = alice.post("/api/v1/subjects", json=NEW).json
    theirs = bob.post("/api/v1/subjects", json={**NEW, "email": "other@example.com"}).json
    staff_subject = make_subject()
    assert alice.get(f"/api/v1/subjects/{mine['id']}").status_code == 200
    refused = alice.get(f"/api/v1/subjects/{theirs['id']}")
    missing = alice.get(f"/api/v1/subjects/{uuid.uuid4()}")
    # Same answer for someone else's record and for no record at all: no hint of existence.
    assert refused.status_code == missing.status_code == 403
    assert refused.json["message"] == missing.json["message"]
    assert alice.get(f"/api/v1/subjects/{staff_subject.id}").status_code == 403
    listed = {item["id"] for item in alice.get("/api/v1/subjects").json["items"]}
    assert mine["id"] in listed and theirs["id"] not in listed
    assert alice.post("/api/v1/subjects/search", json={"email": "other@example.com"}).json["items"] == []


def test_a_member_can_read_their_own_member_record(api_as):
    member = api_as("member")
    own = member.user.subject_id
    assert member.get(f"/api/v1/subjects/{own}").status_code == 200


def test_me_reports_the_role(api_as):
    assert api_as("auditor").get("/api/v1/me").json["role"] == "auditor"
