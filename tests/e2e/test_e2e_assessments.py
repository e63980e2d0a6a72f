"""Assessments in a real browser: the register without gaps for the demo data, the validated DPIA's
risk map, and a new DPIA opened from the page's form."""

import random
import re

import pytest
from playwright.sync_api import expect

from compliance.assessments import demo
from compliance.audit.services import CLI_ACTOR
from compliance.extensions import db


@pytest.fixture(scope="module")
def assessments(live_app):
    """The demo register: a validated DPIA for matching, the LIAs, the matching engine."""
    with live_app.app_context():
        demo.add_demo_data(CLI_ACTOR, random.Random(5))
        db.session.remove()


def test_the_dpo_reads_the_risk_map_and_opens_a_dpia(sign_in, assessments, screenshot):
    page = sign_in("dpo")
    page.get_by_role("link", name="Assessments").click()
    expect(page.get_by_role("heading", name="Assessments", level=1)).to_be_visible()
    expect(page.get_by_text("Nothing: every required DPIA and LIA is validated")).to_be_visible()
    expect(page.get_by_role("rowheader", name=re.compile("Talent matching engine AI-"))).to_be_visible()
    screenshot("assessments-register")

    page.get_by_role("link", name="DPIA-").first.click()
    risk_map = page.locator("svg.risk-map")
    expect(risk_map).to_be_visible()
    expect(risk_map.locator("circle.risk-after")).to_have_count(3)
    expect(page.locator(".badge", has_text=re.compile("^validated$", re.I)).first).to_be_visible()
    page.get_by_text("Show the data as a table").click()
    expect(page.get_by_role("row", name="Illegitimate access")).to_contain_text("3 × 3 = high")
    screenshot("assessments-dpia-risk-map")

    page.get_by_role("link", name="Assessments").first.click()
    page.get_by_text("Open a DPIA").click()
    page.get_by_label("Title").fill("Reference checks by members")
    page.get_by_label("Processing activities").select_option(label="CV sharing with clients")
    page.get_by_role("button", name="Open the DPIA").click()
    expect(page.get_by_text("The DPIA was opened as a draft.")).to_be_visible()
    expect(page.get_by_text("No feared event assessed yet: assess all three")).to_be_visible()
    screenshot("assessments-dpia-draft")
