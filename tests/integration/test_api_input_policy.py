"""The causes of issue 11, per endpoint family: a complete, valid body with one hostile value
gets a 4xx naming the field (the value reaches no encoder, database or clock), and no table
changes; valid edge values are stored as documented."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from compliance.audit.models import AuditEvent
from compliance.extensions import db
from tests.integration.db_snapshot import changed_tables, snapshot
from tests.integration.test_placements_support import World, days, placement_body, policy_body

HOSTILE_TEXT = ["\ud800", "a\x00b", "a\u202eb", "   ", "\u200b", "ab\udc00"]
EDGE_MOMENTS = ["0001-01-01T00:30:00+01:00", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-23:59"]


def _now(**delta) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).replace(microsecond=0).isoformat()


@pytest.fixture
def world(api_as, make_subject):
    world = World(api_as, make_subject)
    world.policy = world.add_policy()
    breach = world.dpo.post("/api/v1/breaches", json={"aware_at": _now(hours=-2), "nature": "Lost laptop"})
    world.breach = breach.json
    request = world.dpo.post("/api/v1/subject-requests", json={
        "type": "access", "subject_id": str(world.candidate.id), "received_at": _now(days=-3)})
    world.request = request.json
    return world


def families(world) -> dict:
    """Family -> (method, url, a valid body, its text fields, its date-time fields)."""
    subject = {"kind": "candidate", "name": "Anna Example", "country": "EE", "phone": "+372 5555 0101",
               "source": "referral"}
    request_id, breach_id = world.request["id"], world.breach["id"]
    return {
        "subjects": ("post", "/api/v1/subjects", subject, ["name", "phone", "source"], []),
        "subject_update": ("patch", f"/api/v1/subjects/{world.candidate.id}", {"name": "Anna Other"},
                           ["name"], ["last_activity_at"]),
        "requests": ("post", "/api/v1/subject-requests", {"type": "access", "subject": subject,
                                                          "details": "Please send my data."},
                     ["details"], ["received_at"]),
        "extend": ("post", f"/api/v1/subject-requests/{request_id}/extend",
                   {"reason": "Many records", "notified_at": _now(minutes=-5)}, ["reason"], ["notified_at"]),
        "reject": ("post", f"/api/v1/subject-requests/{request_id}/reject",
                   {"ground": "manifestly_unfounded", "explanation": "Repeated request"},
                   ["explanation"], []),
        "breaches": ("post", "/api/v1/breaches", {"aware_at": _now(hours=-1), "nature": "Stolen phone",
                                                  "dpo_contact": "dpo@example.com", "measures": "Wiped"},
                     ["nature", "dpo_contact", "measures"], ["aware_at", "occurred_at"]),
        "breach_update": ("patch", f"/api/v1/breaches/{breach_id}", {"measures": "Keys rotated"},
                          ["measures", "likely_consequences"], ["occurred_at"]),
        "notifications": ("post", f"/api/v1/breaches/{breach_id}/notifications",
                          {"recipient": "authority", "sent_at": _now(minutes=-10), "summary": "Initial"},
                          ["summary", "authority_reference"], ["sent_at"]),
        "consents": ("post", f"/api/v1/subjects/{world.candidate.id}/consents",
                     {"purpose": "talent_pool", "action": "grant", "channel": "api",
                      "evidence": {"form_id": "web-1"}}, ["notice_version"], []),
        "placements": ("post", "/api/v1/placements", placement_body(world.member.id, world.candidate.id),
                       ["client_name", "role_title", "contract_law"], []),
        "policies": ("post", "/api/v1/insurance-policies", policy_body(policy_number="PI-2"),
                     ["insurer", "policy_number"], []),
        "claims": ("post", "/api/v1/insurance-claims", {
            "policy_id": world.policy["id"], "claim_reference": "C-1", "notified_on": days(-1),
            "reserved": "10.00"}, ["claim_reference"], []),
        "holds": ("post", "/api/v1/retention/holds", {
            "subject_id": str(world.candidate.id), "reason": "Court case 12/2026"},
            ["reason", "record_type"], []),
    }


FAMILIES = ["subjects", "subject_update", "requests", "extend", "reject", "breaches", "breach_update",
            "notifications", "consents", "placements", "policies", "claims", "holds"]


@pytest.mark.parametrize("family", FAMILIES)
def test_a_valid_body_with_one_hostile_value_is_refused_on_that_field(world, family):
    method, url, body, texts, moments = families(world)[family]
    before = snapshot()
    for name, value in [(n, v) for n in texts for v in HOSTILE_TEXT] + [(n, v) for n in moments
                                                                         for v in EDGE_MOMENTS]:
        response = getattr(world.dpo, method)(url, json={**body, name: value})
        assert response.status_code == 422, (family, name, value, response.json)
        assert name in response.json["errors"], (family, name, response.json)
    assert changed_tables(before, snapshot()) == []


def test_a_lone_surrogate_inside_a_nested_new_subject_is_refused(world):
    before = snapshot()
    response = world.dpo.post("/api/v1/subject-requests", json={
        "type": "erasure", "subject": {"kind": "candidate", "name": "Ann\ud83d", "country": "EE"}})
    assert response.status_code == 422 and "name" in response.json["errors"]["subject"][0]
    assert changed_tables(before, snapshot()) == []


@pytest.mark.parametrize(("value", "why"), [(2**63, "between"), (2**64 + 1, "between"), (1.5, "integer"),
                                            ("5", "integer"), (True, "integer"), (-1, "between")])
def test_integers_are_strict_and_bounded(world, value, why):
    before = snapshot()
    response = world.dpo.post("/api/v1/breaches", json={
        "aware_at": _now(hours=-1), "nature": "x", "approx_subjects": value})
    assert response.status_code == 422
    assert why in response.json["errors"]["approx_subjects"][0].lower() or why == "between"
    assert changed_tables(before, snapshot()) == []


@pytest.mark.parametrize("fee", ["1.005", "18500.001", 18500.5, 18500, "1e4", "-0.01"])
def test_money_beyond_two_places_or_as_a_number_is_refused_never_rounded(world, fee):
    before = snapshot()
    response = world.dpo.post("/api/v1/placements", json=placement_body(world.member.id, world.candidate.id,
                                                                         fee=fee))
    assert response.status_code == 422 and "fee" in response.json["errors"]
    assert changed_tables(before, snapshot()) == []


def test_money_comes_back_as_it_went_in(world):
    placement = world.place(fee="0.5")
    assert placement["fee"] == "0.50"
    assert world.dpo.get(f"/api/v1/insurance-policies/{world.policy['id']}").json["aggregate_used"] == "0.00"


@pytest.mark.parametrize(
    ("family", "field", "value", "says"),
    [
        ("requests", "received_at", "2018-05-24T23:00:00Z", "2018-05-25"),
        ("requests", "received_at", None, "future"),
        ("subject_update", "last_activity_at", "9999-01-01T00:00:00Z", "future"),
        ("breaches", "aware_at", "2018-05-01T00:00:00Z", "2018-05-25"),
        ("placements", "start_date", "1999-12-31", "2000-01-01"),
        ("placements", "start_date", None, "5 years from today"),
        ("claims", "notified_on", "9999-12-31", "future"),
        ("holds", "until", "2001-01-01", "today"),
    ],
)
def test_dates_outside_what_they_mean_are_refused_naming_the_range(world, family, field, value, says):
    method, url, body, _, _ = families(world)[family]
    if value is None:  # relative to now
        value = _now(days=1) if field == "received_at" else days(5 * 366 + 2)
    response = getattr(world.dpo, method)(url, json={**body, field: value})
    assert response.status_code == 422, response.json
    assert says in response.json["errors"][field][0]


def test_a_notification_before_the_breach_was_known_is_refused(world):
    before = snapshot()
    aware = datetime.fromisoformat(world.breach["aware_at"])
    response = world.dpo.post(f"/api/v1/breaches/{world.breach['id']}/notifications", json={
        "recipient": "subjects", "sent_at": (aware - timedelta(hours=1)).isoformat()})
    assert response.status_code == 422 and "aware_at" in response.json["errors"]["sent_at"][0]
    assert changed_tables(before, snapshot()) == []


@pytest.mark.parametrize("country", ["GR", "gr", "EL"])
def test_greece_is_accepted_by_either_code_and_stored_as_the_eus_el(world, country):
    response = world.dpo.post("/api/v1/subjects", json={
        "kind": "candidate", "name": "Eleni", "country": country})
    assert response.status_code == 201 and response.json["country"] == "EL"


def test_a_country_without_an_adequacy_decision_is_accepted_and_treated_as_such(world):
    placement = world.place(client_country="BD", client_name="Dhaka Textiles Ltd")
    findings = world.dpo.get(f"/api/v1/placements/{placement['id']}/cross-border").json["findings"]
    transfer = next(f for f in findings if f["code"] == "third_country_transfer")
    assert "BD" in transfer["message"] and "without adequacy" in transfer["message"]


@pytest.mark.parametrize("body", [None, {}])
def test_a_patch_that_names_nothing_is_422_and_leaves_no_trace(world, body):
    for url in (f"/api/v1/subjects/{world.candidate.id}", f"/api/v1/breaches/{world.breach['id']}"):
        before = snapshot()
        response = world.dpo.patch(url, json=body) if body is not None else world.dpo.patch(url)
        assert response.status_code == 422, response.json
        assert response.json["errors"]["_schema"] == ["Give at least one field to change."]
        assert changed_tables(before, snapshot()) == []


def test_a_patch_that_changes_nothing_is_422_and_writes_no_audit_event(world):
    subject = world.dpo.get(f"/api/v1/subjects/{world.candidate.id}").json
    breach = world.breach
    for url, same in ((f"/api/v1/subjects/{subject['id']}", {"name": subject["name"], "country": "DE"}),
                      (f"/api/v1/breaches/{breach['id']}", {"nature": breach["nature"],
                                                            "aware_at": breach["aware_at"]})):
        events = db.session.query(AuditEvent).count()
        before = snapshot()
        response = world.dpo.patch(url, json=same)
        assert response.status_code == 422, response.json
        assert "Nothing to change" in response.json["message"]
        assert changed_tables(before, snapshot()) == [] and db.session.query(AuditEvent).count() == events
    changed = world.dpo.patch(f"/api/v1/subjects/{subject['id']}", json={"name": "Anna Renamed"})
    assert changed.status_code == 200
    assert db.session.query(AuditEvent).filter_by(action="subject.updated").count() == 1


def test_text_is_stored_normalised_and_trimmed(world):
    response = world.dpo.post("/api/v1/subjects", json={
        "kind": "candidate", "name": "  Jose\u0301 Example\u00a0", "country": "ES"})
    assert response.status_code == 201 and response.json["name"] == "José Example"
    assert world.dpo.get(f"/api/v1/subjects/{response.json['id']}").json["name"] == "José Example"


def test_an_extension_told_before_the_request_was_received_is_refused(world):
    before = snapshot()
    received = datetime.fromisoformat(world.request["received_at"])
    response = world.dpo.post(f"/api/v1/subject-requests/{world.request['id']}/extend", json={
        "reason": "Many records", "notified_at": (received - timedelta(minutes=1)).isoformat()})
    assert response.status_code == 422, response.json
    assert "received_at" in response.json["errors"]["notified_at"][0]
    assert changed_tables(before, snapshot()) == []


def test_a_lift_told_before_the_restriction_was_granted_is_refused(world):
    dpo = world.dpo
    request = dpo.post("/api/v1/subject-requests", json={
        "type": "restriction", "subject_id": str(world.candidate.id), "received_at": _now(days=-2)}).json
    url = f"/api/v1/subject-requests/{request['id']}"
    assert dpo.post(f"{url}/verify-identity", json={"method": "id_document"}).status_code == 200
    granted = dpo.post(f"{url}/complete", json={})
    assert granted.status_code == 200, granted.json
    before = snapshot()
    response = dpo.post(f"{url}/lift-restriction", json={"notified_at": _now(days=-1)})
    assert response.status_code == 422, response.json
    assert "closed_at" in response.json["errors"]["notified_at"][0]
    assert changed_tables(before, snapshot()) == []
    told = datetime.now(UTC).isoformat()  # to the microsecond: the grant was a moment ago
    assert dpo.post(f"{url}/lift-restriction", json={"notified_at": told}).status_code == 200


def test_awareness_cannot_move_after_the_subjects_were_told(world):
    breach = world.breach
    told = _now(hours=-1)
    response = world.dpo.post(f"/api/v1/breaches/{breach['id']}/notifications", json={
        "recipient": "subjects", "sent_at": told})
    assert response.status_code in (200, 201), response.json
    before = snapshot()
    response = world.dpo.patch(f"/api/v1/breaches/{breach['id']}", json={"aware_at": _now(minutes=-30)})
    assert response.status_code == 422, response.json
    assert "subjects_told_at" in response.json["errors"]["aware_at"][0]
    assert changed_tables(before, snapshot()) == []
