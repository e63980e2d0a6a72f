"""The member portal: submit and follow one's own requests; other members' records are a 403
that looks exactly like a missing record."""

import uuid

import pytest

from tests.integration.web_support import web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


NEW = {"type": "access", "who": "candidate", "name": "Anna Gruber", "email": "anna.gruber@example.com",
       "country": "at", "details": "Wants a copy of her data"}


def submit(client, **overrides):
    response = client.post("/portal/new-request", data={**NEW, **overrides})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def test_a_member_submits_a_request_and_follows_it(web_as):
    member = web_as("member")
    location = submit(member)
    page = member.get(location).get_data(as_text=True)
    assert "Due" in page and "Received" in page
    listing = member.get("/portal/requests").get_data(as_text=True)
    assert location.rsplit("/", 1)[-1] in listing


def test_a_member_can_submit_their_own_request(web_as):
    member = web_as("member")
    submit(member, who="self", name="", email="", country="")


def test_a_request_for_someone_else_needs_their_details(web_as):
    response = web_as("member").post("/portal/new-request", data={**NEW, "email": ""})
    assert response.status_code == 422
    assert "Required unless the request is your own" in response.get_data(as_text=True)


def test_another_members_request_is_refused_like_a_missing_one(web_as):
    alice, bob = web_as("member"), web_as("member")
    location = submit(alice)
    refused = bob.get(location)
    missing = bob.get(f"/portal/requests/{uuid.uuid4()}")
    assert refused.status_code == missing.status_code == 403
    assert refused.get_data(as_text=True) == missing.get_data(as_text=True)
    assert location.rsplit("/", 1)[-1] not in bob.get("/portal/requests").get_data(as_text=True)


def test_the_staff_detail_is_not_reachable_for_members(web_as):
    alice = web_as("member")
    request_id = submit(alice).rsplit("/", 1)[-1]
    assert alice.get(f"/requests/{request_id}").status_code == 403


def test_a_member_records_a_consent_for_their_candidate(web_as, make_subject):
    member = web_as("member")
    candidate = make_subject(kind="candidate", actor=_actor(member.user))
    url = f"/portal/candidates/{candidate.id}"
    assert candidate.reference in member.get("/portal/candidates").get_data(as_text=True)
    response = member.post(url, data={"purpose": "talent_pool", "action": "grant", "channel": "email"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "The consent was recorded" in page and "granted" in page.lower()
    withdraw = member.post(url, data={"purpose": "talent_pool", "action": "withdraw", "channel": "email"},
                           follow_redirects=True)
    assert "withdrawn" in withdraw.get_data(as_text=True)


def test_a_member_cannot_open_another_members_candidate(web_as, make_subject):
    alice, bob = web_as("member"), web_as("member")
    theirs = make_subject(kind="candidate", actor=_actor(alice.user))
    assert bob.get(f"/portal/candidates/{theirs.id}").status_code == 403
    assert bob.post(f"/portal/candidates/{theirs.id}",
                    data={"purpose": "talent_pool", "action": "grant", "channel": "email"}).status_code == 403


def test_staff_cannot_use_the_member_portal(web_as):
    assert web_as("dpo").get("/portal/new-request").status_code == 403


def _actor(user):
    from compliance.auth.access import actor_for

    return actor_for(user)
