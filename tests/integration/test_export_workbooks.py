"""Every workbook exported through the API and reopened with openpyxl: headers per layout, row
counts, the About sheet, hashes that match a recomputation, neutralised formulas, real dates."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest

from compliance.audit.models import AuditEvent
from compliance.audit.services import CLI_ACTOR, seal_pending
from compliance.breaches.services import record_notification, report_breach
from compliance.consent.models import ConsentEvent
from compliance.extensions import db
from compliance.keystore.services import cipher_for, shred_key
from compliance.placements.models import InsuranceClaim, InsurancePolicy, Placement
from compliance.policy_context import current_policies
from compliance.requests.models import SubjectRequest
from compliance.retention.models import ErasureLogEntry
from compliance.subjects.models import Subject
from exports import LAYOUTS
from exports.verify import read_about, recompute_sheet_hash, verify_workbook

AWARE = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def fetch(api, name: str, **query):
    response = api.get(f"/api/v1/exports/{name}.xlsx", query_string=query)
    assert response.status_code == 200, response.data[:300]
    data = response.data
    response.close()
    return openpyxl.load_workbook(io.BytesIO(data)), data


def rows(workbook, sheet: str) -> list[tuple]:
    return list(workbook[sheet].iter_rows(min_row=2, values_only=True))


def consent_event(subject_id, purpose="talent_pool", scope=None, action="given", when=AWARE):
    event = ConsentEvent(id=uuid.uuid4(), subject_id=subject_id, purpose=purpose, action=action,
                         occurred_at=when, channel="web", collected_by="user:test",
                         notice_id="talent_pool", notice_version="v1", notice_sha256="ab" * 32,
                         policy_version="2026.1", scope_key="k" if scope else "")
    if scope:
        event.scope_ciphertext = cipher_for(subject_id).encrypt("consent_events", "scope", event.id, scope)
    db.session.add(event)
    return event


@pytest.fixture
def world(app, make_subject):
    """A small world: subjects (one restricted, one erased), consents, a request, an erasure,
    a policy with a placement and a claim, and two breaches."""
    mari = make_subject(name="Mari Maasikas")
    restricted = make_subject(name="Rita Restricted")
    erased = make_subject(name="Erik Erased")
    member = make_subject(kind="member", name="Member One", membership_start=date(2025, 1, 1))
    consent_event(mari.id, scope="=HYPERLINK(\"http://evil\")")
    consent_event(mari.id, purpose="job_alerts", when=AWARE + timedelta(days=40))
    consent_event(restricted.id)
    consent_event(erased.id)
    db.session.get(Subject, restricted.id).status = "restricted"
    shred_key(erased.id)
    db.session.get(Subject, erased.id).status = "erased"
    request = SubjectRequest(
        id=uuid.uuid4(), reference="DSR-2026-1", type="access", status="completed", channel="email",
        subject_id=mari.id, received_at=AWARE, due_date=date(2026, 4, 2),
        original_due_date=date(2026, 4, 2), closed_at=AWARE + timedelta(days=3),
        outcome={"package": {"json": {"sha256": "cd" * 32}}})
    request.extension_reason_ciphertext = cipher_for(mari.id).encrypt(
        "subject_requests", "extension_reason", request.id, "Large archive")
    db.session.add(request)
    db.session.add(ErasureLogEntry(subject_id=erased.id, category="candidate_profile", action="erase",
                                   rule="last_activity+P24M", country="EE", policy_version="2026.1",
                                   sweep_id=uuid.uuid4(), acted_at=AWARE))
    policy = InsurancePolicy(id=uuid.uuid4(), insurer="Insurer SE", policy_number="PI-2026",
                             per_claim_limit=Decimal("2000000"), aggregate_limit=Decimal("2000000"),
                             currency="EUR", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
                             retroactive_date=date(2020, 1, 1), territories=["*"])
    placements = [
        Placement(id=uuid.uuid4(), member_id=member.id, candidate_id=candidate, client_name="=Client AG",
                  client_country="AT", placement_type="permanent", role_title="Engineer",
                  work_country=country, start_date=date(2026, 3, 1), fee=Decimal("12500.50"),
                  currency="EUR", created_by="cli")
        for candidate, country in ((mari.id, "DE"), (restricted.id, "FR"))
    ]
    db.session.add_all([policy, *placements])
    db.session.flush()
    db.session.add(InsuranceClaim(policy_id=policy.id, placement_id=placements[0].id,
                                  claim_reference="CL-1", notified_on=date(2026, 5, 1),
                                  reserved=Decimal("10000"), paid=Decimal("2500.25")))
    db.session.commit()
    late = report_breach(CLI_ACTOR, {"aware_at": AWARE, "nature": "=SUM(A1:A9)", "risk": "risk",
                                     "approx_subjects": 120, "subject_categories": ["candidates"]})
    record_notification(CLI_ACTOR, late.id, {"recipient": "authority", "sent_at": AWARE + timedelta(hours=80),
                                             "late_reasons": "Forensics", "authority_reference": "AKI-7"})
    record_notification(CLI_ACTOR, late.id, {"recipient": "authority", "phase": "follow_up",
                                             "sent_at": AWARE + timedelta(days=5)})
    report_breach(CLI_ACTOR, {"aware_at": AWARE + timedelta(days=60), "nature": "Mail to wrong client",
                              "risk": "unlikely", "notify_decision": False,
                              "decision_reasoning": "Recipient deleted it"})
    return {"mari": mari, "restricted": restricted, "erased": erased, "member": member,
            "placements": placements}


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_workbook_opens_clean_with_about_sheet_and_verifiable_hashes(api_as, world, name):
    auditor = api_as("auditor")
    newest_before = db.session.query(AuditEvent).order_by(AuditEvent.id.desc()).first().id
    workbook, data = fetch(auditor, name)
    db.session.expire_all()
    head_before = db.session.get(AuditEvent, newest_before).hash  # the export sealed it, and quotes it
    layout = LAYOUTS[name]
    assert workbook.sheetnames == ["About", *(sheet.name for sheet in layout.sheets)]
    assert verify_workbook(io.BytesIO(data), layout) == []
    about = read_about(workbook)
    assert about.audit_head == head_before
    for sheet in layout.sheets:
        headers = next(workbook[sheet.name].iter_rows(max_row=1, values_only=True))
        assert headers == sheet.headers
        assert recompute_sheet_hash(workbook[sheet.name], sheet) == about.sheets[sheet.name].data_hash
    seal_pending()
    event = db.session.query(AuditEvent).filter_by(action="export.generated").one()
    assert head_before is not None and event.prev_hash == head_before
    assert event.details["data_hashes"] == {n: s.data_hash for n, s in about.sheets.items()}
    assert event.details["rows"] == {n: s.row_count for n, s in about.sheets.items()}
    about_text = str(list(workbook["About"].values))
    assert "SkillSeek OÜ" in about_text and "restricted subjects (GDPR Art 18)" in about_text


def test_ropa_has_one_row_per_activity_in_ico_and_cnil_shapes(api_as, app):
    workbook, _ = fetch(api_as("dpo"), "ropa")
    activities = current_policies().processing_activities
    ico, cnil = rows(workbook, "ICO RoPA"), rows(workbook, "CNIL register")
    assert len(ico) == len(cnil) == len(activities)
    assert len(LAYOUTS["ropa"].sheet("ICO RoPA").headers) == 30
    first = dict(zip(LAYOUTS["ropa"].sheet("ICO RoPA").headers, ico[0], strict=True))
    assert first["Purpose of processing"] == activities[0].purpose  # Art 30(1)(b)
    assert first["Categories of individuals"] and first["Categories of personal data"]  # (c)
    assert first["Categories of recipients"]  # (d)
    assert first["Names of third countries or international organisations that personal data are "
                 "transferred to"]  # (e)
    assert "P24M" in first["Retention schedule"]  # (f)
    assert "encryption" in first["General description of technical and organisational security measures"]
    assert first["DPIA required?"] in ("yes", "no")
    controller = rows(workbook, "Controller")  # (a)
    assert controller[0][:3] == ("Controller", "SkillSeek OÜ", "16746587")
    assert any(row[0] == "Data protection officer" for row in controller)


def test_breach_register_states_the_clock_the_late_reasons_and_the_phases(api_as, world):
    workbook, _ = fetch(api_as("dpo"), "breach-register")
    headers = LAYOUTS["breach-register"].sheet("Breaches").headers
    late, unnotified = (dict(zip(headers, row, strict=True)) for row in rows(workbook, "Breaches"))
    assert late["Nature"] == "'=SUM(A1:A9)"  # formula injection neutralised
    assert late["Aware at (UTC)"] == datetime(2026, 3, 2, 9, 30)
    assert late["Notify by (72h, UTC)"] == datetime(2026, 3, 5, 9, 30)
    assert late["Notified at (UTC)"] == datetime(2026, 3, 5, 17, 30)
    assert late["Late reasons"] == "Forensics" and late["Authority reference"] == "AKI-7"
    assert late["Authority"] == "Andmekaitse Inspektsioon (AKI)"
    assert late["Follow-up phases (UTC)"].startswith("follow_up 2026-03-07")
    assert late["Status"] == "open (notified_late)" and late["Approx. subjects"] == 120
    assert unnotified["Decision: notify"] == "no" and unnotified["Reasoning"] == "Recipient deleted it"
    assert unnotified["Status"] == "open (not_required)"
    only_march, _ = fetch(api_as("dpo"), "breach-register", **{"from": "2026-03-01", "to": "2026-03-31"})
    assert len(rows(only_march, "Breaches")) == 1


def test_consent_register_decrypts_names_keeps_restricted_and_marks_erased(api_as, world):
    workbook, _ = fetch(api_as("auditor"), "consent-register")
    events = rows(workbook, "Consent events")
    by_subject = {row[1]: row for row in events}
    assert len(events) == 4
    assert by_subject[str(world["restricted"].id)][2] == "Rita Restricted"
    assert by_subject[str(world["erased"].id)][2] == "erased"
    first = next(row for row in events if row[1] == str(world["mari"].id) and row[3] == "talent_pool")
    assert first[2] == "Mari Maasikas" and first[4] == "'=HYPERLINK(\"http://evil\")"
    assert isinstance(first[6], datetime) and first[8] == "talent_pool/v1"


@pytest.mark.parametrize(
    ("query", "count"),
    [({"purpose": "job_alerts"}, 1), ({"from": "2026-04-01"}, 1), ({"to": "2026-03-02"}, 3)],
)
def test_consent_register_filters_by_purpose_and_period(api_as, world, query, count):
    workbook, _ = fetch(api_as("auditor"), "consent-register", **query)
    assert len(rows(workbook, "Consent events")) == count


def test_consent_register_filters_by_subject(api_as, world):
    subject = str(world["mari"].id)
    workbook, _ = fetch(api_as("auditor"), "consent-register", subject_id=subject)
    assert {row[1] for row in rows(workbook, "Consent events")} == {subject}


def test_dsr_register_row_with_dates_as_dates(api_as, world):
    workbook, _ = fetch(api_as("dpo"), "dsr-register")
    (row,) = rows(workbook, "Requests")
    headers = LAYOUTS["dsr-register"].sheet("Requests").headers
    request = dict(zip(headers, row, strict=True))
    assert request["Reference"] == "DSR-2026-1" and request["Article"] == "GDPR Art 15"
    assert request["Due"] == datetime(2026, 4, 2) and workbook["Requests"]["G2"].is_date
    assert request["On time"] == "yes" and request["Extension reason"] == "Large archive"
    assert request["Outcome"] == "package: json"
    # Words to read, with the machine-readable code in the next column.
    assert (request["Type"], request["Type code"]) == ("Access (Art 15)", "access")
    assert (request["Status"], request["Status code"]) == ("Completed", "completed")


def test_retention_workbook_has_the_schedule_and_the_erasure_log(api_as, world):
    workbook, _ = fetch(api_as("dpo"), "retention")
    schedule = rows(workbook, "Schedule")
    categories = current_policies().retention
    assert {row[0] for row in schedule} == set(categories)
    assert len(schedule) == len(categories) + sum(len(c.country_overrides) for c in categories.values())
    (entry,) = rows(workbook, "Erasure log")
    assert entry[5] == str(world["erased"].id) and entry[0] == datetime(2026, 3, 2, 9, 30)


def test_bordereau_lists_risks_with_the_coverage_verdict_and_claims(api_as, world):
    workbook, _ = fetch(api_as("auditor"), "insurance-bordereau", policy_number="PI-2026")
    risks, claims = rows(workbook, "Risks written"), rows(workbook, "Claims")
    assert len(risks) == 2  # restricted candidates stay in, as references
    assert risks[0][0] == "PI-2026" and risks[0][3] == "'=Client AG" and risks[0][8] == 12500.5
    assert risks[0][10] in ("yes", "no")
    assert claims == [("CL-1", "PI-2026", world["placements"][0].reference, datetime(2026, 5, 1),
                       10000, 2500.25, "EUR", "open")]


def test_cross_border_groups_by_work_country_and_leaves_out_restricted_subjects(api_as, world):
    workbook, _ = fetch(api_as("auditor"), "cross-border")
    findings = rows(workbook, "Findings")
    assert findings and {row[0] for row in findings} == {"DE"}
    assert {row[1] for row in findings} == {world["placements"][0].reference}
