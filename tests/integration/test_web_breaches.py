"""Breach pages: the register with its clocks, reporting, and recording the notification."""

from datetime import UTC, datetime, timedelta

import pytest

from compliance.audit.services import CLI_ACTOR
from compliance.breaches.services import report_breach
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
