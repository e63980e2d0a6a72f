"""Signing in, hardened: where it leads, which proxy headers are believed, HSTS over TLS, sessions
that end at sign-out and password change everywhere, passwords that cannot be guessed."""

import pytest
from sqlalchemy import select

from compliance.audit.models import AuditEvent
from compliance.audit.services import CLI_ACTOR
from compliance.auth.services import create_user, set_password
from compliance.errors import ValidationFailed
from compliance.extensions import db
from tests.integration.web_support import PASSWORD


def _sign_in(client, user, query: str = ""):
    return client.post(f"/login{query}", data={"email": user.test_email, "password": PASSWORD})


@pytest.mark.parametrize("query", ["?next=/%09/evil.example", "?next=//evil.example",
                                   "?next=%5C%5Cevil.example", "?next=/%5Cevil.example",
                                   "?next=https://evil.example/", "?next=/%0A/evil.example"])
def test_sign_in_never_leads_off_the_site(app_factory, make_user, query):
    user, _ = make_user("dpo")
    response = _sign_in(app_factory().test_client(), user, query)
    assert response.status_code == 302 and response.location == "/"


def test_sign_in_goes_on_to_a_page_of_this_site(app_factory, make_user):
    user, _ = make_user("dpo")
    response = _sign_in(app_factory().test_client(), user, "?next=/requests%3Fstatus%3Dreceived")
    assert response.location == "/requests?status=received"


FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


def test_proxy_headers_are_ignored_by_default(app_factory):
    response = app_factory().test_client().get("/login", headers=FORWARDED)
    assert "Strict-Transport-Security" not in response.headers


def test_behind_a_trusted_tls_proxy_hsts_is_sent_and_limits_count_the_real_client(app_factory, make_user):
    user, _ = make_user("dpo")
    app = app_factory(TRUSTED_PROXIES=1, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    assert client.get("/login", headers=FORWARDED).headers["Strict-Transport-Security"]
    wrong = {"email": user.test_email, "password": "not the password at all"}
    first_client = [client.post("/login", data=wrong, headers=FORWARDED).status_code for _ in range(3)]
    other_client = client.post("/login", data=wrong,
                               headers={**FORWARDED, "X-Forwarded-For": "198.51.100.9"}).status_code
    assert first_client == [400, 400, 429] and other_client == 400


def _signed_in_client(app_factory, user):
    client = app_factory().test_client()
    assert _sign_in(client, user).status_code == 302
    assert client.get("/overview").status_code == 200
    return client


def test_a_session_cookie_copied_before_sign_out_no_longer_works(app_factory, make_user):
    user, _ = make_user("dpo")
    client = _signed_in_client(app_factory, user)
    stolen = client.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    thief = app_factory().test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/overview")
    assert response.status_code == 302 and "/login" in response.location


def test_signing_out_ends_the_other_sessions_of_the_account(app_factory, make_user):
    user, _ = make_user("dpo")
    laptop, phone = _signed_in_client(app_factory, user), _signed_in_client(app_factory, user)
    laptop.post("/logout")
    assert phone.get("/overview").status_code == 302


def test_a_password_change_ends_every_session(app_factory, make_user):
    user, _ = make_user("dpo")
    client = _signed_in_client(app_factory, user)
    set_password(CLI_ACTOR, user.id, "a brand new long passphrase for Tiit")
    assert client.get("/overview").status_code == 302
    events = [e.action for e in db.session.execute(select(AuditEvent)).scalars()]
    assert "user.password_changed" in events


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "password1234", "qwertyuiop12", "skillseek2026",
                                      "tiit.tamm2026!"])
def test_common_and_guessable_passwords_are_refused_with_a_clear_message(app, password):
    with pytest.raises(ValidationFailed) as refused:
        create_user(CLI_ACTOR, "tiit.tamm@staff.example", "dpo", password)
    (message,) = refused.value.errors["password"]
    assert "too easy to guess" in message and password not in message


def test_a_long_unusual_passphrase_is_accepted(app):
    assert create_user(CLI_ACTOR, "tiit.tamm@staff.example", "dpo", "lilac tundra weaves copper")
