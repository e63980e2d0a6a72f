"""Fulfilment of the six rights: packages, erasure by crypto-shredding, rectification,
restriction and objection."""

import hashlib
import io
import json
import re
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from compliance.audit.services import CLI_ACTOR
from compliance.consent.services import can_process, record_consent
from compliance.errors import ProcessingRefused
from compliance.extensions import db
from compliance.keystore.services import has_key
from compliance.mail import read_outbox
from compliance.placements.models import Placement
from compliance.placements.services import create_placement, record_cv_submission
from compliance.retention.services import place_hold
from compliance.subjects.models import Subject
from compliance.transaction import unit_of_work
from tests.conftest import on_postgres
from tests.integration.raw_files import postgres_rows_containing, raw_database_bytes
from tests.integration.test_requests_support import (
    BASE,
    all_audit_details,
    audit_actions,
    complete,
    verified,
)

CLIENT = "Beispiel Maschinenbau GmbH"


def iso_now() -> str:
    return datetime.now(UTC).isoformat()


@pytest.fixture
def placed(make_subject):
    """A candidate whose CV went to a named client, who was placed there, with consents."""
    member = make_subject(kind="member", membership_start=date.today() - timedelta(days=700))
    candidate = make_subject(name="Zebulon Quixotic", email="zebulon.quixotic@example.com",
                             date_of_birth=date(1990, 4, 1))
    record_consent(CLI_ACTOR, candidate.id, {"purpose": "talent_pool", "action": "grant",
                                             "channel": "web_form", "evidence": {"form_id": "f1"}})
    record_consent(CLI_ACTOR, candidate.id, {"purpose": "cv_sharing", "action": "grant",
                                             "scope": CLIENT, "channel": "api"})
    record_cv_submission(CLI_ACTOR, {"member_id": member.id, "candidate_id": candidate.id,
                                     "client_name": CLIENT, "client_country": "AT"})
    create_placement(CLI_ACTOR, {
        "member_id": member.id, "candidate_id": candidate.id, "client_name": CLIENT,
        "client_country": "AT", "work_country": "DE", "placement_type": "permanent",
        "start_date": date.today() - timedelta(days=30), "fee": "18500.00", "currency": "EUR",
        "role_title": "Process Engineer"})
    return candidate


def test_access_package_holds_everything_and_its_hash_is_recorded(api_as, placed):
    api = api_as("dpo")
    created = verified(api, placed.id, "access", details="Send me everything")
    done = complete(api, created["id"])
    assert done.status_code == 200, done.json
    recorded = done.json["outcome"]["package"]
    served = api.get(f"{BASE}/{created['id']}/package", query_string={"format": "json"})
    assert served.status_code == 200 and served.mimetype == "application/json"
    assert hashlib.sha256(served.data).hexdigest() == recorded["json"]["sha256"]
    package = json.loads(served.data)
    assert set(package) >= {"generated_at", "controller", "subject", "consents", "requests",
                            "placements", "cv_submissions", "recipients", "art15_information"}
    assert package["subject"]["name"] == "Zebulon Quixotic"
    assert {c["purpose"] for c in package["consents"]} == {"talent_pool", "cv_sharing"}
    assert package["consents"][0]["evidence"] == {"form_id": "f1"}
    assert package["requests"][0]["details"] == "Send me everything"
    assert len(package["placements"]) == 1 and len(package["cv_submissions"]) == 1
    assert [r["client_name"] for r in package["recipients"]] == [CLIENT]
    info = package["art15_information"]
    assert "Andmekaitse Inspektsioon" in info["complaint"]["authority"]
    assert info["automated_decision_making"]["exists"] is False
    assert {"GDPR Art 6(1)(a)", "GDPR Art 6(1)(f)"} <= {p["lawful_basis"] for p in info["purposes"]}
    assert info["retention"] and info["rights"] and info["source"]
    assert info["recipients"]["named_clients"][0]["client_name"] == CLIENT


