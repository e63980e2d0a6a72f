"""Placement pages: each placement's coverage verdict with reason codes and its cross-border
findings, and the detail page explaining every check."""

import re

import pytest

from tests.integration.test_placements_support import World
from tests.integration.web_support import web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


@pytest.fixture
def world(api_as, make_subject):
    return World(api_as, make_subject)


@pytest.fixture
def two_placements(world):
    """One covered placement, and one whose client sits outside the policy's territory."""
    world.add_policy()
    return world.place(), world.place(client_country="JP", client_name="Example KK")


def test_readers_see_placements_and_members_do_not(web_as, two_placements):
    covered, _ = two_placements
    for role in ("dpo", "admin", "auditor"):
        assert web_as(role).get("/placements").status_code == 200
        assert web_as(role).get(f"/placements/{covered['id']}").status_code == 200
    assert web_as("member").get("/placements").status_code == 403


def test_the_list_shows_each_verdict_with_its_reason_codes_and_severity(web_as, two_placements):
    covered, uncovered = two_placements
    page = web_as("dpo").get("/placements").get_data(as_text=True)
    rows = {ref: row for row in page.split("<tr>") for ref in (covered["reference"], uncovered["reference"])
            if ref in row}
    assert "badge-covered" in rows[covered["reference"]] and "<code" not in rows[covered["reference"]]
    assert "badge-uncovered" in rows[uncovered["reference"]]
    assert '<code class="reason">outside_territory</code>' in rows[uncovered["reference"]]
    assert "badge-sev-" in rows[uncovered["reference"]]


def test_the_uncovered_filter_lists_only_uncovered_placements(web_as, two_placements):
    covered, uncovered = two_placements
    page = web_as("dpo").get("/placements", query_string={"coverage": "uncovered"}).get_data(as_text=True)
    assert uncovered["reference"] in page and covered["reference"] not in page and "1 in all" in page


def test_other_filters_narrow_the_list(web_as, world, two_placements):
    world.place(work_country="FR")
    page = web_as("dpo").get("/placements", query_string={"work_country": "fr"}).get_data(as_text=True)
    assert "1 in all" in page and ">FR</td>" in page


def test_the_detail_page_explains_every_check_and_finding(web_as, two_placements):
    _, uncovered = two_placements
    page = web_as("auditor").get(f"/placements/{uncovered['id']}").get_data(as_text=True)
    assert "Not covered" in page and "policy PI-TEST-001" in page
    assert len(re.findall(r'class="check check-(?:pass|fail)"', page)) == 7
    failed = r'check-fail".*?<code>outside_territory</code>.*?JP outside the territorial limits'
    assert re.search(failed, page, re.S)
    assert "third_country_transfer" in page and "badge-sev-" in page


def test_an_unknown_placement_is_not_found(web_as):
    assert web_as("dpo").get("/placements/00000000-0000-4000-8000-000000000000").status_code == 404


def test_no_policy_means_every_placement_is_uncovered_with_that_reason(web_as, world):
    placement = world.place()
    page = web_as("dpo").get("/placements").get_data(as_text=True)
    assert placement["reference"] in page and "no_policy_in_force" in page


UNCOVERED_CARD = r'Uncovered placements</p>\s*<p class="stat-value"><a[^>]*>(\d+)</a>'


def test_the_overview_card_counts_uncovered_placements_from_the_cache(web_as, world, two_placements):
    client = web_as("dpo")
    first = client.get("/overview").get_data(as_text=True)
    card = re.search(UNCOVERED_CARD, first)
    assert card and card.group(1) == "1" and "2 judged at" in first
    world.place(client_country="JP", client_name="Another KK")
    again = client.get("/overview").get_data(as_text=True)
    assert re.search(UNCOVERED_CARD, again).group(1) == "1"  # cached: not re-judged per view
