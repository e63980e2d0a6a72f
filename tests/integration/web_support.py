"""Signing in to the web pages from Flask test clients (shared by the test_web_* modules)."""

from __future__ import annotations

PASSWORD = "correct horse battery staple"  # the password tests/conftest.py gives every user


def sign_in(client, user) -> None:
    response = client.post("/login", data={"email": user.test_email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code


def web_client_factory(app_factory, make_user):
    """Test clients signed in as a fresh user of the role: ``web_as("dpo").get("/overview")``.

    The clients talk to a second app on the same database: the ``app`` fixture keeps an app
    context pushed, and requests to that same app would share its ``g`` (Flask-Login caches the
    signed-in user there), which no real server does. Test modules wrap this in a ``web_as`` fixture.
    """
    web_app = app_factory()

    def make(role: str = "dpo", subject_id=None):
        user, _ = make_user(role, subject_id)
        client = web_app.test_client()
        sign_in(client, user)
        client.user = user
        return client

    return make
