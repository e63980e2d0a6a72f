"""Web security: headers, cookies, CSRF, login rate limit, session timeout, no personal data in
URLs or titles, nothing inline for the Content-Security-Policy to refuse."""

import re
import time
from datetime import timedelta

import pytest

from tests.integration.web_support import PASSWORD, sign_in, web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


def test_pages_carry_a_strict_csp_and_the_usual_headers(web_as):
    response = web_as("dpo").get("/overview")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["/login", "/overview", "/subjects", "/requests", "/audit", "/users"])
def test_no_inline_script_or_style_anywhere(web_as, url):
    page = web_as("dpo").get(url).get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert "style=" not in page and "<style" not in page and "onclick" not in page


def test_the_session_cookie_is_secure_httponly_and_samesite(client, make_user):
    user, _ = make_user("dpo")
    response = client.post("/login", data={"email": user.test_email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_forms_without_the_csrf_token_are_refused(app_factory, make_user):
    user, _ = make_user("dpo")
    client = app_factory(WTF_CSRF_ENABLED=True).test_client()
    refused = client.post("/login", data={"email": user.test_email, "password": PASSWORD})
    assert refused.status_code == 400
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    ok = client.post("/login", data={"email": user.test_email, "password": PASSWORD, "csrf_token": token})
    assert ok.status_code == 302
    assert client.post("/audit/verify").status_code == 400
    assert client.post("/logout").status_code == 400


def test_sign_in_is_rate_limited(app_factory, make_user):
    user, _ = make_user("dpo")
    client = app_factory(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute").test_client()
    codes = [client.post("/login", data={"email": user.test_email, "password": "wrong password!"}).status_code
             for _ in range(4)]
    assert codes == [400, 400, 400, 429]


def test_an_idle_session_expires(app_factory, make_user):
    user, _ = make_user("dpo")
    client = app_factory(PERMANENT_SESSION_LIFETIME=timedelta(seconds=1)).test_client()
    sign_in(client, user)
    assert client.get("/overview").status_code == 200
    time.sleep(2.1)
    response = client.get("/overview")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_page_tells_the_browser_the_session_lifetime(web_as):
    assert 'data-session-seconds="1800"' in web_as("dpo").get("/overview").get_data(as_text=True)


def test_sign_out_is_a_post_that_ends_the_session(web_as):
    client = web_as("dpo")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/overview").status_code == 302


def test_no_personal_data_in_urls_or_titles(web_as, make_subject):
    person = make_subject(name="Katariina Saar", email="katariina.saar@example.com")
    client = web_as("dpo")
    search = client.post("/subjects", data={"query": person.email})
    page = search.get_data(as_text=True)
    hrefs = re.findall(r'(?:href|action)="([^"]+)"', page)
    assert person.name in page
    assert not [h for h in hrefs if "katariina" in h.lower() or "example.com" in h]
    detail = client.get(f"/subjects/{person.id}").get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", detail, re.S).group(1)
    assert "Katariina" not in title and "Saar" not in title


def test_unknown_pages_and_errors_use_the_html_error_page(web_as):
    response = web_as("dpo").get("/subjects/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404 and "Not found" in response.get_data(as_text=True)
