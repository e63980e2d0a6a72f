"""Retention pages: the schedule with overrides and citations, the due preview, legal holds,
a sweep (dry run, confirmation, progress) and the erasure log."""

import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from compliance.audit.services import CLI_ACTOR, list_events
from compliance.extensions import db
from compliance.policy_context import current_policies
from compliance.retention.services import place_hold
from compliance.subjects.models import Subject
from tests.integration.web_support import web_client_factory

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


@pytest.fixture
def due_candidates(make_subject):
    """Two candidates inactive for years: the candidate_profile period ran out."""
    made = [make_subject(country=country) for country in ("DE", "EE")]
    db.session.execute(update(Subject).where(Subject.id.in_([s.id for s in made]))
                       .values(last_activity_at=LONG_AGO))
    db.session.commit()
    return made


PAGES = ["/retention", "/retention/holds", "/retention/erasure-log", "/retention/sweeps"]


@pytest.mark.parametrize("url", PAGES)
def test_readers_see_the_retention_pages_and_members_do_not(web_as, url):
    assert web_as("dpo").get(url).status_code == 200
    assert web_as("auditor").get(url).status_code == 200
    assert web_as("member").get(url).status_code == 403


def test_the_schedule_shows_periods_overrides_citations_and_the_policy_version(web_as):
    page = web_as("auditor").get("/retention").get_data(as_text=True)
    policies = current_policies()
    assert policies.version[:12] in page
    for rule in policies.retention.values():
        assert str(rule.period) in page
    overridden = [(r, c) for r in policies.retention.values() for c in r.country_overrides]
    assert overridden and all(f"<strong>{code}</strong>" in page for _, code in overridden)
    assert "Estonian Accounting Act" in page and "not swept yet" in page


def test_the_preview_counts_what_falls_due(web_as, due_candidates):
    page = web_as("dpo").get("/retention", query_string={"days": "7"}).get_data(as_text=True)
    assert 'data-testid="due-total">2<' in page and "Due within 7 days" in page


@pytest.mark.parametrize("days", ["soon", "-1", "99999"])
def test_a_bad_preview_period_is_a_field_error(web_as, days):
    response = web_as("dpo").get("/retention", query_string={"days": days})
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)


def test_staff_place_and_release_a_hold_and_both_are_audited(web_as, make_subject):
    person = make_subject()
    client = web_as("dpo")
    form = {"subject": person.reference.lower(), "reason": "Pending claim"}
    placed = client.post("/retention/holds", data=form, follow_redirects=True).get_data(as_text=True)
    assert "The legal hold is in force" in placed and person.reference in placed
    assert "Pending claim" not in placed  # the reason stays encrypted off this page
    [event] = list_events({"action": "retention.hold_placed", "object_id": str(person.id)}, 1, 5)[0]
    released = client.post(f"/retention/holds/{event.details['hold_id']}/release", follow_redirects=True)
    assert "The legal hold was released" in released.get_data(as_text=True)
    assert list_events({"action": "retention.hold_released", "object_id": str(person.id)}, 1, 5)[1] == 1
    again = client.post(f"/retention/holds/{event.details['hold_id']}/release", follow_redirects=True)
    assert "already released" in again.get_data(as_text=True)


@pytest.mark.parametrize(("form", "field"), [
    ({"subject": "not-a-reference", "reason": "Pending claim"}, "No subject has this reference"),
    ({"subject": "SUB-00000-00000", "reason": "Pending claim"}, "No subject has this reference"),
    ({"subject": "00000000-0000-4000-8000-000000000000", "reason": "Pending claim"}, "No subject has this"),
    ({"subject": "", "reason": ""}, "This field is required."),
])
def test_a_bad_hold_shows_field_errors(web_as, form, field):
    response = web_as("dpo").post("/retention/holds", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and field in page and 'aria-invalid="true"' in page


def test_a_hold_in_the_past_shows_the_service_error_on_the_field(web_as, make_subject):
    person = make_subject()
    response = web_as("dpo").post("/retention/holds", data={
        "subject": person.reference, "reason": "Pending claim", "until": "2020-01-01"})
    assert response.status_code == 422 and "Must not be in the past." in response.get_data(as_text=True)


def wait_until_finished(client, status_url: str) -> dict:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status = client.get(f"{status_url}/status.json").get_json()
        if status["state"] != "running":
            return status
        time.sleep(0.2)
    raise AssertionError("the sweep did not finish")


def test_a_sweep_needs_a_dry_run_and_a_confirmation_then_shows_progress(web_as, due_candidates):
    client = web_as("dpo")
    posted = client.post("/retention/sweeps/dry-run")
    assert posted.status_code == 302 and posted.headers["Location"].endswith("/retention/sweeps/dry-run")
    dry = client.get(posted.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="due-total">2<' in dry and "Run the sweep on 2 subjects" in dry
    unconfirmed = client.post("/retention/sweeps", data={})
    assert unconfirmed.status_code == 422 and "Tick the box" in unconfirmed.get_data(as_text=True)
    started = client.post("/retention/sweeps", data={"confirm": "y"})
    assert started.status_code == 302
    status = wait_until_finished(client, started.headers["Location"])
    assert status == {"state": "finished", "done": 2, "still_due": 0, "percent": 100,
                      "acted": {"candidate_profile": 2}}
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert "Sweep finished" in page and "sweep-status.js" in page
    log = client.get("/retention/erasure-log").get_data(as_text=True)
    assert all(s.reference in log for s in due_candidates)
    assert list_events({"action": "retention.swept"}, 1, 5)[0][0].details["count"] == 2


def test_a_held_subject_is_not_swept(web_as, due_candidates):
    place_hold(CLI_ACTOR, due_candidates[0].id, {"reason": "Pending claim", "until": None})
    client = web_as("dpo")
    started = client.post("/retention/sweeps", data={"confirm": "y"})
    assert wait_until_finished(client, started.headers["Location"])["done"] == 1


def test_an_unknown_sweep_is_not_found(web_as):
    assert web_as("dpo").get("/retention/sweeps/yesterday").status_code == 404


def test_auditors_see_no_action_buttons_and_cannot_act(web_as, make_subject):
    person = make_subject()
    place_hold(CLI_ACTOR, person.id, {"reason": "Pending claim", "until": None})
    client = web_as("auditor")
    holds = client.get("/retention/holds").get_data(as_text=True)
    assert person.reference in holds and "Release" not in holds and "Place the hold" not in holds
    assert "Start a dry run" not in client.get("/retention/sweeps").get_data(as_text=True)
    assert client.post("/retention/sweeps/dry-run").status_code == 403
    assert client.post("/retention/sweeps", data={"confirm": "y"}).status_code == 403
    assert client.post("/retention/holds", data={"subject": person.reference}).status_code == 403
