"""The DPO's compliance pages in a real browser: a retention sweep (dry run, confirmation,
progress), placement coverage, insurance, consents and an export download."""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update

from compliance.audit.services import CLI_ACTOR
from compliance.consent.models import ConsentState
from compliance.extensions import db
from compliance.placements.insurance_services import create_insurance_claim, create_insurance_policy
from compliance.placements.rules import EEA_COUNTRIES
from compliance.placements.services import create_placement
from compliance.subjects.models import Subject
from compliance.subjects.services import register_subject

TODAY = date.today()
STALE = 3  # candidates inactive for years: due for erasure


def _candidate(n: int, country: str):
    return register_subject(CLI_ACTOR, {"kind": "candidate", "name": f"Paula Stale{n}", "country": country,
                                        "email": f"paula.stale{n}@example.com", "source": "e2e"})


def _policy():
    return create_insurance_policy(CLI_ACTOR, {
        "insurer": "Example Underwriting SE", "policy_number": "PI-2026-EU", "currency": "EUR",
        "per_claim_limit": Decimal("1500000.00"), "aggregate_limit": Decimal("2000000.00"),
        "excess": Decimal("5000.00"), "period_start": TODAY - timedelta(days=120),
        "period_end": TODAY + timedelta(days=245), "retroactive_date": TODAY - timedelta(days=1800),
        "territories": sorted((EEA_COUNTRIES - {"GR"}) | {"CH", "GB"}),
        "excluded_jurisdictions": ["US", "CA"], "excluded_activities": ["temporary_agency_work"]})


def _place(member_id, candidate_id, **changes):
    data = {"member_id": member_id, "candidate_id": candidate_id, "client_name": "Beispiel Maschinenbau GmbH",
            "client_country": "AT", "work_country": "DE", "placement_type": "permanent",
            "role_title": "Senior Process Engineer", "start_date": TODAY - timedelta(days=30),
            "fee": Decimal("18500.00"), "currency": "EUR", **changes}
    return create_placement(CLI_ACTOR, data)


@pytest.fixture(scope="module")
def compliance_data(live_app):
    """Stale candidates, a policy with a claim, a covered and an uncovered placement, a consent
    close to its end: added to the shared demo data through the services."""
    with live_app.app_context():
        stale = [_candidate(n, ("DE", "EE", "FR")[n]) for n in range(STALE)]
        db.session.execute(update(Subject).where(Subject.id.in_([s.id for s in stale]))
                           .values(last_activity_at=datetime(2021, 3, 1, tzinfo=UTC)))
        member_id = db.session.scalar(select(Subject.id).where(Subject.kind == "member").limit(1))
        candidate = _candidate(9, "DE")
        policy = _policy()
        covered = _place(member_id, candidate.id)
        uncovered = _place(member_id, candidate.id, client_country="JP", client_name="Example KK",
                           role_title="Plant Manager", work_country="AT")
        create_insurance_claim(CLI_ACTOR, {"policy_id": policy["id"], "placement_id": covered.id,
                                           "claim_reference": "CLM-2026-014", "notified_on": TODAY,
                                           "reserved": Decimal("900000.00"), "paid": Decimal("250000.00")})
        db.session.execute(update(ConsentState).where(ConsentState.last_action == "grant")
                           .values(valid_until=TODAY + timedelta(days=12)))
        db.session.commit()
        data = {"uncovered": uncovered.reference, "covered": covered.reference}
        db.session.remove()
    return data