def test_xlsx_package_matches_its_hash_and_every_download_is_audited(api_as, placed):
    api = api_as("dpo")
    created = verified(api, placed.id, "access")
    recorded = complete(api, created["id"]).json["outcome"]["package"]
    first = api.get(f"{BASE}/{created['id']}/package", query_string={"format": "xlsx"})
    second = api.get(f"{BASE}/{created['id']}/package", query_string={"format": "xlsx"})
    assert first.data == second.data
    assert hashlib.sha256(first.data).hexdigest() == recorded["xlsx"]["sha256"]
    workbook = load_workbook(io.BytesIO(first.data), read_only=True)
    assert {"About", "Subject", "Consents", "Recipients", "Information (Art 15)"} <= set(workbook.sheetnames)
    values = [c for row in workbook["Subject"].iter_rows(values_only=True) for c in row]
    assert "Zebulon Quixotic" in values
    workbook.close()
    from compliance.audit.models import AuditEvent

    downloads = db.session.query(AuditEvent).filter_by(action="request.package_downloaded").all()
    assert len(downloads) == 2 and downloads[0].details["format"] == "xlsx"
    assert "Zebulon" not in all_audit_details()


def test_subject_downloads_by_expiring_link(api_as, app, client, placed):
    api = api_as("dpo")
    created = verified(api, placed.id, "access")
    complete(api, created["id"])
    issued = api.post(f"{BASE}/{created['id']}/package-links")
    assert issued.status_code == 200 and issued.json["emailed"] is True
    assert "links" not in issued.json and "/requests/package/" not in str(issued.json)  # staff: own route
    (mail,) = [m for m in read_outbox() if "copy of your personal data" in m["Subject"]]
    link = re.search(r"json: (\S+)", mail.get_content()).group(1)
    path = link[link.index("/requests/package/"):]
    assert "zebulon" not in link.lower()
    response = client.get(path)
    assert response.status_code == 200
    assert json.loads(response.data)["subject"]["email"] == "zebulon.quixotic@example.com"
    app.config["PACKAGE_LINK_MAX_AGE"] = -1
    assert client.get(path).status_code == 410
    assert client.get("/requests/package/forged-token").status_code == 410


def test_no_package_for_other_request_types(api_as, make_subject):
    api = api_as("dpo")
    created = verified(api, make_subject().id, "objection")
    complete(api, created["id"])
    assert api.get(f"{BASE}/{created['id']}/package").status_code == 409


def _placements_ended_years_ago(years: int) -> None:
    """Time passing: every placement ended ``years`` ago, past the accounting period."""
    ended = date.today() - timedelta(days=365 * years + 3)
    with unit_of_work():
        db.session.execute(update(Placement).values(end_date=ended, status="ended")
                           .execution_options(synchronize_session=False))
    db.session.expire_all()


def test_erasure_of_a_candidate_placed_now_keeps_identity_and_contact_for_the_contract_only(api_as, placed):
    api = api_as("dpo")
    access = verified(api, placed.id, "access")
    complete(api, access["id"])
    created = verified(api, placed.id, "erasure", details="Forget Zebulon please")
    done = complete(api, created["id"])
    assert done.status_code == 200, done.json
    outcome = done.json["outcome"]
    assert outcome["key_shredded"] is False and outcome["partially_erased"] is True
    kept = {r["category"]: r for r in outcome["retained"]}
    assert kept["placement_records"]["ground"] == "running_contract"
    assert "Art 6(1)(b)" in kept["placement_records"]["citation"]
    assert outcome["fields_kept"] == ["email", "name", "phone"]
    assert [r["client_name"] for r in outcome["recipients_to_notify"]] == [CLIENT]
    subject = api.get(f"/api/v1/subjects/{placed.id}").json
    assert subject["status"] == "partially_erased" and subject["name"] == "Zebulon Quixotic"
    assert subject["date_of_birth"] is None
    assert has_key(placed.id)
    assert api.get(f"{BASE}/{access['id']}/package").status_code == 409
    assert api.get(f"{BASE}/{created['id']}").json["details"] is None
    assert not can_process(placed.id, "talent_pool").allowed
    assert can_process(placed.id, "placement_administration", CLIENT).allowed
    assert "Zebulon" not in all_audit_details()


