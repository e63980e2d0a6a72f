"""Placements and CV submissions through the API: record, read, refuse bad input and refused
processing, and members acting only as themselves."""

import uuid

import pytest

from compliance.audit.models import AuditEvent
from compliance.extensions import db
from compliance.placements.models import Placement
from compliance.subjects.models import Subject
from tests.integration.test_placements_support import World, grant_cv_sharing, placement_body


@pytest.fixture
def world(api_as, make_subject):
    return World(api_as, make_subject)


def test_create_returns_201_with_defaults(world):
    body = world.place()
    uuid.UUID(body["id"])
    assert body["reference"].startswith("PL-")
    assert body["fee"] == "18500.00" and body["currency"] == "EUR"
    assert body["contract_law"] == "Austrian law; courts of Vienna"
    assert body["status"] == "active" and body["end_date"] is None
    assert world.dpo.get(f"/api/v1/placements/{body['id']}").json == body
    event = db.session.query(AuditEvent).filter_by(action="placement.created").one()
    assert event.details == {"placement_type": "permanent", "work_country": "DE",
                             "client_country": "AT"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"work_country": "XX"}, "work_country"),
        ({"client_country": "ZZ"}, "client_country"),
        ({"end_date": "2020-01-01", "start_date": "2020-02-01"}, "end_date"),
        ({"fee": "-1.00"}, "fee"),
        ({"fee": "NaN"}, "fee"),
        ({"currency": "EURO"}, "currency"),
        ({"currency": "XYZ"}, "currency"),
        ({"placement_type": "headhunting"}, "placement_type"),
        ({"role_title": ""}, "role_title"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"candidate_id": str(uuid.uuid4())}, "candidate_id"),
        ({"member_id": str(uuid.uuid4())}, "member_id"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_bad_input_gets_422_with_field_errors_and_stores_nothing(world, change, field):
    body = {**placement_body(world.member.id, world.candidate.id), **change}
    response = world.dpo.post("/api/v1/placements", json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]
    assert db.session.query(Placement).count() == 0


def test_subjects_of_the_wrong_kind_are_refused(world):
    body = placement_body(world.candidate.id, world.member.id)
    response = world.dpo.post("/api/v1/placements", json=body)
    assert response.status_code == 422 and "member_id" in response.json["errors"]


def test_currency_and_countries_are_normalised(world):
    assert world.place(currency="sek", work_country="se")["currency"] == "SEK"


def test_restricted_candidate_cannot_be_placed(world, raw_sql):
    raw_sql("UPDATE subjects SET status = 'restricted' WHERE id = :id",
            id=world.candidate.id.hex if _sqlite() else str(world.candidate.id))
    db.session.expire_all()
    response = world.dpo.post("/api/v1/placements",
                              json=placement_body(world.member.id, world.candidate.id))
    assert response.status_code == 422, response.json
    assert response.json["code"] == "processing_refused"
    assert db.session.query(Placement).count() == 0


def _sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def test_member_places_only_as_themselves_and_sees_only_their_own(world, api_as, make_subject):
    candidate = world.member_candidate()
    mine = world.member_api.post("/api/v1/placements", json=placement_body(
        world.member.id, candidate["id"])).json
    other = make_subject(kind="member", country="LV")
    refused = world.member_api.post("/api/v1/placements",
                                    json=placement_body(other.id, world.candidate.id))
    assert refused.status_code == 403
    theirs = world.place(member=other)
    listed = world.member_api.get("/api/v1/placements").json
    assert [item["id"] for item in listed["items"]] == [mine["id"]]
    assert world.member_api.get(f"/api/v1/placements/{theirs['id']}").status_code == 403
    assert world.member_api.get(f"/api/v1/placements/{uuid.uuid4()}").status_code == 403
    assert world.dpo.get(f"/api/v1/placements/{uuid.uuid4()}").status_code == 404
    assert world.dpo.get("/api/v1/placements").json["total"] == 2


def test_member_cannot_place_a_candidate_recorded_by_someone_else(world):
    response = world.member_api.post("/api/v1/placements",
                                     json=placement_body(world.member.id, world.candidate.id))
    assert response.status_code == 422 and "candidate_id" in response.json["errors"]


def test_auditor_reads_but_cannot_write(world, api_as):
    created = world.place()
    auditor = api_as("auditor")
    assert auditor.get(f"/api/v1/placements/{created['id']}").status_code == 200
    body = placement_body(world.member.id, world.candidate.id)
    assert auditor.post("/api/v1/placements", json=body).status_code == 403


def test_list_filters_and_paginates(world):
    for country in ("DE", "FR", "FR"):
        world.place(work_country=country)
    page = world.dpo.get("/api/v1/placements", query_string={"work_country": "FR",
                                                             "per_page": 1}).json
    assert page["total"] == 2 and len(page["items"]) == 1


def cv_body(world, **changes):
    return {"candidate_id": str(world.candidate.id), "member_id": str(world.member.id),
            "client_name": "Beispiel Maschinenbau GmbH", "client_country": "AT", **changes}


def test_cv_submission_without_consent_is_refused(world):
    response = world.dpo.post("/api/v1/cv-submissions", json=cv_body(world))
    assert response.status_code == 422
    assert response.json["code"] == "processing_refused"
    assert world.dpo.get("/api/v1/cv-submissions").json == []


def test_cv_submission_needs_consent_for_that_client(world):
    grant_cv_sharing(world.candidate.id, "Other Client Oy")
    refused = world.dpo.post("/api/v1/cv-submissions", json=cv_body(world))
    assert refused.status_code == 422 and refused.json["code"] == "processing_refused"
    grant_cv_sharing(world.candidate.id, "Beispiel Maschinenbau GmbH")
    response = world.dpo.post("/api/v1/cv-submissions", json=cv_body(world))
    assert response.status_code == 201, response.json
    assert response.json["recorded_by"] == world.dpo.user.actor_ref
    listed = world.dpo.get("/api/v1/cv-submissions",
                           query_string={"candidate_id": str(world.candidate.id)}).json
    assert [item["id"] for item in listed] == [response.json["id"]]


def test_cv_submission_bad_input(world):
    response = world.dpo.post("/api/v1/cv-submissions",
                              json=cv_body(world, client_country="QQ", client_name=""))
    assert response.status_code == 422
    assert {"client_country", "client_name"} <= set(response.json["errors"])


def test_cv_submission_naming_an_unknown_placement_is_a_field_error(world):
    grant_cv_sharing(world.candidate.id, "Beispiel Maschinenbau GmbH")
    response = world.dpo.post("/api/v1/cv-submissions",
                              json=cv_body(world, placement_id="00000000-0000-4000-8000-000000000000"))
    assert response.status_code == 422, response.json  # was an undocumented 404 (found by the fuzzer)
    assert response.json["errors"] == {"placement_id": ["No such placement."]}
    assert world.dpo.get("/api/v1/cv-submissions").json == []


def test_erased_candidate_tombstone_keeps_placements_valid(world):
    created = world.place()
    subject = db.session.get(Subject, world.candidate.id)
    assert created["candidate_id"] == str(subject.id)
