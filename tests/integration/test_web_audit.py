"""The audit page shows the sealed head, what waits to be sealed, the latest signed checkpoint,
and the verdict of verifying the trail against every checkpoint issued."""

import pytest

from compliance.audit.services import issue_checkpoint, seal_pending
from compliance.extensions import db
from tests.integration.web_support import web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


def test_the_page_shows_the_sealed_head_pending_events_and_the_latest_checkpoint(web_as, make_subject):
    auditor = web_as("auditor")
    make_subject()
    checkpoint = issue_checkpoint()
    make_subject()
    page = auditor.get("/audit").get_data(as_text=True)
    assert f"event {checkpoint.sequence}, signed {checkpoint.issued_at} (cli)" in page
    assert checkpoint.key_id in page and checkpoint.signature in page
    assert "1 event</dd>" in page and "pending" in page  # the second subject's event


def test_before_any_checkpoint_the_page_says_so(web_as):
    page = web_as("dpo").get("/audit").get_data(as_text=True)
    assert "none issued yet" in page


def test_verifying_a_rewritten_trail_names_what_the_checkpoint_proves(web_as, make_subject, raw_sql):
    auditor = web_as("auditor")
    make_subject()
    issue_checkpoint()
    raw_sql("DELETE FROM audit_events WHERE sequence = (SELECT MAX(sequence) FROM audit_events)")
    raw_sql("UPDATE audit_head SET sequence = sequence - 1, hash = (SELECT hash FROM audit_events "
            "WHERE sequence = (SELECT MAX(sequence) FROM audit_events))")
    db.session.expire_all()
    page = auditor.post("/audit/verify").get_data(as_text=True)
    assert "The trail does not verify" in page and "<code>truncated</code>" in page
    seal_pending()