def test_erasure_shreds_when_no_exemption_is_left_and_lists_recipients(api_as, app, placed):
    _placements_ended_years_ago(9)
    api = api_as("dpo")
    access = verified(api, placed.id, "access")
    complete(api, access["id"])
    created = verified(api, placed.id, "erasure", details="Forget Zebulon please")
    done = complete(api, created["id"])
    assert done.status_code == 200, done.json
    outcome = done.json["outcome"]
    assert outcome["key_shredded"] is True
    kept = {r["category"]: r for r in outcome["retained"]}
    assert set(kept) == {"request_records"} and kept["request_records"]["count"] == 2
    assert [r["client_name"] for r in outcome["recipients_to_notify"]] == [CLIENT]
    subject = db.session.get(Subject, placed.id)
    assert subject.status == "erased" and subject.erasure_reference == created["reference"]
    assert subject.name_ciphertext is None and subject.email_index is None
    assert not has_key(placed.id)
    tombstone = api.get(f"/api/v1/subjects/{placed.id}").json
    assert tombstone["name"] is None and tombstone["erasure_reference"] == created["reference"]
    assert api.get(f"{BASE}/{access['id']}/package").status_code == 409
    assert api.get(f"{BASE}/{created['id']}").json["details"] is None
    assert "Zebulon" not in all_audit_details()


def test_after_erasure_no_stored_data_holds_the_subject_or_its_key(api_as, app, placed):
    from compliance.keystore.models import DataKey

    _placements_ended_years_ago(9)
    wrapped = bytes(db.session.get(DataKey, placed.id).wrapped)
    api = api_as("dpo")
    complete(api, verified(api, placed.id, "erasure")["id"])
    db.session.remove()
    if on_postgres():  # live rows of every table, as text (bytea as hex)
        assert postgres_rows_containing(["Zebulon", "zebulon.quixotic", wrapped.hex()]) == []
        return
    raw = raw_database_bytes(app)  # the SQLite files themselves, incl. freed pages
    for secret in (b"Zebulon", b"zebulon.quixotic", "Quixotic".encode("utf-16-le"), wrapped):
        assert secret not in raw


def test_legal_hold_blocks_erasure_with_a_clear_reason(api_as, placed):
    place_hold(CLI_ACTOR, placed.id, {"reason": "Pending court case 2-26-1234",
                                      "until": date.today() + timedelta(days=90)})
    api = api_as("dpo")
    created = verified(api, placed.id, "erasure")
    response = complete(api, created["id"])
    assert response.status_code == 422 and response.json["reason"] == "legal_hold"
    assert "Pending court case" in response.json["message"]
    assert has_key(placed.id)
    assert api.get(f"{BASE}/{created['id']}").json["status"] == "in_progress"
    assert "court case" not in all_audit_details()


def test_rectification_changes_fields_and_audits_only_their_names(api_as, placed):
    api = api_as("dpo")
    created = verified(api, placed.id, "rectification")
    done = complete(api, created["id"], changes={"name": "Zebulon Q. Smith", "phone": "+372 5000 0001"})
    assert done.status_code == 200, done.json
    assert done.json["outcome"]["fields_changed"] == ["name", "phone"]
    assert done.json["outcome"]["recipients_to_notify"][0]["client_name"] == CLIENT
    assert api.get(f"/api/v1/subjects/{placed.id}").json["name"] == "Zebulon Q. Smith"
    assert "Smith" not in all_audit_details()


