"""Shared Gherkin steps. Feature-specific steps live in each tests/bdd/test_<capability>.py."""

import pytest
from pytest_bdd import given, parsers


@pytest.fixture
def context() -> dict:
    """Per-scenario scratch space shared by the steps."""
    return {}


@given(parsers.parse('the controller is established in "{country}" with time zone "{zone}"'))
def controller_settings(app, country, zone):
    app.config["CONTROLLER_COUNTRY"] = country
    app.config["TIMEZONE"] = zone
