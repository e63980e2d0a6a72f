"""The placement portfolio summary for the overview and the insurance page, computed at most
every WEB_CHART_CACHE_SECONDS (default 600) per process: judging every placement is too costly
to repeat on each view, and coverage changes with new placements, policies and claims, not by
the minute. Pages show when the summary was computed."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import current_app

from compliance.placements.assessment import portfolio
from compliance.retention.services import preview_due
from compliance.timeutil import utcnow

CACHE_KEY = "compliance.web.summary_cache"
#: Uncovered placements listed on the insurance page (the full list is on the placements page).
LISTED = 10


def cached(name: str, compute: Callable[[], Any]) -> tuple[Any, datetime]:
    """``compute()`` reused for WEB_CHART_CACHE_SECONDS; returns the value and when it was computed."""
    store = current_app.extensions.setdefault(CACHE_KEY, {})
    ttl = current_app.config["WEB_CHART_CACHE_SECONDS"]
    hit, now = store.get(name), time.monotonic()
    if hit is not None and now - hit[0] < ttl:
        return hit[1], hit[2]
    value, computed_at = compute(), utcnow()
    store[name] = (now, value, computed_at)
    return value, computed_at


def portfolio_summary() -> tuple[dict, datetime]:
    """Coverage counts, reasons, severities and the first uncovered placements (cached)."""
    return cached("portfolio", lambda: portfolio(limit=LISTED))


def retention_due_today() -> tuple[int, datetime]:
    """How many subjects a sweep would act on today (cached like the portfolio)."""
    return cached("retention_due", lambda: preview_due(0)["total"])


def forget(name: str) -> None:
    """Drop a cached value after an action that changes it (this process; others expire it)."""
    current_app.extensions.setdefault(CACHE_KEY, {}).pop(name, None)
