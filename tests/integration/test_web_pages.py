"""Every staff page renders for the DPO and is refused to members; auditors read, never write."""

import pytest

from tests.integration.web_support import web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


STAFF_PAGES = ["/overview", "/subjects", "/audit", "/users", "/member-states"]
READER_PAGES = ["/overview", "/audit", "/member-states"]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_the_dpo_sees_every_page(web_as, url):
    assert web_as("dpo").get(url).status_code == 200


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_members_are_refused_staff_pages(web_as, url):
    assert web_as("member").get(url).status_code == 403


@pytest.mark.parametrize("url", READER_PAGES)
def test_auditors_read_registers(web_as, url):
    assert web_as("auditor").get(url).status_code == 200


@pytest.mark.parametrize("url", ["/subjects", "/users"])
def test_auditors_do_not_open_personal_data_or_accounts(web_as, url):
    assert web_as("auditor").get(url).status_code == 403


def test_the_navigation_follows_the_role(web_as):
    dpo = web_as("dpo").get("/overview").get_data(as_text=True)
    auditor = web_as("auditor").get("/overview").get_data(as_text=True)
    assert 'href="/users"' in dpo and 'href="/subjects"' in dpo
    assert 'href="/users"' not in auditor and 'href="/audit"' in auditor
    assert 'aria-current="page"' in dpo


def test_email_search_is_a_post_and_the_read_is_audited(web_as, make_subject):
    person = make_subject(email="maria.tamm@example.com")
    client = web_as("dpo")
    response = client.post("/subjects", data={"query": " Maria.Tamm@example.com "})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and person.name in page
    assert "this search was logged in the audit trail" in page
    audit = client.get("/audit", query_string={"action": "subject.read"}).get_data(as_text=True)
    assert person.reference in audit and "Via: email lookup" in audit


def test_the_subject_page_says_the_view_was_logged(web_as, make_subject):
    person = make_subject()
    page = web_as("dpo").get(f"/subjects/{person.id}").get_data(as_text=True)
    assert person.email in page
    assert "Viewing this record was logged in the audit trail" in page
    assert person.name not in page.split("</title>")[0]


def test_verifying_the_trail_reports_it_intact(web_as):
    page = web_as("auditor").post("/audit/verify").get_data(as_text=True)
    assert "The trail is intact" in page


def test_the_dpo_creates_a_user_and_field_errors_show(web_as):
    client = web_as("dpo")
    bad = client.post("/users", data={"email": "x", "role": "member", "password": "short"})
    assert bad.status_code == 200 and "A member user must be linked" in bad.get_data(as_text=True)
    good = client.post("/users", data={"email": "new.auditor@staff.example", "role": "auditor",
                                       "password": "a long enough password"})
    assert good.status_code == 302
    again = client.post("/users", data={"email": "new.auditor@staff.example", "role": "auditor",
                                        "password": "a long enough password"})
    assert "already exists" in again.get_data(as_text=True)


def test_member_states_lists_the_eea(web_as):
    page = web_as("auditor").get("/member-states").get_data(as_text=True)
    assert "EE · Estonia" in page and "NO · Norway" in page
    assert "<code>P6M</code> from the rejection" in page and "unknown (schedule default)" in page
