"""Refused sign-ins, lockouts and token revocations are audited: the account and the reason,
never the email or password typed, never the client's address."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from compliance.audit.models import AuditEvent
from compliance.audit.services import CLI_ACTOR
from compliance.auth import services
from compliance.extensions import db
from tests.conftest import PASSWORD


def events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return db.session.execute(select(AuditEvent).where(AuditEvent.action == action)
                              .order_by(AuditEvent.id)).scalars().all()


def test_refused_sign_ins_name_the_account_and_reason_never_what_was_typed(app, make_user):
    user, _ = make_user("dpo")
    assert services.sign_in(user.test_email, "wrong password typed here") is None
    assert services.sign_in("nobody-typed-this@example.com", PASSWORD) is None
    user.active = False
    db.session.commit()
    assert services.sign_in(user.test_email, PASSWORD) is None
    failed = events("user.login_failed")
    assert [(e.actor, e.object_id, e.details) for e in failed] == [
        ("public", str(user.id), {"reason": "wrong_password", "via": "web"}),
        ("public", None, {"reason": "unknown_account", "via": "web"}),
        ("public", str(user.id), {"reason": "inactive", "via": "web"}),
    ]
    written = str([(e.object_id, e.details) for e in failed])
    for typed in ("wrong password typed here", "nobody-typed-this", user.test_email, PASSWORD):
        assert typed not in written


def test_a_successful_sign_in_is_audited_as_such(app, make_user):
    user, _ = make_user("auditor")
    assert services.sign_in(user.test_email, PASSWORD) == user
    assert [e.object_id for e in events("user.login")] == [str(user.id)]
    assert events("user.login_failed") == []


def test_a_lockout_is_audited_once_per_client_and_window_without_the_address(app):
    until = datetime.now(UTC) + timedelta(seconds=60)
    for _ in range(3):
        services.record_lockout("203.0.113.9", "10 per 1 minute", until)
    services.record_lockout("198.51.100.4", "10 per 1 minute", until)
    locked = events("user.login_locked_out")
    assert len(locked) == 2
    assert locked[0].details == {"limit": "10 per 1 minute", "until": until.isoformat()}
    assert "203.0.113" not in str([e.details for e in locked])


def test_revoked_tokens_stop_working_and_each_revocation_is_audited(app, make_user, client, runner):
    user, token = make_user("dpo")
    second = services.create_token(CLI_ACTOR, user)
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/subjects", headers=bearer).status_code == 200
    result = runner.invoke(args=["tokens", "revoke", user.test_email])
    assert result.exit_code == 0 and "revoked 2 tokens" in result.output
    assert client.get("/api/v1/subjects", headers=bearer).status_code == 401
    assert client.get("/api/v1/subjects", headers={"Authorization": f"Bearer {second}"}).status_code == 401
    revoked = events("token.revoked")
    assert {e.object_id for e in revoked} == {str(user.id)} and len(revoked) == 2
    created = {e.details["token_id"] for e in events("token.created")}
    assert {e.details["token_id"] for e in revoked} == created
    assert services.revoke_tokens(CLI_ACTOR, user) == 0


def test_the_sign_in_page_audits_refusals_and_the_lockout_of_a_client(app_factory, make_user):
    user, _ = make_user("dpo")
    web = app_factory(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = web.test_client()
    answers = [client.post("/login", data={"email": user.test_email, "password": f"guess {n}"}).status_code
               for n in range(5)]
    assert answers == [400, 400, 400, 429, 429]
    assert [e.details["reason"] for e in events("user.login_failed")] == ["wrong_password"] * 3
    [locked] = events("user.login_locked_out")
    assert locked.details["limit"] == "3 per 1 minute" and locked.actor == "public"
    assert "guess" not in str([e.details for e in events("user.login_failed")])
