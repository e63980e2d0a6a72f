"""Signing in to the web pages from Flask test clients (shared by the test_web_* modules)."""

from __future__ import annotations

PASSWORD = "correct horse battery staple"  # the password tests/conftest.py gives every user


def sign_in(client, user) -> None:
    response = client.post("/login", data={"email": user.test_email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code


def web_client_factory(app, make_user):
    """Test clients signed in as a fresh user of the role: ``web_as("dpo").get("/overview")``.

    Test modules wrap it in their own ``web_as`` fixture.
    """

    def make(role: str = "dpo", subject_id=None):
        user, _ = make_user(role, subject_id)
        client = app.test_client()
        sign_in(client, user)
        client.user = user
        return client

    return make
