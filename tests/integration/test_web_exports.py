"""Exports from the dashboard: a form per workbook, downloads through the audited reports
service for the DPO, admins and auditors, and field errors for bad periods."""

import io
import re

import openpyxl
import pytest

from compliance.audit.services import list_events
from compliance.reports.services import describe_exports, export_names
from tests.integration.web_support import web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


def download(client, name: str, data: dict | None = None) -> tuple[int, str, bytes]:
    """POST the export form; the response is closed (send_file streams a temporary file)."""
    response = client.post(f"/exports/{name}", data=data or {})
    try:
        return response.status_code, response.headers.get("Content-Disposition", ""), response.data
    finally:
        response.close()


def reopened(content: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    try:
        return workbook.sheetnames
    finally:
        workbook.close()


def test_the_page_has_a_form_per_workbook(web_as):
    page = web_as("auditor").get("/exports").get_data(as_text=True)
    for export in describe_exports():
        assert f'action="/exports/{export["name"]}"' in page and export["title"] in page
    assert page.count('type="date"') == 2 * sum("from" in e["filters"] for e in describe_exports())


def test_members_cannot_export(web_as):
    client = web_as("member")
    assert client.get("/exports").status_code == 403
    assert client.post("/exports/ropa").status_code == 403


@pytest.mark.parametrize("role", ["dpo", "admin", "auditor"])
def test_readers_download_a_workbook_that_reopens_and_the_export_is_audited(web_as, role):
    status, disposition, content = download(web_as(role), "dsr-register", {
        "dsr-register-date_from": "2026-01-01", "dsr-register-date_to": "2026-12-31"})
    assert status == 200
    assert re.search(r"attachment; filename=dsr-register-\d{4}-\d\d-\d\d\.xlsx", disposition)
    assert "About" in reopened(content)
    [event] = list_events({"action": "export.generated"}, 1, 5)[0]
    assert event.details["workbook"] == "dsr-register"
    assert "2026-01-01 to 2026-12-31" in event.details["scope"]["period"]


@pytest.mark.parametrize("name", export_names())
def test_every_workbook_downloads(web_as, name):
    status, _, content = download(web_as("dpo"), name)
    assert status == 200 and reopened(content)


@pytest.mark.parametrize(("data", "problem"), [
    ({"dsr-register-date_from": "2026-05-02", "dsr-register-date_to": "2026-05-01"}, "is before from"),
    ({"dsr-register-date_from": "2026-13-01"}, "Not a valid date value."),
])
def test_a_bad_period_shows_the_field_error_and_exports_nothing(web_as, data, problem):
    response = web_as("dpo").post("/exports/dsr-register", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and problem in page and 'aria-invalid="true"' in page
    assert list_events({"action": "export.generated"}, 1, 5)[1] == 0


def test_the_consent_register_takes_a_purpose(web_as):
    status, _, _ = download(web_as("dpo"), "consent-register", {"consent-register-purpose": "talent_pool"})
    assert status == 200
    [event] = list_events({"action": "export.generated"}, 1, 5)[0]
    assert event.details["scope"]["purpose"] == "talent_pool"


def test_an_unknown_workbook_is_not_found(web_as):
    assert web_as("dpo").post("/exports/secrets").status_code == 404
