"""Codes, periods and actors in words (compliance/vocabulary.py), for pages and workbooks alike."""

import uuid

import pytest

from compliance.vocabulary import actor, details, period, words


@pytest.mark.parametrize(("kind", "code", "label"), [
    ("request_status", "in_progress", "In progress"),
    ("request_status", "rejected", "Refused"),
    ("channel", "in_person", "In person"),
    ("coverage_reason", "outside_territory", "Outside the insured territory"),
    ("coverage_reason", "host_state_requirement", "A host-state requirement applies"),
    ("placement_type", "executive_search", "Executive search"),
    ("risk", "risk", "A risk to people"),
    ("any", "client_contact", "Client contact"),
    ("any", "never_seen_before", "Never seen before"),  # unknown codes still read as words
    ("request_type", None, "—"),
])
def test_codes_read_as_words(kind, code, label):
    assert words(kind, code) == label


def test_purposes_read_with_the_policies_names():
    assert words("purpose", "talent_pool", {"talent_pool": "Talent pool for future vacancies"}) == \
        "Talent pool for future vacancies"
    assert words("purpose", "job_alerts", {}) == "Job alerts"


def test_an_unknown_vocabulary_is_a_programming_error():
    with pytest.raises(KeyError):
        words("no_such_table", "x")


@pytest.mark.parametrize(("iso", "text"), [
    ("P24M", "2 years"), ("P18M", "1 year 6 months"), ("P7Y", "7 years"), ("P1M", "1 month"),
    ("P30D", "30 days"), ("P2W", "2 weeks"), ("P1Y1D", "1 year 1 day"), ("nonsense", "nonsense"), (None, "—"),
])
def test_iso_periods_read_as_words(iso, text):
    assert period(iso) == text


def test_actors_read_as_who_acted():
    dpo = uuid.uuid4()
    assert actor("cli") == "Command line"
    assert actor(f"user:{dpo}", {dpo: "dpo"}) == "DPO account"
    assert actor(f"user:{uuid.uuid4()}", {dpo: "dpo"}) == "A user account"
    assert actor("system:consent-expiry") == "System (consent expiry)"
    assert actor("public") == "Data subject (public form)"


def test_audit_details_read_as_text_not_python():
    text = details({"fields": ["name", "email"], "via": "email_lookup", "count": 3, "extended": True})
    assert text == "Fields: name, email · Via: email lookup · Count: 3 · Extended: yes"
    assert "[" not in text and "'" not in text
