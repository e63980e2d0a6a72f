"""The dashboard's dry run: POST-redirect-GET to a page that lists who a sweep today would act on
(reference, category, rule, country, why) with a CSV download; nothing changes. A rejected
applicant is listed under the vacancy's work country that decided, with the reason when the
schedule's default stands in for the country's law."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from compliance.applications.models import Application
from compliance.audit.models import AuditEvent
from compliance.extensions import db
from compliance.subjects.models import Subject
from tests.integration.web_support import web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


@pytest.fixture
def due(make_subject):
    """An inactive candidate (candidate_profile) and a rejected applicant whose vacancy was in FR."""
    inactive = make_subject(kind="candidate", country="EE")
    rejected = make_subject(kind="candidate", country="DE")
    member = make_subject(kind="member", country="EE", membership_start=date(2020, 1, 1))
    db.session.execute(update(Subject).where(Subject.id == inactive.id)
                       .values(last_activity_at=datetime(2020, 1, 1, tzinfo=UTC)))
    on = date.today() - timedelta(days=400)
    db.session.add(Application(subject_id=rejected.id, member_id=member.id, client_country="FR",
                               work_country="FR", applied_on=on - timedelta(days=9), status="rejected",
                               outcome_on=on, rejection_stage="interview", recorded_by="cli"))
    db.session.commit()
    return inactive, rejected


def test_the_dry_run_lists_who_would_be_acted_on_and_changes_nothing(web_as, due):
    inactive, rejected = due
    client = web_as("dpo")
    posted = client.post("/retention/sweeps/dry-run")
    assert posted.status_code == 302
    page = client.get(posted.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-testid="dry-run-list"' in html
    assert inactive.reference in html and rejected.reference in html
    assert "rejection+P6M (FR, default)" in html
    assert "claim period in FR runs from the revelation, not from the rejection" in html
    assert "last_activity+P24M (*)" in html
    assert "Run the sweep on 2 subjects" in html
    db.session.expire_all()
    assert {db.session.get(Subject, s.id).status for s in due} == {"active"}


def test_the_download_has_every_row_with_category_rule_and_country_and_is_audited(web_as, due):
    inactive, rejected = due
    response = web_as("dpo").get("/retention/sweeps/dry-run.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    found = {row["subject_id"]: (row["subject_reference"], row["category"], row["rule"], row["country"])
             for row in rows}
    assert found == {
        str(inactive.id): (inactive.reference, "candidate_profile", "last_activity+P24M (*)", "EE"),
        str(rejected.id): (rejected.reference, "rejected_candidate", "rejection+P6M (FR, default)", "FR"),
    }
    event = db.session.query(AuditEvent).filter_by(action="retention.dry_run_downloaded").one()
    assert event.details["count"] == 2 and event.details["due"] == 2


@pytest.mark.parametrize("role", ["auditor", "member"])
def test_only_staff_list_or_download(web_as, due, role):
    client = web_as(role)
    assert client.get("/retention/sweeps/dry-run").status_code == 403
    assert client.get("/retention/sweeps/dry-run.csv").status_code == 403


def test_the_schedule_states_how_every_category_is_enforced(web_as):
    from compliance.policy_context import current_policies
    from compliance.retention.rules import ENFORCED, NOT_ENFORCED

    policies = current_policies()
    for category, rule in policies.retention.items():
        assert rule.enforcement, f"{category}: retention.yaml states no enforcement"
        if category in ENFORCED:
            assert rule.enforcement.startswith("swept:"), category
        elif category in NOT_ENFORCED:
            assert rule.enforcement.startswith("not swept yet:"), category
        else:
            assert rule.enforcement.startswith(("kept", "with ")), category
    page = web_as("dpo").get("/retention").get_data(as_text=True)
    assert "Enforcement: kept, on purpose: the trail holds no personal data" in page
    assert page.count('badge-ok">swept<') == len(ENFORCED)