def test_rectification_needs_valid_changes(api_as, placed):
    api = api_as("dpo")
    created = verified(api, placed.id, "rectification")
    assert complete(api, created["id"]).status_code == 422
    assert complete(api, created["id"], changes={"email": "nope"}).status_code == 422
    assert api.get(f"{BASE}/{created['id']}").json["status"] == "in_progress"


def test_restriction_refuses_processing_until_lifted(api_as, placed, make_subject):
    api = api_as("dpo")
    member = make_subject(kind="member")
    created = verified(api, placed.id, "restriction")
    done = complete(api, created["id"])
    assert done.json["outcome"]["subject_status"] == "restricted"
    assert not can_process(placed.id, "talent_pool").allowed
    with pytest.raises(ProcessingRefused):
        record_cv_submission(CLI_ACTOR, {"member_id": member.id, "candidate_id": placed.id,
                                         "client_name": CLIENT, "client_country": "AT"})
    told = datetime.now(UTC).isoformat()  # told after the restriction was granted, before the lift
    lifted = api.post(f"{BASE}/{created['id']}/lift-restriction", json={"notified_at": told})
    assert lifted.status_code == 200 and lifted.json["lift_notified_at"]
    assert can_process(placed.id, "talent_pool").allowed
    assert api.post(f"{BASE}/{created['id']}/lift-restriction",
                    json={"notified_at": told}).status_code == 409


def test_objection_without_a_list_covers_every_objectable_purpose_and_waits_for_the_dpo(api_as, placed):
    api = api_as("dpo")
    created = verified(api, placed.id, "objection")
    decisions = {o["purpose"]: o["decision"] for o in created["objections"]}
    assert decisions == {"job_alerts": "upheld", "candidate_matching": "pending",
                         "reference_checks": "pending", "client_relationship": "pending"}
    refused = complete(api, created["id"])
    assert refused.status_code == 422 and "purposes" in refused.json["errors"]
    for purpose, decision in (("candidate_matching", "upheld"), ("client_relationship", "upheld"),
                              ("reference_checks", "refused")):
        body = {"purpose": purpose, "decision": decision}
        if decision == "refused":
            body |= {"ground": "legal_claims", "balancing": "Defence of the client's warranty claim."}
        response = api.post(f"{BASE}/{created['id']}/objection-decisions", json=body)
        assert response.status_code == 200, response.json
    done = complete(api, created["id"])
    assert done.status_code == 200, done.json
    assert done.json["outcome"]["purposes_stopped"] == ["candidate_matching", "client_relationship",
                                                        "job_alerts"]
    assert done.json["outcome"]["purposes_continued"] == ["reference_checks"]
    assert not can_process(placed.id, "candidate_matching").allowed
    assert can_process(placed.id, "talent_pool").allowed
    assert db.session.get(Subject, placed.id).objection_reference == created["reference"]
    assert "request.objection_decided" in audit_actions(uuid.UUID(created["id"]))


def test_objection_decisions_are_checked(api_as, placed):
    api = api_as("dpo")
    created = verified(api, placed.id, "objection", purposes=["talent_pool", "candidate_matching"])
    assert {o["purpose"]: o["decision"] for o in created["objections"]} == {
        "talent_pool": "withdraw_consent", "candidate_matching": "pending"}
    url = f"{BASE}/{created['id']}/objection-decisions"
    assert api.post(url, json={"purpose": "talent_pool", "decision": "upheld"}).status_code == 422
    assert api.post(url, json={"purpose": "job_alerts", "decision": "upheld"}).status_code == 404
    assert api.post(url, json={"purpose": "nonsense", "decision": "upheld"}).status_code == 422
    assert api.post(url, json={"purpose": "candidate_matching", "decision": "maybe"}).status_code == 422
    assert api.post(url, json={"purpose": "candidate_matching", "decision": "upheld"}).status_code == 200
    again = api.post(url, json={"purpose": "candidate_matching", "decision": "refused",
                                "ground": "legal_claims", "balancing": "x"})
    assert again.status_code == 422 and "purpose" in again.json["errors"]
    access = api.post(BASE, json={"type": "access", "subject_id": str(placed.id), "purposes": ["job_alerts"]})
    assert access.status_code == 422 and "purposes" in access.json["errors"]


