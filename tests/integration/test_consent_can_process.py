"""``can_process`` / ``require_processing`` against a real database: the one check every feature asks."""

from datetime import date, timedelta

import pytest

from compliance.audit.services import CLI_ACTOR
from compliance.consent import services
from compliance.errors import ProcessingRefused
from compliance.extensions import db
from compliance.retention.services import active_holds, place_hold
from compliance.subjects.models import Subject


def grant(subject_id, purpose, scope=None, evidence=None, action="grant"):
    subject = db.session.get(Subject, subject_id)
    event = services.append_event(CLI_ACTOR, subject, services.find_purpose(purpose), action,
                                  scope=scope, channel="api", notice_version=None, evidence=evidence)
    db.session.commit()
    return event


def test_without_consent_the_verdict_says_no_consent(make_subject):
    verdict = services.can_process(make_subject().id, "talent_pool")
    assert not verdict.allowed and verdict.reason == "no_consent"
    assert verdict.lawful_basis == "a"


def test_a_grant_allows_until_its_validity(make_subject):
    subject = make_subject()
    grant(subject.id, "talent_pool")
    verdict = services.can_process(subject.id, "talent_pool")
    assert verdict.allowed and verdict.valid_until > date.today() + timedelta(days=700)
    later = services.can_process(subject.id, "talent_pool", on=verdict.valid_until + timedelta(days=1))
    assert not later.allowed and later.reason == "expired"


def test_withdrawal_refuses(make_subject):
    subject = make_subject()
    grant(subject.id, "job_alerts")
    grant(subject.id, "job_alerts", action="withdraw")
    assert services.can_process(subject.id, "job_alerts").reason == "withdrawn"


@pytest.mark.parametrize(("asked", "allowed"), [
    ("ACME  GmbH", True), ("acme gmbh", True), ("ＡＣＭＥ GmbH", True), ("Other AG", False), (None, False)])
def test_cv_sharing_needs_consent_scoped_to_that_client(make_subject, asked, allowed):
    subject = make_subject()
    grant(subject.id, "cv_sharing", scope="Acme GmbH")
    verdict = services.can_process(subject.id, "cv_sharing", scope=asked)
    assert verdict.allowed is allowed
    if asked is None:
        assert verdict.reason == "scope_required"


def test_contract_basis_needs_no_consent_but_restriction_stops_it(make_subject, raw_sql):
    subject = make_subject()
    assert services.require_processing(subject.id, "placement_administration").lawful_basis == "b"
    raw_sql("UPDATE subjects SET status = 'restricted' WHERE id = :i", i=subject.id.hex)
    db.session.expire_all()
    with pytest.raises(ProcessingRefused) as refused:
        services.require_processing(subject.id, "placement_administration")
    assert refused.value.reason == "restricted"
    assert services.can_process(subject.id, "accounting").allowed


def test_unknown_purpose_is_refused(make_subject):
    assert services.can_process(make_subject().id, "astrology").reason == "unknown_purpose"


def test_export_lists_events_with_decrypted_evidence(make_subject):
    subject = make_subject()
    assert services.export_subject_consents(subject.id) == []
    grant(subject.id, "talent_pool", evidence={"form_id": "f1", "ip": "192.0.2.1"})
    [record] = services.export_subject_consents(subject.id)
    assert record["evidence"] == {"form_id": "f1", "ip": "192.0.2.1"}
    assert len(record["notice_sha256"]) == 64


def test_active_holds_lists_unreleased_holds(make_subject):
    subject = make_subject()
    assert active_holds(subject.id) == []
    place_hold(CLI_ACTOR, subject.id, {"reason": "Pending claim", "until": None})
    [hold] = active_holds(subject.id)
    assert hold.subject_id == subject.id and hold.released_at is None
