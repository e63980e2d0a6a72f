"""The DPO's overview: what needs attention today, and two monthly charts."""

from __future__ import annotations

import time
from datetime import date

from flask import Blueprint, current_app, render_template, url_for

from compliance.assessments.queries import assessment_flags
from compliance.audit.queries import audit_head
from compliance.breaches.queries import running_breach_clocks
from compliance.consent.queries import consents_expiring, consents_per_month
from compliance.consent.rules import ConsentAction
from compliance.months import month_keys, month_starts
from compliance.requests.queries import request_counts, requests_per_month
from compliance.retention.queries import active_holds
from compliance.timeutil import controller_today, utcnow
from compliance.web.access import READER_ROLES, page_roles
from compliance.web.charts import Chart, Series, bar_chart
from compliance.web.portfolio_cache import portfolio_summary, retention_due_today

bp = Blueprint("overview", __name__, url_prefix="/overview", template_folder="templates")


@bp.get("")
@page_roles(*READER_ROLES)
def show():
    today = controller_today()
    return render_template(
        "overview/index.html", today=today, requests=request_counts(today),
        consents_expiring=consents_expiring(today), holds=active_holds(today),
        breaches=running_breach_clocks(utcnow()),
        audit_head=audit_head(), placements=_placements_summary(),
        retention_due=_retention_due(today),
        request_chart=request_chart(today), consent_chart=consent_chart(today), links=_links(),
        assessment_flags=assessment_flags(),
    )


#: Card -> (endpoint, query args) of the page that lists what the card counts.
CARD_LINKS = {
    "queue": ("dsr.queue", {}), "due_soon": ("dsr.queue", {"flag": "due_soon"}),
    "overdue": ("dsr.queue", {"flag": "overdue"}), "extended": ("dsr.queue", {"flag": "extended"}),
    "consents": ("consents_web.expiring", {}), "retention": ("retention_web.index", {"days": 0}),
    "placements": ("placements_web.index", {"coverage": "uncovered"}),
    "assessments": ("assessments_web.index", {}),
}


def _links() -> dict[str, str | None]:
    """URLs for the cards whose pages exist (pages land with their features)."""
    views = current_app.view_functions
    links = {name: url_for(endpoint, **args) if endpoint in views else None
             for name, (endpoint, args) in CARD_LINKS.items()}
    links["breach"] = url_for("breaches_web.detail", breach_id="x")[:-1] \
        if "breaches_web.detail" in views else None
    return links


def _month_labels(today: date) -> tuple[list[str], list[str]]:
    starts = month_starts(today)
    return month_keys(starts), [d.strftime("%b %y") for d in starts]


def _cached(name: str, today: date, compute):
    """Monthly history changes slowly: charts are recomputed at most every few minutes
    (WEB_CHART_CACHE_SECONDS, default 600), so the overview never rescans history per view."""
    store = current_app.extensions.setdefault("compliance.web.chart_cache", {})
    ttl = current_app.config["WEB_CHART_CACHE_SECONDS"]
    hit, now = store.get((name, today)), time.monotonic()
    if hit is not None and now - hit[0] < ttl:
        return hit[1]
    value = compute(today)
    store[(name, today)] = (now, value)
    return value


def request_chart(today: date) -> Chart:
    keys, labels = _month_labels(today)
    data = _cached("requests", today, requests_per_month)
    received = tuple(data.get(k, (0, 0, 0))[0] for k in keys)
    share = tuple(_share(*data[k][1:]) if k in data else None for k in keys)
    return bar_chart("Requests received per month and share answered on time", labels,
                     [Series("Received", received)], line=Series("Answered on time", share))


def _share(closed: int, on_time: int) -> float | None:
    return round(100 * on_time / closed, 1) if closed else None


def consent_chart(today: date) -> Chart:
    keys, labels = _month_labels(today)
    data = _cached("consents", today, consents_per_month)
    granted = tuple(data.get(k, {}).get(ConsentAction.GRANT, 0) for k in keys)
    withdrawn = tuple(data.get(k, {}).get(ConsentAction.WITHDRAW, 0) for k in keys)
    return bar_chart("Consents granted and withdrawn per month", labels,
                     [Series("Granted", granted), Series("Withdrawn", withdrawn)])


def _placements_summary() -> dict:
    """Coverage counts, cached (judging every placement on each view would be too costly)."""
    summary, computed_at = portfolio_summary()
    return {**summary, "computed_at": computed_at}


def _retention_due(today: date) -> int:
    """Subjects a sweep would act on today (the retention preview, cached like the portfolio)."""
    return retention_due_today()[0]
