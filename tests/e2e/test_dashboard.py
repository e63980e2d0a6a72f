"""The DPO's daily work and the member portal, in a real browser."""

import json
import re
from datetime import datetime

from playwright.sync_api import expect


def test_the_dpo_signs_in_and_sees_the_overdue_request(sign_in, screenshot):
    page = sign_in("dpo")
    expect(page).to_have_url(re.compile(r"/overview$"))
    overdue = page.locator(".stat", has_text="Overdue")
    expect(overdue.locator(".stat-value")).to_have_text("1")
    expect(page.locator("svg.chart")).to_have_count(2)
    screenshot("01-overview")
    overdue.get_by_role("link").click()
    expect(page.get_by_role("table")).to_contain_text("overdue")
    screenshot("02-request-queue-overdue")


def test_the_breach_clock_shows_time_left(sign_in, seeded, screenshot):
    page = sign_in("dpo")
    time_left = re.compile(r"^1 d 1[78] h \d\d min left$")
    row = page.locator("tr", has_text=seeded.breach_reference)
    expect(row.locator("[data-clock]")).to_have_text(time_left)
    row.get_by_role("link", name=seeded.breach_reference).click()
    expect(page.locator(".stat", has_text="72-hour clock").locator("[data-clock]")).to_have_text(time_left)
    screenshot("09-breach-clock")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Breaches").click()
    screenshot("10-breach-register")


def test_the_dpo_extends_a_request(sign_in, seeded, screenshot):
    page = sign_in("dpo")
    request_id, reference = seeded.requests["to_extend"]
    page.goto(f"/requests/{request_id}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    page.get_by_label("Reason for the extension").fill("Several linked requests need checking with clients.")
    told = datetime.strptime(page.get_by_label("When the data subject was told").input_value(),
                             "%Y-%m-%dT%H:%M")
    page.get_by_role("button", name="Extend the deadline").click()
    expect(page.locator(".flash-success")).to_contain_text("extended")
    # The Tallinn time typed is the Tallinn time shown (stored in UTC, shown in UTC on hover).
    shown = page.locator("dt:text-is('Subject told') + dd time")
    expect(shown).to_have_text(re.compile("^" + told.strftime("%d %b %Y %H:%M") + " EES?T$"))
    expect(shown).to_have_attribute("title", re.compile(r" UTC$"))
    expect(page.locator(".timeline")).to_contain_text("Extended")
    screenshot("03-request-extended")


def test_the_dpo_completes_an_access_request_and_downloads_the_package(sign_in, seeded, screenshot):
    page = sign_in("dpo")
    request_id, reference = seeded.requests["access"]
    page.goto(f"/requests/{request_id}")
    page.get_by_label("How was identity verified?").select_option("id_document")
    page.get_by_role("button", name="Mark identity verified").click()
    expect(page.locator(".flash-success")).to_contain_text("Identity verified")
    page.get_by_role("button", name="Complete the request").click()
    expect(page.locator(".flash-success")).to_contain_text("completed")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download package (JSON)").click()
    download = info.value
    assert download.suggested_filename == f"{reference}.json"
    package = json.loads(download.path().read_text(encoding="utf-8"))
    assert package
    screenshot("04-request-completed")


def test_the_dpo_searches_a_subject_by_email_without_it_reaching_the_url(sign_in, screenshot):
    page = sign_in("dpo")
    page.get_by_role("link", name="Subjects").click()
    page.get_by_label("Reference, e-mail address or full name").fill("lena.example0@example.com")
    page.get_by_role("button", name="Search").click()
    match = page.get_by_role("row", name=re.compile("Lena Example0"))
    expect(match).to_be_visible()
    assert "example.com" not in page.url
    match.get_by_role("link").click()
    expect(page.get_by_role("note")).to_contain_text("logged in the audit trail")
    assert "Lena" not in page.title()
    screenshot("05-subject-record")


def test_the_audit_trail_verifies_from_the_browser(sign_in, screenshot):
    page = sign_in("dpo")
    page.get_by_role("link", name="Audit trail").click()
    page.get_by_role("button", name="Verify the trail").click()
    expect(page.locator(".flash-success")).to_contain_text("The trail is intact")
    screenshot("06-audit-trail")


def test_a_member_submits_a_request_and_cannot_open_another_members(sign_in, seeded, screenshot):
    page = sign_in("member_a")
    expect(page).to_have_url(re.compile(r"/portal/requests$"))
    page.get_by_role("link", name="New request").first.click()
    page.get_by_label("What does the person ask for?").select_option("erasure")
    page.get_by_label("Who is asking?").select_option("candidate")
    page.get_by_label("Their full name").fill("Jonas Beispiel")
    page.get_by_label("Their email").fill("jonas.beispiel@example.com")
    page.get_by_label("Country of residence (2 letters)").fill("DE")
    screenshot("07-portal-new-request")
    page.get_by_role("button", name="Submit the request").click()
    expect(page.locator(".flash-success")).to_contain_text("was recorded")
    expect(page.locator(".stat-label", has_text="Due")).to_be_visible()
    screenshot("08-portal-request")
    other_id, _ = seeded.requests["member_b"]
    response = page.goto(f"/portal/requests/{other_id}")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    assert page.goto(f"/requests/{other_id}").status == 403


def test_signing_out_ends_the_session(sign_in):
    page = sign_in("dpo")
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".flash")).to_contain_text("signed out")
    page.goto("/overview")
    expect(page).to_have_url(re.compile(r"/login"))


