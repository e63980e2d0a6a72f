"""Staff recording a consent collected outside the portal from the subject page: one call to
record_consent, errors on the fields, staff only, CSRF enforced."""

import re

import pytest
from sqlalchemy import func, select, update

from compliance.audit.services import list_events
from compliance.consent.models import ConsentEvent
from compliance.consent.services import export_subject_consents
from compliance.extensions import db
from compliance.subjects.models import Subject
from compliance.web.consent import forms as consent_forms
from tests.integration.web_support import PASSWORD, web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


def events() -> int:
    return db.session.scalar(select(func.count()).select_from(ConsentEvent))


def form(**changes) -> dict:
    data = {"purpose": "talent_pool", "scope": "", "channel": "paper", "notice_version": "current",
            "document_ref": "PAPER-0042"}
    data.update(changes)
    return data


def test_staff_see_the_form_with_the_policy_choices(web_as, make_subject):
    person = make_subject()
    page = web_as("dpo").get(f"/subjects/{person.id}").get_data(as_text=True)
    assert f'action="/subjects/{person.id}/consents"' in page and "Record a consent" in page
    assert 'value="talent_pool"' in page and 'value="cv_sharing"' in page
    assert 'value="paper"' in page and 'value="api"' not in page
    assert 'value="talent_pool:v1"' in page and re.search(r'<optgroup label="[^"]+">', page)
    assert "placement_administration" not in re.search(r'<select[^>]*name="purpose".*?</select>',
                                                       page, re.S).group(0)


@pytest.mark.parametrize("role", ["dpo", "admin"])
def test_a_paper_consent_is_stored_shown_and_audited(web_as, make_subject, role):
    person = make_subject()
    client = web_as(role)
    response = client.post(f"/subjects/{person.id}/consents",
                           data=form(notice_version="talent_pool:v1"), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "The consent was recorded" in page
    assert "badge-granted" in page and "Full history with proof (1 event)" in page
    [proof] = export_subject_consents(person.id)
    assert proof["channel"] == "paper" and proof["notice_version"] == "v1"
    assert proof["evidence"] == {"form_id": "dashboard-entry", "document_ref": "PAPER-0042"}
    assert proof["collected_by"] == f"user:{client.user.id}"
    [event] = list_events({"action": "consent.grant", "object_id": str(person.id)}, 1, 10)[0]
    assert event.details["channel"] == "paper" and "PAPER-0042" not in str(event.details)


def test_a_client_scoped_consent_names_the_client(web_as, make_subject):
    person = make_subject()
    response = web_as("dpo").post(f"/subjects/{person.id}/consents", follow_redirects=True,
                                  data=form(purpose="cv_sharing", scope="Example Client OÜ",
                                            channel="email", document_ref="E-mail of 3 Nov"))
    assert "The consent was recorded" in response.get_data(as_text=True)
    [proof] = export_subject_consents(person.id)
    assert proof["scope"] == "Example Client OÜ"
    assert proof["evidence"] == {"form_id": "dashboard-entry", "document_ref": "E-mail of 3 Nov"}


@pytest.mark.parametrize("changes, field", [
    ({"purpose": "placement_administration"}, "purpose"),     # not a consent purpose
    ({"purpose": "cv_sharing", "scope": ""}, "scope"),         # the client is required (service)
    ({"scope": "Some Client"}, "scope"),                       # not scoped to a client (service)
    ({"channel": "carrier_pigeon"}, "channel"),
    ({"notice_version": "cv_sharing:v1"}, "notice_version"),   # another purpose's notice
    ({"notice_version": "talent_pool:v99"}, "notice_version"),  # not offered
    ({"document_ref": "x" * 101}, "document_ref"),
    ({"document_ref": ""}, "document_ref"),     # evidence is required: no one-click consent
    ({"channel": ""}, "channel"),               # nothing defaulted
    ({"notice_version": ""}, "notice_version"),
])
def test_bad_input_shows_field_errors_and_stores_nothing(web_as, make_subject, changes, field):
    person = make_subject()
    response = web_as("dpo").post(f"/subjects/{person.id}/consents", data=form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="{field}"', page)
    assert f'id="{field}-error"' in page and "Please correct the following" in page
    assert events() == 0


def test_a_notice_missing_from_the_policy_data_is_a_field_error(web_as, make_subject, monkeypatch):
    person = make_subject()
    offered = consent_forms.notice_choices()
    offered["Unpublished"] = consent_forms.choices([("talent_pool:v9", "talent_pool v9")])
    monkeypatch.setattr(consent_forms, "notice_choices", lambda: offered)
    response = web_as("dpo").post(f"/subjects/{person.id}/consents",
                                  data=form(notice_version="talent_pool:v9"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "No notice talent_pool/v9" in page
    assert events() == 0


def test_an_erased_subject_gets_a_plain_conflict_not_a_crash(web_as, make_subject):
    person = make_subject()
    db.session.execute(update(Subject).where(Subject.id == person.id).values(status="erased"))
    db.session.commit()
    response = web_as("dpo").post(f"/subjects/{person.id}/consents", data=form())
    assert response.status_code == 409 and "was erased" in response.get_data(as_text=True)
    assert events() == 0


@pytest.mark.parametrize("role", ["auditor", "member"])
def test_others_cannot_record_and_do_not_see_the_form(web_as, make_subject, role):
    person = make_subject()
    client = web_as(role)
    assert client.post(f"/subjects/{person.id}/consents", data=form()).status_code == 403
    assert "Record a consent" not in client.get(f"/subjects/{person.id}").get_data(as_text=True)
    assert events() == 0


def test_csrf_is_enforced(app_factory, make_user, make_subject):
    person = make_subject()
    user, _ = make_user("dpo")
    client = app_factory(WTF_CSRF_ENABLED=True).test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"email": user.test_email, "password": PASSWORD,
                                       "csrf_token": token}).status_code == 302
    assert client.post(f"/subjects/{person.id}/consents", data=form()).status_code == 400
    assert events() == 0
    detail = client.get(f"/subjects/{person.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', detail).group(1)
    done = client.post(f"/subjects/{person.id}/consents", data=form(csrf_token=token))
    assert done.status_code == 302 and events() == 1


def test_nothing_inline_for_the_csp(web_as, make_subject):
    page = web_as("dpo").get(f"/subjects/{make_subject().id}").get_data(as_text=True)
    assert "style=" not in page and "<style" not in page and "onclick" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