def test_portability_zip_matches_its_hash_and_is_sent_on_to_another_controller(api_as, placed):
    api = api_as("dpo")
    created = verified(api, placed.id, "portability")
    done = complete(api, created["id"]).json
    recorded = done["outcome"]["package"]
    assert set(recorded) == {"zip", "xlsx"}
    assert {b["purpose"] for b in done["outcome"]["basis"]} >= {"talent_pool", "placement_administration"}
    download = api.get(f"{BASE}/{created['id']}/package", query_string={"format": "zip"})
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert hashlib.sha256(download.data).hexdigest() == recorded["zip"]["sha256"]
    assert api.get(f"{BASE}/{created['id']}/package", query_string={"format": "json"}).status_code == 409
    url = f"{BASE}/{created['id']}/transmissions"
    future = (date.today() + timedelta(days=2)).isoformat() + "T10:00:00+00:00"
    assert api.post(url, json={"recipient": "Uus Tööandja OÜ", "method": "secure_email",
                               "transmitted_at": future}).status_code == 422
    assert api.post(url, json={"recipient": "Uus Tööandja OÜ", "method": "pigeon",
                               "transmitted_at": iso_now()}).status_code == 422
    sent = api.post(url, json={"recipient": "Uus Tööandja OÜ", "method": "secure_email",
                               "transmitted_at": iso_now()})
    assert sent.status_code == 201, sent.json
    assert sent.json["sha256"] == recorded["zip"]["sha256"]
    assert "Uus" not in all_audit_details()
    access = verified(api, placed.id, "access")
    complete(api, access["id"])
    assert api.post(f"{BASE}/{access['id']}/transmissions", json={
        "recipient": "X", "method": "api", "transmitted_at": iso_now()}).status_code == 409


def test_no_data_held_is_an_answer_and_art23_names_its_law(api_as, make_subject, placed):
    api = api_as("dpo")
    created = verified(api, placed.id, "access")
    assert api.post(f"{BASE}/{created['id']}/no-data-held").status_code == 409  # data is held
    refused = api.post(f"{BASE}/{created['id']}/reject", json={
        "ground": "art23_national_law", "explanation": "An investigation is running."})
    assert refused.status_code == 422 and "law" in refused.json["errors"]
    refused = api.post(f"{BASE}/{created['id']}/reject", json={
        "ground": "art23_national_law", "explanation": "An investigation is running.",
        "law": "Rahapesu ja terrorismi rahastamise tõkestamise seadus § 42"})
    assert refused.status_code == 200 and refused.json["outcome"]["law"].endswith("§ 42")
    nobody = make_subject(source="public_request_form")
    asked = verified(api, nobody.id, "access")
    answered = api.post(f"{BASE}/{asked['id']}/no-data-held")
    assert answered.status_code == 200, answered.json
    assert answered.json["status"] == "completed" and answered.json["outcome"]["no_data_held"] is True
    assert answered.json["rejection_ground"] is None


def test_a_package_link_stops_working_once_the_subject_email_changes(api_as, client, placed):
    api = api_as("dpo")
    created = verified(api, placed.id, "access")
    complete(api, created["id"])
    api.post(f"{BASE}/{created['id']}/package-links")
    (mail,) = [m for m in read_outbox() if "copy of your personal data" in m["Subject"]]
    link = re.search(r"json: (\S+)", mail.get_content()).group(1)
    path = link[link.index("/requests/package/"):]
    assert client.get(path).status_code == 200
    changed = api.patch(f"/api/v1/subjects/{placed.id}", json={"email": "zebulon.new@example.com"})
    assert changed.status_code == 200
    refused = client.get(path)
    assert refused.status_code == 410 and b"address it was sent to changed" in refused.data
