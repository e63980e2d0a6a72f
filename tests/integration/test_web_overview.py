"""The overview page: cards, charts and who may see it."""

import pytest

from tests.integration.web_support import web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


@pytest.mark.parametrize("role", ["dpo", "admin", "auditor"])
def test_staff_and_auditors_see_the_overview(web_as, role):
    response = web_as(role).get("/overview")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Overview</h1>" in page
    assert page.count("<svg class=\"chart\"") == 2


def test_members_are_refused_the_overview(web_as):
    assert web_as("member").get("/overview").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/overview")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_start_page_opens_the_overview_for_staff(web_as):
    response = web_as("dpo").get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/overview")


def test_the_audit_trail_head_appears(web_as):
    page = web_as("dpo").get("/overview").get_data(as_text=True)
    assert "Audit trail head" in page
