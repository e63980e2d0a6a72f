"""Browser tests: the real app served by werkzeug on 127.0.0.1:<free port> in a thread (SQLite,
or PostgreSQL with COMPLIANCE_TEST_DATABASE_URL), driven by the system's headless Chromium.

Chromium comes from the distribution (`apt-get install chromium`; `.ci/run` installs it); no
browser is ever downloaded. Without /usr/bin/chromium these tests skip with that hint.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from compliance import create_app
from compliance.extensions import db
from tests.conftest import _empty_all_tables, dispose_engines
from tests.e2e.seed import PASSWORD, seed_demo

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def live_app(base_config, _schema):
    app = create_app({**base_config, "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True,
                      "LOGIN_RATE_LIMIT": "200 per minute", "PROPAGATE_UNEXPECTED": False})
    with app.app_context():
        _empty_all_tables()
        app.config["E2E_SEEDED"] = seed_demo()
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        _empty_all_tables()
        dispose_engines()


@pytest.fixture(scope="session")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture(scope="session")
def seeded(live_app):
    return live_app.config["E2E_SEEDED"]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Browser tests need the system Chromium at /usr/bin/chromium: "
                    "sudo apt-get install chromium (the CI script .ci/run installs it).")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 1366, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    page.close()
    context.close()


@pytest.fixture
def sign_in(page, seeded):
    def login(role: str):
        page.goto("/login")
        page.get_by_label("Email").fill(seeded.logins[role])
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("networkidle")
        return page

    return login


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def shoot(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shoot
