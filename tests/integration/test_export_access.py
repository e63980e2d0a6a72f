"""Who may take exports, how (API and CLI), and what the audit trail keeps of each."""

from __future__ import annotations

import openpyxl
import pytest

from compliance.audit.models import AuditEvent
from compliance.extensions import db
from exports import LAYOUTS
from exports.verify import verify_workbook


@pytest.mark.parametrize(("role", "status"), [("dpo", 200), ("admin", 200), ("auditor", 200),
                                              ("member", 403)])
def test_readers_receive_exports_members_do_not(api_as, role, status):
    response = api_as(role).get("/api/v1/exports/ropa.xlsx")
    assert response.status_code == status
    response.close()


def test_without_a_token_401(client):
    assert client.get("/api/v1/exports/ropa.xlsx").status_code == 401


def test_download_is_an_attachment_named_after_the_workbook_and_the_day(api_as):
    response = api_as("auditor").get("/api/v1/exports/breach-register.xlsx")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=breach-register-20")
    assert disposition.endswith(".xlsx")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response.close()


def test_unknown_workbook_is_404_with_the_list_of_names(api_as):
    response = api_as("dpo").get("/api/v1/exports/payroll.xlsx")
    assert response.status_code == 404
    assert response.json["errors"]["name"] == list(LAYOUTS)
    assert "ropa" in response.json["message"]


def test_filters_a_workbook_does_not_take_are_422(api_as):
    response = api_as("dpo").get("/api/v1/exports/breach-register.xlsx", query_string={"purpose": "x"})
    assert response.status_code == 422 and "purpose" in response.json["errors"]
    reversed_period = api_as("dpo").get("/api/v1/exports/breach-register.xlsx",
                                        query_string={"from": "2026-02-01", "to": "2026-01-01"})
    assert reversed_period.status_code == 422


def test_listing_names_every_workbook_and_its_filters(api_as):
    items = api_as("auditor").get("/api/v1/exports").json["items"]
    assert [item["name"] for item in items] == list(LAYOUTS)
    consent = next(item for item in items if item["name"] == "consent-register")
    assert consent["filters"] == ["from", "purpose", "subject_id", "to"]


def test_each_export_is_audited_with_who_what_scope_and_hashes(api_as):
    api = api_as("auditor")
    api.get("/api/v1/exports/breach-register.xlsx", query_string={"from": "2026-01-01"}).close()
    event = db.session.query(AuditEvent).filter_by(action="export.generated").one()
    assert event.actor == f"user:{api.user.id}" and event.object_id == "breach-register"
    assert event.details["scope"]["period"].startswith("2026-01-01 to")
    assert set(event.details["data_hashes"]) == {"Breaches"}
    assert event.details["rows"] == {"Breaches": 0}


def test_cli_exports_with_progress_and_is_audited(runner, tmp_path):
    target = tmp_path / "ropa.xlsx"
    result = runner.invoke(args=["export", "ropa", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "ICO RoPA:" in result.output and "sha256" in result.output
    assert verify_workbook(target, LAYOUTS["ropa"]) == []
    openpyxl.load_workbook(target).close()
    event = db.session.query(AuditEvent).filter_by(action="export.generated").one()
    assert event.actor == "cli"


def test_cli_refuses_unknown_names_listing_the_known_ones(runner, tmp_path):
    result = runner.invoke(args=["export", "payroll", "--output", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert "consent-register" in result.output


def test_cli_period_and_wrong_filter(runner, tmp_path):
    ok = runner.invoke(args=["export", "breach-register", "-o", str(tmp_path / "b.xlsx"),
                             "--from", "2026-01-01", "--to", "2026-12-31"])
    assert ok.exit_code == 0, ok.output
    wrong = runner.invoke(args=["export", "ropa", "-o", str(tmp_path / "r.xlsx"), "--purpose", "x"])
    assert wrong.exit_code == 2 and "purpose" in wrong.output


def test_counts_for_the_progress_bar_match_the_rows_written(app, tmp_path):
    from compliance.audit.services import CLI_ACTOR
    from compliance.breaches.services import report_breach
    from compliance.reports.filters import ExportFilters
    from compliance.reports.services import count_rows, export_workbook
    from compliance.timeutil import utcnow

    report_breach(CLI_ACTOR, {"aware_at": utcnow(), "nature": "Lost laptop"})
    for name in ("breach-register", "retention", "consent-register", "dsr-register"):
        summary = export_workbook(CLI_ACTOR, name, tmp_path / f"{name}.xlsx", ExportFilters())
        assert count_rows(name, ExportFilters()) == sum(summary.row_counts.values())
    assert count_rows("ropa", ExportFilters()) is None
