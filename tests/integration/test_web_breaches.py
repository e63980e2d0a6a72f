"""Breach pages: the register with its clocks, reporting, and recording the notification."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from compliance.audit.services import CLI_ACTOR, list_events
from compliance.breaches.models import Breach
from compliance.breaches.services import report_breach
from compliance.extensions import db
from compliance.timeutil import as_utc
from tests.integration.web_support import web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


def breach(hours_ago: float):
    return report_breach(CLI_ACTOR, {"aware_at": datetime.now(UTC) - timedelta(hours=hours_ago),
                                     "nature": "Mail sent to the wrong client"})


def test_the_register_shows_time_left_and_overdue(web_as):
    running, late = breach(10), breach(80)
    page = web_as("auditor").get("/breaches").get_data(as_text=True)
    assert running.reference in page and late.reference in page
    assert "2 d 13 h" in page or "2 d 14 h" in page
    assert "overdue by 8 h" in page


def test_the_dpo_reports_a_breach_and_records_the_notification(web_as):
    client = web_as("dpo")
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M")
    reported = client.post("/breaches", data={"aware_at": now, "nature": "Lost USB stick", "risk": "high",
                                              "approx_subjects": "12"})
    assert reported.status_code == 302
    detail_url = reported.headers["Location"]
    assert "72-hour clock" in client.get(detail_url).get_data(as_text=True)
    told = client.post(detail_url, data={"recipient": "authority", "phase": "initial", "sent_at": now,
                                         "authority_reference": "AKI-1"}, follow_redirects=True)
    page = told.get_data(as_text=True)
    assert "The notification was recorded" in page and "notified" in page


def test_a_breach_without_a_description_shows_the_field_error(web_as):
    response = web_as("dpo").post("/breaches", data={"aware_at": "", "nature": ""})
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)


def test_auditors_read_but_cannot_report(web_as):
    client = web_as("auditor")
    assert "Report a breach" not in client.get("/breaches").get_data(as_text=True)
    assert client.post("/breaches", data={"nature": "x"}).status_code == 403


def test_members_cannot_see_breaches(web_as):
    assert web_as("member").get("/breaches").status_code == 403


FACTS = {"nature": "Mail sent to the wrong client", "occurred_at": "", "discovered_how": "Client called",
         "subject_categories": "candidates, client contacts", "approx_subjects": "12",
         "record_categories": "CVs", "approx_records": "", "likely_consequences": "Exposure of CVs",
         "measures": "Client deleted the mail", "risk": "unlikely", "notify_decision": "",
         "decision_reasoning": ""}


def test_the_facts_are_edited_as_they_become_known_and_each_change_is_audited(web_as):
    item = breach(5)
    client = web_as("dpo")
    response = client.post(f"/breaches/{item.id}/facts", data=FACTS, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "The facts were updated" in page and "candidates, client contacts" in page
    assert "Unlikely to result in a risk" in page
    [event] = list_events({"action": "breach.updated", "object_id": str(item.id)}, 1, 5)[0]
    assert set(event.details["fields"]) == {"approx_subjects", "discovered_how", "likely_consequences",
                                            "measures", "record_categories", "risk", "subject_categories"}
    assert "Client called" not in str(event.details)  # field names only, never what was typed
    again = client.post(f"/breaches/{item.id}/facts", data=FACTS)
    assert again.status_code == 422 and "No field differs" in again.get_data(as_text=True)


def test_a_decision_not_to_notify_needs_its_reasoning_on_the_field(web_as):
    item = breach(5)
    response = web_as("dpo").post(f"/breaches/{item.id}/facts", data={**FACTS, "notify_decision": "no"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "give the reasoning for not notifying" in page


def test_a_breach_closes_only_once_the_decision_is_on_record(web_as):
    item = breach(5)
    client = web_as("dpo")
    refused = client.post(f"/breaches/{item.id}/close")
    assert refused.status_code == 422
    assert "record the decision whether to notify" in refused.get_data(as_text=True)
    decided = {**FACTS, "notify_decision": "no", "decision_reasoning": "Deleted unread by the recipient"}
    assert client.post(f"/breaches/{item.id}/facts", data=decided).status_code == 302
    closed = client.post(f"/breaches/{item.id}/close", follow_redirects=True).get_data(as_text=True)
    assert "The breach was closed." in closed and "Update the facts" not in closed
    register = client.get("/breaches").get_data(as_text=True)
    assert "Mail sent to the wrong client" in register and "Unlikely to result in a risk" in register


def test_the_occurrence_time_is_typed_in_tallinn_and_stored_in_utc(web_as):
    item = breach(30)
    occurred = (datetime.now(UTC) - timedelta(hours=40)).replace(second=0, microsecond=0)
    local = occurred.astimezone(ZoneInfo("Europe/Tallinn")).strftime("%Y-%m-%dT%H:%M")
    assert web_as("dpo").post(f"/breaches/{item.id}/facts",
                              data={**FACTS, "occurred_at": local}).status_code == 302
    db.session.expire_all()
    assert as_utc(db.session.get(Breach, item.id).occurred_at) == occurred


def test_auditors_cannot_edit_or_close(web_as):
    item = breach(5)
    client = web_as("auditor")
    assert client.post(f"/breaches/{item.id}/facts", data=FACTS).status_code == 403
    assert client.post(f"/breaches/{item.id}/close").status_code == 403
