"""Assessment pages: the gaps, a DPIA opened, scored and submitted from the browser forms, its risk
map, and auditors reading without forms."""

import random
import re

import pytest

from compliance.assessments import demo
from compliance.audit.services import CLI_ACTOR
from tests.integration.web_support import web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


def test_the_dpo_opens_scores_and_submits_a_dpia(web_as):
    client = web_as("dpo")
    index = client.get("/assessments").get_data(as_text=True)
    assert "What is missing" in index and "LIA missing" in index and "DPIA required, none validated" in index
    opened = client.post("/assessments/dpias", data={"title": "Candidate matching",
                                                      "activities": ["candidate_sourcing"]})
    assert opened.status_code == 302
    url = opened.headers["Location"]
    for kind in ("illegitimate_access", "unwanted_change", "disappearance"):
        scored = client.post(f"{url}/risks", data={
            "kind": kind, "severity_before": "4", "likelihood_before": "3", "measures": "Encryption",
            "severity_after": "3", "likelihood_after": "3"})
        assert scored.status_code == 302, scored.get_data(as_text=True)[:500]
    page = client.post(f"{url}/submit", data={}, follow_redirects=True).get_data(as_text=True)
    assert "needs prior consultation" in page.lower() and "Prior consultation required (Art 36(1))" in page
    svg = re.search(r'<svg class="chart risk-map".*?</svg>', page, re.S).group(0)
    assert svg.count('class="risk-after"') == 3 and svg.count('class="risk-before"') == 3
    assert "Illegitimate access: severity 4 and likelihood 3 (high) before the measures" in svg
    refused = client.post(f"{url}/validate", data={})
    assert refused.status_code == 422
    assert "consulted" in refused.get_data(as_text=True)


def test_measures_raising_a_risk_are_refused_on_the_form(web_as):
    client = web_as("dpo")
    url = client.post("/assessments/dpias", data={"title": "Matching",
                                                   "activities": ["candidate_sourcing"]}).headers["Location"]
    refused = client.post(f"{url}/risks", data={
        "kind": "disappearance", "severity_before": "1", "likelihood_before": "1",
        "severity_after": "2", "likelihood_after": "1"})
    assert refused.status_code == 422
    assert "cannot be higher than the severity before the measures" in refused.get_data(as_text=True)


def test_auditors_read_without_forms_and_members_are_refused(web_as, app):
    demo.add_demo_data(CLI_ACTOR, random.Random(1))
    page = web_as("auditor").get("/assessments").get_data(as_text=True)
    assert "Talent matching engine" in page and "6 months" in page and "Open a DPIA" not in page
    assert "Nothing: every required DPIA and LIA is validated" in page
    assert web_as("member").get("/assessments").status_code in (403, 404)


def test_the_overview_flags_missing_assessments(web_as, app):
    client = web_as("dpo")
    assert re.search(r"Assessments missing</p>\s*<p class=\"stat-value\"><a [^>]+>[1-9]",
                     client.get("/overview").get_data(as_text=True))
    demo.add_demo_data(CLI_ACTOR, random.Random(1))
    page = client.get("/overview").get_data(as_text=True)
    assert re.search(r"Assessments missing</p>\s*<p class=\"stat-value\"><a [^>]+>0<", page)
    assert "every DPIA and LIA in place" in page