def test_the_dpo_finds_a_subject_by_name_and_by_reference_with_the_picker(sign_in, screenshot):
    page = sign_in("dpo")
    page.get_by_role("link", name="Subjects").click()
    search = page.get_by_label("Reference, e-mail address or full name")
    search.fill("LENA  example0")  # case and spacing do not matter
    page.get_by_role("button", name="Search").click()
    match = page.get_by_role("row", name=re.compile("Lena Example0"))
    expect(match).to_be_visible()
    reference = match.get_by_role("link").inner_text()
    assert re.fullmatch(r"SUB-[0-9A-Z]{5}-[0-9A-Z]{5}", reference)
    assert "lena" not in page.url.lower()
    screenshot("11-subject-found-by-name")
    page.get_by_role("link", name="Subjects").click()
    search = page.get_by_label("Reference, e-mail address or full name")
    search.press_sequentially(reference[:8].lower(), delay=30)
    expect(page.locator(f"datalist option[value='{reference}']")).to_have_count(1)
    search.fill(reference)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("row", name=re.compile("Lena Example0"))).to_be_visible()
    screenshot("12-subject-found-by-reference")


def test_the_dpo_places_a_hold_from_the_subjects_page_without_an_id(sign_in, screenshot):
    page = sign_in("dpo")
    page.get_by_role("link", name="Subjects").click()
    page.get_by_label("Reference, e-mail address or full name").fill("Eliise Example4")
    page.get_by_role("button", name="Search").click()
    match = page.get_by_role("row", name=re.compile("Eliise Example4")).get_by_role("link")
    reference = match.inner_text()
    match.click()
    page.get_by_role("link", name="Place a legal hold").click()
    expect(page.get_by_label("Subject reference")).to_have_value(reference)
    page.get_by_label("Reason").fill("Pending court case in Vienna")
    page.get_by_role("button", name="Place the hold").click()
    expect(page.locator(".flash-success")).to_contain_text("The legal hold is in force")
    expect(page.get_by_role("row", name=re.compile(reference))).to_be_visible()
    screenshot("13-hold-placed-by-reference")


