"""The request clock under this installation's configuration: the controller's time zone and
member state (Reg 1182/71 counting, the state's public holidays). The rules are in rules.py."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app

from compliance.config import current_controller
from compliance.requests.rules import compute_due_date, compute_extended_due_date, receipt_date


def clock_settings() -> dict:
    """Time zone and country that govern the legal clock, from configuration."""
    return {"tz": current_app.config["TIMEZONE"], "country": current_controller().country}


def due_date_for(received_at: datetime, paused_days: int = 0) -> date:
    return compute_due_date(received_at, paused_days=paused_days, **clock_settings())


def extended_due_date_for(received_at: datetime, paused_days: int = 0) -> date:
    return compute_extended_due_date(received_at, paused_days=paused_days, **clock_settings())


def receipt_year(received_at: datetime) -> int:
    """The year of receipt in the controller's calendar (it numbers the reference)."""
    return receipt_date(received_at, current_app.config["TIMEZONE"]).year