def test_the_dpo_runs_a_retention_sweep_after_a_dry_run(sign_in, compliance_data, screenshot):
    page = sign_in("dpo")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Retention").click()
    expect(page.get_by_role("heading", name="Schedule in force")).to_be_visible()
    expect(page.get_by_role("table").last).to_contain_text("Estonian Accounting Act")
    screenshot("11-retention-schedule")
    page.get_by_role("navigation", name="Retention views").get_by_role("link", name="Run a sweep").click()
    page.get_by_role("button", name="Start a dry run").click()
    expect(page.get_by_test_id("due-total")).to_have_text(str(STALE))
    expect(page.get_by_role("table").first).to_contain_text("Candidate profile")
    expect(page).to_have_url(re.compile(r"/retention/sweeps/dry-run$"))  # POST-redirect-GET
    listed = page.get_by_test_id("dry-run-list")
    expect(listed.locator("tbody tr")).to_have_count(STALE)
    expect(listed).to_contain_text("last_activity+P24M (*)")
    with page.expect_download() as download:
        page.get_by_test_id("dry-run-download").click()
    assert download.value.suggested_filename.startswith("retention-dry-run-")
    screenshot("12-retention-dry-run")
    page.get_by_role("button", name=f"Run the sweep on {STALE} subjects").click()
    expect(page.locator(".field-error")).to_contain_text("Tick the box")
    page.get_by_label(re.compile("I have checked the dry run")).check()
    page.get_by_role("button", name=f"Run the sweep on {STALE} subjects").click()
    expect(page.get_by_role("heading", name="Sweep finished")).to_be_visible()
    expect(page.locator('[data-field="done"]')).to_have_text(str(STALE))
    screenshot("13-retention-sweep-finished")
    page.locator(".flash-success").get_by_role("link", name="erasure log").click()
    expect(page.locator("tbody tr")).to_have_count(STALE)
    screenshot("14-retention-erasure-log")
    page.get_by_role("navigation", name="Retention views").get_by_role("link", name="Legal holds").click()
    screenshot("15-retention-holds")


def test_the_dpo_sees_an_uncovered_placement_and_why(sign_in, compliance_data, screenshot):
    page = sign_in("dpo")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Placements").click()
    row = page.locator("tr", has_text=compliance_data["uncovered"])
    expect(row.locator(".badge-uncovered")).to_be_visible()
    expect(row.locator("code.reason")).to_have_text("outside_territory")
    expect(page.locator("tr", has_text=compliance_data["covered"]).locator(".badge-covered")).to_be_visible()
    screenshot("16-placements")
    row.get_by_role("link", name=compliance_data["uncovered"]).click()
    expect(page.locator(".check-fail")).to_contain_text("JP outside the territorial limits")
    expect(page.get_by_role("table")).to_contain_text("third_country_transfer")
    screenshot("17-placement-detail")


def test_the_insurance_page_shows_the_aggregate_used(sign_in, compliance_data, screenshot):
    page = sign_in("dpo")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Insurance").click()
    expect(page.locator(".bar-legend")).to_contain_text("1,150,000.00 EUR used")
    expect(page.locator("svg.bar rect.bar-used")).to_have_attribute("width", "57.50")
    screenshot("18-insurance")


def test_consents_register_and_expiring(sign_in, compliance_data, screenshot):
    page = sign_in("dpo")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Consents").click()
    page.get_by_label("Action").select_option("withdraw")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    screenshot("19-consents-register")
    page.get_by_role("link", name="Expiring within 30 days").click()
    expect(page.locator("tbody tr").first).to_contain_text("in 12 days")
    page.get_by_role("button", name="Send renewal request", exact=True).first.click()
    expect(page.locator(".flash-success")).to_contain_text("renewal request was e-mailed")
    screenshot("20-consents-expiring")


def test_the_dpo_downloads_an_export(sign_in, compliance_data, screenshot, tmp_path):
    page = sign_in("dpo")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Exports").click()
    card = page.locator("section.export", has=page.get_by_role("heading", name=re.compile("bordereau", re.I)))
    card.get_by_label("From").fill(f"{TODAY.year}-01-01")
    screenshot("21-exports")
    with page.expect_download() as info:
        card.get_by_role("button", name=re.compile("Download")).click()
    download = info.value
    assert re.fullmatch(r"insurance-bordereau-\d{4}-\d\d-\d\d\.xlsx", download.suggested_filename)
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    workbook = openpyxl.load_workbook(target, read_only=True)
    assert "About" in workbook.sheetnames
    workbook.close()
