"""Consent through the API, the CLI and the e-mailed one-time links: given, proven, withdrawn,
expired and renewed, per purpose and per client."""

import re
import shutil
from datetime import date, timedelta

import pytest

from compliance import create_app
from compliance.audit.models import AuditEvent
from compliance.consent import renewal
from compliance.consent.services import can_process
from compliance.extensions import db
from compliance.mail import read_outbox
from compliance.policies import PolicyError
from compliance.policy_context import current_policies

GRANT = {"purpose": "talent_pool", "action": "grant", "channel": "web_form", "notice_version": "v1",
         "evidence": {"form_id": "signup-2026", "ip": "192.0.2.10", "user_agent": "Firefox/140"}}


def url(subject_id):
    return f"/api/v1/subjects/{subject_id}/consents"


def test_grant_records_proof_and_get_shows_state_and_history(api_as, make_subject):
    api, subject = api_as("dpo"), make_subject()
    created = api.post(url(subject.id), json=GRANT)
    assert created.status_code == 201, created.json
    notice = current_policies().notice("talent_pool", "v1")
    assert created.json["notice_sha256"] == notice.sha256
    assert created.json["collected_by"] == api.user.actor_ref
    body = api.get(url(subject.id)).json
    assert body["current"][0]["status"] == "granted"
    assert body["history"][0]["evidence"]["ip"] == "192.0.2.10"
    details = [e.details for e in db.session.query(AuditEvent).filter_by(action="consent.grant")]
    assert "192.0.2.10" not in str(details)


def test_withdrawal_is_one_call_and_refuses_processing(api_as, make_subject):
    api, subject = api_as("member"), None
    subject = make_subject(actor=_member_actor(api))
    api.post(url(subject.id), json=GRANT)
    withdrawn = api.post(url(subject.id), json={"purpose": "talent_pool", "action": "withdraw",
                                                "channel": "email"})
    assert withdrawn.status_code == 201
    verdict = api.get(f"{url(subject.id)}/verdict", query_string={"purpose": "talent_pool"}).json
    assert verdict == {**verdict, "allowed": False, "reason": "withdrawn"}


def _member_actor(api):
    from compliance.auth.access import actor_for

    return actor_for(api.user)


@pytest.mark.parametrize(("change", "field"), [
    ({"purpose": "astrology"}, "purpose"), ({"channel": "pigeon"}, "channel"),
    ({"action": "expire"}, "action"), ({"notice_version": "v99"}, "notice_version"),
    ({"scope": "Acme GmbH"}, "scope"), ({"purpose": "accounting"}, "purpose"),
    ({"evidence": {"ip": "not-an-ip"}}, "evidence")])
def test_bad_consents_get_422_naming_the_field(api_as, make_subject, change, field):
    response = api_as("dpo").post(url(make_subject().id), json={**GRANT, **change})
    assert response.status_code == 422 and field in response.json["errors"]


def test_cv_sharing_needs_the_client_and_is_checked_per_client(api_as, make_subject):
    api, subject = api_as("dpo"), make_subject()
    missing = api.post(url(subject.id), json={**GRANT, "purpose": "cv_sharing"})
    assert missing.status_code == 422 and "scope" in missing.json["errors"]
    api.post(url(subject.id), json={**GRANT, "purpose": "cv_sharing", "scope": "Acme GmbH"})
    check = api.get(f"{url(subject.id)}/verdict",
                    query_string={"purpose": "cv_sharing", "scope": "ACME gmbh"})
    assert check.json["allowed"] is True
    other = api.get(f"{url(subject.id)}/verdict", query_string={"purpose": "cv_sharing", "scope": "Beta"})
    assert other.json["reason"] == "no_consent"


def test_withdrawing_nothing_is_a_conflict(api_as, make_subject):
    response = api_as("dpo").post(url(make_subject().id), json={**GRANT, "action": "withdraw"})
    assert response.status_code == 409


def test_members_cannot_see_other_members_subjects(api_as, make_subject):
    subject = make_subject()
    assert api_as("member").get(url(subject.id)).status_code == 403


