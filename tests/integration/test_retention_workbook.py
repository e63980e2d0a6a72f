"""The retention workbook after a real sweep over a rejected applicant: the erasure log names the
category, the rule and the vacancy's work country that decided; the schedule says how each
category is enforced."""

import io
from datetime import date

import openpyxl

from compliance.applications.models import Application
from compliance.audit.services import CLI_ACTOR
from compliance.extensions import db
from compliance.policy_context import current_policies
from compliance.retention import sweep


def test_the_workbook_says_which_category_rule_and_country_applied(api_as, make_subject):
    candidate = make_subject(kind="candidate", country="DE")
    member = make_subject(kind="member", country="EE", membership_start=date(2020, 1, 1))
    db.session.add_all([
        Application(subject_id=candidate.id, member_id=member.id, client_country="AT", work_country=work,
                    applied_on=date(2025, 12, 1), status="rejected", outcome_on=on,
                    rejection_stage="screening", recorded_by="cli")
        for work, on in (("AT", date(2026, 1, 10)), ("DE", date(2025, 12, 20)))])
    db.session.commit()
    report = sweep.run_sweep(CLI_ACTOR, current_policies(), date(2026, 7, 10))
    assert report.acted == {"rejected_candidate": 1}
    response = api_as("dpo").get("/api/v1/exports/retention.xlsx")
    assert response.status_code == 200
    data = response.data
    response.close()
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    log = [dict(zip([c.value for c in workbook["Erasure log"][1]], row, strict=True))
           for row in workbook["Erasure log"].iter_rows(min_row=2, values_only=True)]
    assert [(r["Category"], r["Rule"], r["Country"], r["Subject id"]) for r in log] == [
        ("rejected_candidate", "rejection+P6M (AT)", "AT", str(candidate.id))]
    schedule = [dict(zip([c.value for c in workbook["Schedule"][1]], row, strict=True))
                for row in workbook["Schedule"].iter_rows(min_row=2, values_only=True)]
    audit = next(r for r in schedule if r["Category"] == "audit_trail")
    assert audit["Enforcement"].startswith("kept, on purpose")
    assert all(r["Enforcement"] for r in schedule)