def test_the_dpo_records_an_emailed_request_at_its_real_time(sign_in, screenshot):
    page = sign_in("dpo")
    page.get_by_role("link", name="Subjects").click()
    page.get_by_label("Reference, e-mail address or full name").fill("Rasmus Example5")
    page.get_by_role("button", name="Search").click()
    reference = page.get_by_role("row", name=re.compile("Rasmus Example5")).get_by_role("link").inner_text()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Requests").click()
    page.get_by_role("link", name="Record a request").click()
    page.get_by_label("What does the person ask for?").select_option("access")
    page.get_by_label("How did it reach us?").select_option("email")
    page.get_by_label("When it reached us").fill("2026-11-27T09:15")
    page.get_by_label("Who is asking?").select_option("known")
    field = page.get_by_label("Subject reference")
    field.press_sequentially(reference[:9], delay=30)
    expect(page.locator(f"datalist option[value='{reference}']")).to_have_count(1)
    field.fill(reference)
    screenshot("14-request-intake")
    page.get_by_role("button", name="Record the request").click()
    expect(page.locator(".flash-success")).to_contain_text("recorded")
    received = page.locator("dt:text-is('Received') + dd time")
    expect(received).to_have_text("27 Nov 2026 09:15 EET")
    expect(received).to_have_attribute("title", "27 Nov 2026 07:15 UTC")
    expect(page.locator("dt:text-is('Data subject') + dd")).to_have_text(reference)
    screenshot("15-request-recorded")


def test_the_dpo_edits_the_breach_facts_notifies_and_closes_it(sign_in, seeded, screenshot):
    page = sign_in("dpo")
    page.goto("/breaches")
    page.get_by_role("link", name=seeded.breach_reference).click()
    page.get_by_label("Likely consequences").fill("Candidates' CVs could be read if the disk is decrypted.")
    page.get_by_label("Measures taken or proposed").fill("Remote wipe requested; passwords rotated.")
    page.get_by_label("Categories of records (comma-separated)").fill("CVs, contact details")
    page.get_by_label("Risk to people").select_option("risk")
    page.get_by_label("Decision", exact=True).select_option("yes")
    page.get_by_role("button", name="Save the facts").click()
    expect(page.locator(".flash-success")).to_contain_text("The facts were updated")
    measures = page.locator("dt:text-is('Measures') + dd")
    expect(measures).to_have_text("Remote wipe requested; passwords rotated.")
    page.get_by_label("Told").select_option("authority")
    page.get_by_role("button", name="Record the notification").click()
    expect(page.locator(".flash-success")).to_contain_text("notification was recorded")
    screenshot("16-breach-facts-edited")
    page.get_by_role("button", name="Close the breach").click()
    expect(page.locator(".flash-success")).to_contain_text("The breach was closed")
    expect(page.locator("dt:text-is('Closed') + dd time")).to_have_attribute("title", re.compile(" UTC$"))
    page.goto("/breaches")
    row = page.get_by_role("row", name=re.compile(seeded.breach_reference))
    expect(row).to_contain_text("A risk to people")
    expect(row).to_contain_text("A laptop with an encrypted candidate export was stolen.")
    screenshot("17-breach-register-closed")


def test_the_dpo_searches_the_queue_and_downloads_the_filtered_list(sign_in, seeded, screenshot):
    page = sign_in("dpo")
    page.goto("/requests")
    expect(page.get_by_label("Show")).to_have_value("open")
    _, reference = seeded.requests["due_soon"]
    page.get_by_label("Request or subject reference").fill(reference)
    page.get_by_role("button", name="Apply").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(reference)
    expect(rows.first.locator("td").first).to_have_text(re.compile(r"^SUB-[0-9A-Z]{5}-[0-9A-Z]{5}$"))
    screenshot("18-request-queue-search")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download this list (CSV)").click()
    lines = info.value.path().read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Reference,Subject reference,Right") and len(lines) == 2
    assert lines[1].startswith(reference)


def test_a_consent_recorded_by_staff_needs_its_evidence(sign_in, screenshot):
    page = sign_in("dpo")
    page.get_by_role("link", name="Subjects").click()
    page.get_by_label("Reference, e-mail address or full name").fill("Tobias Example3")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("row", name=re.compile("Tobias Example3")).get_by_role("link").click()
    page.get_by_text("Record a consent").click()
    page.get_by_role("button", name="Record the consent").click()  # every default: refused
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Choose how it was given")
    expect(summary).to_contain_text("Name the proof")
    screenshot("19-consent-needs-evidence")
    page.get_by_label("How it was given").select_option("paper")
    page.get_by_label("Notice shown").select_option("current")
    page.get_by_label("What proves it").fill("Signed form P-2026-117")
    page.get_by_role("button", name="Record the consent").click()
    expect(page.locator(".flash-success")).to_contain_text("recorded with its proof")
