"""Consent pages: the register with filters, expiring consents with renewal requests, and staff
recording a withdrawal from the subject page."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from compliance.audit.services import CLI_ACTOR, list_events
from compliance.consent.models import ConsentState
from compliance.consent.services import record_consent
from compliance.extensions import db
from compliance.timeutil import controller_today
from tests.integration.web_support import web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


def grant(subject_id, purpose="talent_pool"):
    record_consent(CLI_ACTOR, subject_id, {"purpose": purpose, "action": "grant", "channel": "web_form"})


def expiring_in(subject_id, days: int) -> None:
    db.session.execute(update(ConsentState).where(ConsentState.subject_id == subject_id)
                       .values(valid_until=controller_today() + timedelta(days=days)))
    db.session.commit()


def audited(action: str, subject_id) -> list:
    return list_events({"action": action, "object_id": str(subject_id)}, 1, 10)[0]


@pytest.mark.parametrize("url", ["/consents", "/consents/expiring"])
def test_readers_see_the_consent_pages_and_members_do_not(web_as, url):
    assert web_as("dpo").get(url).status_code == 200
    assert web_as("auditor").get(url).status_code == 200
    assert web_as("member").get(url).status_code == 403


def test_the_register_filters_by_action_and_purpose(web_as, make_subject):
    kept, gone = make_subject(), make_subject()
    grant(kept.id), grant(gone.id), grant(gone.id, "job_alerts")
    record_consent(CLI_ACTOR, gone.id, {"purpose": "talent_pool", "action": "withdraw", "channel": "email"})
    client = web_as("dpo")
    withdrawn = client.get("/consents", query_string={"action": "withdraw"}).get_data(as_text=True)
    assert gone.reference in withdrawn and kept.reference not in withdrawn
    alerts = client.get("/consents", query_string={"purpose": "job_alerts"}).get_data(as_text=True)
    assert alerts.count("<tr>") == 2  # the header row and one event
    everything = client.get("/consents").get_data(as_text=True)
    assert "4 in all" in everything and kept.name not in everything


@pytest.mark.parametrize("query", [{"date_from": "2026-02-30"}, {"purpose": "not_a_purpose"},
                                   {"date_from": "2026-05-02", "date_to": "2026-05-01"}])
def test_bad_filters_show_field_errors_not_a_crash(web_as, query):
    response = web_as("dpo").get("/consents", query_string=query)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'aria-invalid="true"' in page and "field-error" in page


def test_staff_withdraw_a_consent_from_the_subject_page_and_it_is_audited(web_as, make_subject):
    person = make_subject()
    grant(person.id)
    client = web_as("dpo")
    page = client.get(f"/subjects/{person.id}").get_data(as_text=True)
    assert 'action="/consents/withdraw"' in page and "Full history with proof (1 event)" in page
    form = {"subject_id": str(person.id), "purpose": "talent_pool", "scope": "", "channel": "phone"}
    done = client.post("/consents/withdraw", data=form, follow_redirects=True).get_data(as_text=True)
    assert "The withdrawal was recorded" in done and "badge-withdrawn" in done
    assert "Full history with proof (2 events)" in done
    assert audited("consent.withdraw", person.id)[0].details["channel"] == "phone"
    again = client.post("/consents/withdraw", data=form, follow_redirects=True).get_data(as_text=True)
    assert "There is no current consent to withdraw" in again


def test_a_withdrawal_with_a_broken_form_is_refused_plainly(web_as, make_subject):
    person = make_subject()
    response = web_as("dpo").post("/consents/withdraw", data={"subject_id": str(person.id)},
                                  follow_redirects=True)
    assert response.status_code == 200 and "form was incomplete" in response.get_data(as_text=True)
    assert web_as("dpo").post("/consents/withdraw", data={"subject_id": "nope"}).status_code == 400


def test_expiring_consents_get_a_renewal_request(web_as, make_subject):
    soon, later = make_subject(), make_subject()
    grant(soon.id), grant(later.id)
    expiring_in(soon.id, 10)
    client = web_as("dpo")
    page = client.get("/consents/expiring").get_data(as_text=True)
    assert soon.reference in page and later.reference not in page and "in 10 days" in page
    form = {"subject_id": str(soon.id), "purpose": "talent_pool"}
    sent = client.post("/consents/expiring/renewal", data=form, follow_redirects=True).get_data(as_text=True)
    assert "A renewal request was e-mailed" in sent
    assert audited("consent.renewal_link_sent", soon.id)
    bulk = client.post("/consents/expiring/renewals", follow_redirects=True).get_data(as_text=True)
    assert "0 renewal requests sent" in bulk  # the open request is not sent twice


def test_renewal_of_a_consent_that_is_gone_is_a_plain_conflict(web_as, make_subject):
    person = make_subject()
    response = web_as("dpo").post("/consents/expiring/renewal", follow_redirects=True,
                                  data={"subject_id": str(person.id), "purpose": "talent_pool"})
    assert "There is no current consent" in response.get_data(as_text=True)


def test_auditors_read_without_action_buttons(web_as, make_subject):
    person = make_subject()
    grant(person.id)
    expiring_in(person.id, 5)
    client = web_as("auditor")
    page = client.get("/consents/expiring").get_data(as_text=True)
    assert person.reference in page
    assert "Send renewal request" not in page and "<form method=\"post\"" not in page.split("</header>")[1]
    assert f'href="/subjects/{person.id}"' not in client.get("/consents").get_data(as_text=True)
    assert client.post("/consents/expiring/renewals").status_code == 403
    assert client.post("/consents/withdraw", data={"subject_id": str(person.id)}).status_code == 403
