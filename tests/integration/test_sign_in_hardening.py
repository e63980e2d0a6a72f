"""Signing in, hardened: where it leads, which proxy headers are believed, HSTS over TLS."""

import pytest

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
