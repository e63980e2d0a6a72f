"""The insurance page: policies with the aggregate used and left, claims, portfolio coverage."""

import re

import pytest

from tests.integration.test_placements_support import World, days
from tests.integration.web_support import web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


@pytest.fixture
def world(api_as, make_subject):
    return World(api_as, make_subject)


@pytest.fixture
def insured(world):
    policy = world.add_policy(aggregate_limit="1000000.00", per_claim_limit="1000000.00")
    placement = world.place()
    world.place(client_country="US", client_name="Example Inc")
    response = world.dpo.post("/api/v1/insurance-claims", json={
        "policy_id": policy["id"], "placement_id": placement["id"], "claim_reference": "CLM-7",
        "notified_on": days(-3), "reserved": "600000.00", "paid": "50000.00"})
    assert response.status_code == 201, response.json
    return policy, placement


def test_readers_see_insurance_and_members_do_not(web_as, insured):
    for role in ("dpo", "admin", "auditor"):
        assert web_as(role).get("/insurance").status_code == 200
    assert web_as("member").get("/insurance").status_code == 403


def test_the_policy_shows_the_aggregate_used_and_left_as_a_bar(web_as, insured):
    page = web_as("auditor").get("/insurance").get_data(as_text=True)
    assert "PI-TEST-001" in page and "Example Underwriting SE" in page
    assert "650,000.00</strong> EUR used" in page and "350,000.00</strong> EUR left of 1,000,000.00" in page
    assert re.search(r'<rect class="bar-used bar-warn" x="0" y="0" width="65.00"', page)
    assert 'aria-label="Aggregate used: 65.0 percent"' in page


def test_claims_and_the_portfolio_summary_are_listed(web_as, insured):
    _, placement = insured
    page = web_as("dpo").get("/insurance").get_data(as_text=True)
    assert "CLM-7" in page and placement["reference"] in page and "600,000.00" in page
    assert "excluded_jurisdiction" in page  # the US client's placement is uncovered
    uncovered = re.search(r'Uncovered</p>\s*<p class="stat-value"><a[^>]*>(\d+)</a>', page)
    assert uncovered and uncovered.group(1) == "1"


def test_without_policies_the_page_says_nothing_is_covered(web_as):
    page = web_as("dpo").get("/insurance").get_data(as_text=True)
    assert "No policy recorded" in page and "No claims notified" in page


COMPLIANCE_PAGES = ["/insurance", "/placements", "/consents", "/consents/expiring", "/retention",
                    "/retention/holds", "/retention/erasure-log", "/retention/sweeps", "/exports"]


@pytest.mark.parametrize("url", COMPLIANCE_PAGES)
def test_nothing_inline_for_the_csp(web_as, insured, url):
    page = web_as("dpo").get(url).get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert "style=" not in page and "<style" not in page and "onclick" not in page