def _link_token():
    [message] = read_outbox()[-1:]
    return re.search(r"/consent/l/(\S+)", message.get_content()).group(1)


def test_renewal_link_renews_once(api_as, make_subject, client):
    api, subject = api_as("dpo"), make_subject()
    api.post(url(subject.id), json=GRANT)
    sent = api.post(f"{url(subject.id)}/links", json={"purpose": "talent_pool"})
    assert sent.status_code == 201
    token = _link_token()
    page = client.get(f"/consent/l/{token}")
    assert page.status_code == 200 and b"Renew my consent" in page.data
    done = client.post(f"/consent/l/{token}", data={"renew": "Renew my consent"})
    assert done.status_code == 200 and b"renewed" in done.data
    assert client.post(f"/consent/l/{token}", data={"renew": "1"}).status_code == 410
    history = api.get(url(subject.id)).json["history"]
    assert [e["action"] for e in history] == ["grant", "renew"]
    assert history[1]["collected_by"] == "public"
    assert history[1]["evidence"]["form_id"].startswith("consent-link:")


def test_withdrawal_link_withdraws_and_forged_links_fail(api_as, make_subject, client):
    api, subject = api_as("dpo"), make_subject()
    api.post(url(subject.id), json=GRANT)
    api.post(f"{url(subject.id)}/links", json={"purpose": "talent_pool", "kind": "withdrawal"})
    token = _link_token()
    assert b"Renew" not in client.get(f"/consent/l/{token}").data
    assert client.post(f"/consent/l/{token}", data={"withdraw": "1"}).status_code == 200
    assert can_process(subject.id, "talent_pool").reason == "withdrawn"
    assert client.get(f"/consent/l/{token[:-3]}xyz").status_code == 410


def test_expiring_list_reminders_and_expiry(api_as, make_subject, app):
    api, subject = api_as("dpo"), make_subject()
    api.post(url(subject.id), json=GRANT)
    valid_until = date.fromisoformat(api.get(url(subject.id)).json["current"][0]["valid_until"])
    soon = valid_until - timedelta(days=10)
    assert renewal.list_expiring(_dpo(), 30, on=soon)[1] == 1
    assert api.get("/api/v1/consents/expiring").json["total"] == 0
    assert renewal.remind_expiring(_dpo(), 30, on=soon) == 1
    assert renewal.remind_expiring(_dpo(), 30, on=soon) == 0  # one open request is enough
    assert renewal.expire_consents(on=valid_until) == 0
    assert renewal.expire_consents(on=valid_until + timedelta(days=1)) == 1
    assert api.get(url(subject.id)).json["current"][0]["status"] == "expired"
    assert can_process(subject.id, "talent_pool").reason == "expired"


def _dpo():
    from compliance.audit.services import CLI_ACTOR

    return CLI_ACTOR


def test_cli_grant_check_withdraw(runner, make_subject):
    subject = make_subject()
    assert runner.invoke(args=["consent", "check", str(subject.id), "job_alerts"]).exit_code == 1
    granted = runner.invoke(args=["consent", "grant", str(subject.id), "job_alerts", "--document-ref", "A-1"])
    assert granted.exit_code == 0, granted.output
    assert runner.invoke(args=["consent", "check", str(subject.id), "job_alerts"]).exit_code == 0
    assert runner.invoke(args=["consent", "withdraw", str(subject.id), "job_alerts"]).exit_code == 0
    result = runner.invoke(args=["consent", "expiring", "--days", "30"])
    assert "0 consent(s)" in result.output


def test_start_up_refuses_a_broken_policy_file_naming_file_and_field(base_config, tmp_path, app):
    broken = tmp_path / "policies"
    shutil.copytree(current_policies().directory, broken)
    path = broken / "purposes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("lawful_basis: b", "lawful_basis: z", 1),
                    encoding="utf-8")
    with pytest.raises(PolicyError, match=r"policies/purposes.yaml: purposes\[\d+\].lawful_basis"):
        create_app({**base_config, "POLICIES_DIR": str(broken)})
