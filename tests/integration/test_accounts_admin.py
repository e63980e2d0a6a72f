"""Accounts administered: tokens that expire, can be named, listed and revoked and show their last
use; users deactivated, reactivated, given another role or a new password from the CLI and the
users page, each audited; member users only ever linked to member records."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from compliance.audit.models import AuditEvent
from compliance.audit.services import CLI_ACTOR
from compliance.auth import services
from compliance.auth.models import ApiToken
from compliance.errors import ValidationFailed
from compliance.extensions import db
from compliance.timeutil import as_utc, utcnow
from tests.conftest import PASSWORD
from tests.integration.web_support import sign_in, web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


def actions(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return db.session.execute(select(AuditEvent).where(AuditEvent.action == action)
                              .order_by(AuditEvent.id)).scalars().all()


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# --- tokens -------------------------------------------------------------------------------
def test_a_token_expires_after_90_days_by_default_and_then_stops_working(client, make_user):
    user, token = make_user("dpo")
    row = db.session.execute(select(ApiToken).where(ApiToken.user_id == user.id)).scalar_one()
    assert timedelta(days=89, hours=23) < as_utc(row.expires_at) - utcnow() <= timedelta(days=90)
    assert client.get("/api/v1/me", headers=_bearer(token)).status_code == 200
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get("/api/v1/me", headers=_bearer(token)).status_code == 401


def test_a_token_records_its_last_use(client, make_user):
    user, token = make_user("auditor")
    row = db.session.execute(select(ApiToken).where(ApiToken.user_id == user.id)).scalar_one()
    assert row.last_used_at is None
    client.get("/api/v1/me", headers=_bearer(token))
    db.session.expire_all()
    assert utcnow() - as_utc(db.session.get(ApiToken, row.id).last_used_at) < timedelta(minutes=1)


def test_tokens_are_named_listed_and_given_a_lifetime_from_the_cli(runner, make_user):
    user, _ = make_user("admin")
    made = runner.invoke(args=["tokens", "create", user.test_email, "--name", "ATS import", "--days", "7"])
    assert made.exit_code == 0, made.output
    token = made.output.strip().splitlines()[-1]
    listed = runner.invoke(args=["tokens", "list", user.test_email]).output
    assert "ATS import" in listed and token not in listed and token[:10] in listed
    too_long = runner.invoke(args=["tokens", "create", user.test_email, "--days", "4000"])
    assert too_long.exit_code != 0 and "days" in too_long.output
    created = actions("token.created")[-1]
    assert set(created.details) == {"token_id", "expires_at"}


# --- users from the CLI -----------------------------------------------------------------------
def test_deactivation_ends_sign_in_sessions_and_tokens_and_reactivation_restores_sign_in(
        app_factory, runner, make_user):
    user, token = make_user("admin")
    client = app_factory().test_client()
    sign_in(client, user)
    assert runner.invoke(args=["users", "deactivate", user.test_email]).exit_code == 0
    assert client.get("/overview").status_code == 302
    assert client.get("/api/v1/me", headers=_bearer(token)).status_code == 401
    assert services.sign_in(user.test_email, PASSWORD) is None
    assert runner.invoke(args=["users", "reactivate", user.test_email]).exit_code == 0
    assert services.sign_in(user.test_email, PASSWORD) is not None
    assert client.get("/api/v1/me", headers=_bearer(token)).status_code == 401  # tokens stay revoked
    assert [e.object_id for e in actions("user.deactivated")] == [str(user.id)]
    assert len(actions("user.reactivated")) == 1


def test_role_changes_and_password_resets_from_the_cli_are_audited(runner, make_user):
    user, _ = make_user("admin")
    assert runner.invoke(args=["users", "role", user.test_email, "auditor"]).exit_code == 0
    db.session.expire_all()
    assert services.get_user(user.id).role == "auditor"
    assert actions("user.role_changed")[0].details == {"from": "admin", "to": "auditor"}
    reset = runner.invoke(args=["users", "reset-password", user.test_email])
    new_password = reset.output.strip().splitlines()[-1]
    assert services.sign_in(user.test_email, PASSWORD) is None
    assert services.sign_in(user.test_email, new_password) is not None
    assert new_password not in str([e.details for e in actions("user.password_reset")])
    listed = runner.invoke(args=["users", "list"]).output
    assert user.test_email not in listed and user.test_email[:1] + "***@staff.example" in listed


def test_a_member_account_keeps_its_role_and_staff_never_become_members(runner, make_user):
    member, _ = make_user("member")
    admin, _ = make_user("admin")
    for email, role in ((member.test_email, "dpo"), (admin.test_email, "member")):
        refused = runner.invoke(args=["users", "role", email, role])
        assert refused.exit_code != 0 and "member record" in refused.output


def test_a_member_user_cannot_be_linked_to_a_candidate_record(app, make_subject):
    candidate = make_subject(kind="candidate")
    with pytest.raises(ValidationFailed) as refused:
        services.create_user(CLI_ACTOR, "new.member@example.com", "member", PASSWORD, candidate.id)
    assert "member's record" in refused.value.errors["subject_id"][0]
    member = make_subject(kind="member")
    assert services.create_user(CLI_ACTOR, "new.member@example.com", "member", PASSWORD, member.id)


# --- users from the page ----------------------------------------------------------------------
def test_the_users_page_lists_masked_emails_and_acts_on_other_accounts(web_as, make_user):
    client = web_as("dpo")
    other, _ = make_user("admin")
    page = client.get("/users").get_data(as_text=True)
    assert other.test_email not in page and other.test_email[:1] + "***@staff.example" in page
    assert client.post(f"/users/{other.id}/deactivate").status_code == 302
    assert "deactivated" in client.get("/users").get_data(as_text=True)
    assert client.post(f"/users/{other.id}/reactivate").status_code == 302
    assert client.post(f"/users/{other.id}/role", data={"role": "auditor"}).status_code == 302
    reset = client.post(f"/users/{other.id}/reset-password").get_data(as_text=True)
    new_password = reset.split('id="new-password">')[1].split("<")[0]
    db.session.expire_all()  # the page's app changed the row this session holds
    assert services.sign_in(other.test_email, new_password) is not None
    db.session.expire_all()
    assert services.get_user(other.id).role == "auditor"
    assert [len(actions(a)) for a in ("user.deactivated", "user.reactivated", "user.role_changed",
                                      "user.password_reset")] == [1, 1, 1, 1]
    assert new_password not in client.get("/users").get_data(as_text=True)


def test_nobody_deactivates_or_demotes_themselves_from_the_page(web_as):
    client = web_as("dpo")
    own = client.user.id
    client.post(f"/users/{own}/deactivate")
    client.post(f"/users/{own}/role", data={"role": "auditor"})
    db.session.expire_all()
    me = services.get_user(own)
    assert me.active and me.role == "dpo"
    assert client.get("/overview").status_code == 200


def test_only_staff_reach_the_account_actions(web_as, make_user):
    other, _ = make_user("admin")
    assert web_as("auditor").post(f"/users/{other.id}/deactivate").status_code == 403
