"""What placements hold about a subject for data subject requests, and what the law makes us keep."""

from datetime import timedelta

import pytest

from compliance.placements.services import export_subject_placements, retained_records_for
from compliance.policies import Period
from tests.integration.test_placements_support import TODAY, World, days, grant_cv_sharing


@pytest.fixture
def world(api_as, make_subject):
    return World(api_as, make_subject)


def test_export_lists_placements_submissions_and_recipients(world, make_subject):
    contact = make_subject(kind="client_contact", country="AT")
    grant_cv_sharing(world.candidate.id, "Nordic Steel AB")
    world.dpo.post("/api/v1/cv-submissions", json={
        "candidate_id": str(world.candidate.id), "member_id": str(world.member.id),
        "client_name": "Nordic Steel AB", "client_country": "SE"})
    placement = world.place(client_contact_id=str(contact.id))
    package = export_subject_placements(world.candidate.id)
    assert [p["id"] for p in package["placements"]] == [placement["id"]]
    assert package["placements"][0]["role"] == "candidate"
    assert len(package["cv_submissions"]) == 1
    assert [(r["client_name"], r["client_country"]) for r in package["recipients"]] == [
        ("Nordic Steel AB", "SE"), ("Beispiel Maschinenbau GmbH", "AT")]
    assert export_subject_placements(contact.id)["placements"][0]["role"] == "client_contact"
    member_view = export_subject_placements(world.member.id)
    assert member_view["placements"][0]["role"] == "member" and member_view["recipients"] == []


def test_nothing_for_a_stranger(make_subject):
    stranger = make_subject()
    assert export_subject_placements(stranger.id) == {
        "placements": [], "cv_submissions": [], "recipients": []}
    assert retained_records_for(stranger.id) == []


def test_retained_placement_records_run_eight_years_from_the_end(world):
    world.place(start_date=days(-400), end_date=days(-100))
    retained = retained_records_for(world.candidate.id)
    assert len(retained) == 1
    record = retained[0]
    assert record["category"] == "placement_records" and record["count"] == 1
    assert "Accounting Act" in record["citation"]
    end = TODAY - timedelta(days=100)
    assert record["until"] == Period(years=8).add_to(end).isoformat()


def test_a_running_placement_counts_from_today(world):
    world.place()
    record = retained_records_for(world.member.id)[0]
    assert record["until"] >= Period(years=8).add_to(TODAY).isoformat()
