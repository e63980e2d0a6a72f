"""The processing verdict (pure): lawful basis, restriction, objection, consent state, Art 8."""

from datetime import date

import pytest

from compliance.consent.rules import (
    ConsentFacts,
    PurposeFacts,
    SubjectFacts,
    age_on,
    decide,
    normalise_scope,
)

ON = date(2026, 6, 1)
POOL = PurposeFacts("talent_pool", "Talent pool", "a", True, False, False)
ALERTS = PurposeFacts("job_alerts", "Job alerts", "a", True, False, True)
MATCHING = PurposeFacts("candidate_matching", "Candidate matching", "f", False, False, False)
ACCOUNTING = PurposeFacts("accounting", "Accounting", "c", False, False, False)
CV = PurposeFacts("cv_sharing", "CV sharing", "a", True, True, False)
ADULT = SubjectFacts("active", False, 30, 16)
GRANTED = ConsentFacts("grant", date(2027, 1, 1), False)


@pytest.mark.parametrize(("purpose", "subject", "consent", "reason"), [
    (POOL, ADULT, None, "no_consent"),
    (POOL, ADULT, ConsentFacts("withdraw", date(2027, 1, 1), False), "withdrawn"),
    (POOL, ADULT, ConsentFacts("expire", date(2026, 5, 1), False), "expired"),
    (POOL, ADULT, ConsentFacts("grant", date(2026, 5, 31), False), "expired"),
    (POOL, SubjectFacts("restricted", False, 30, 16), GRANTED, "restricted"),
    (POOL, SubjectFacts("erased", False, None, 16), GRANTED, "erased"),
    (MATCHING, SubjectFacts("active", True, 30, 16), None, "objected"),
    (ALERTS, SubjectFacts("active", True, 30, 16), GRANTED, "objected"),  # Art 21(3) direct marketing
    (POOL, SubjectFacts("active", False, 15, 16), GRANTED, "under_age_without_parental_consent"),
    (POOL, SubjectFacts("active", False, 15, None), GRANTED, "under_age_without_parental_consent"),
])
def test_refusals(purpose, subject, consent, reason):
    verdict = decide(purpose, subject, consent, ON, scope_given=False)
    assert not verdict.allowed and verdict.reason == reason and verdict.message


@pytest.mark.parametrize(("purpose", "subject", "consent"), [
    (POOL, ADULT, GRANTED),
    (POOL, ADULT, ConsentFacts("grant", ON, False)),  # valid through its last day
    (POOL, SubjectFacts("active", False, 15, 16), ConsentFacts("renew", date(2027, 1, 1), True)),
    (POOL, SubjectFacts("active", False, 13, 13), GRANTED),
    (ACCOUNTING, SubjectFacts("restricted", False, 30, 16), None),  # storage and legal duties go on
    (MATCHING, ADULT, None),
])
def test_allowed(purpose, subject, consent):
    verdict = decide(purpose, subject, consent, ON, scope_given=False)
    assert verdict.allowed and verdict.reason is None


def test_unknown_state_age_uses_the_gdpr_default_and_says_so():
    verdict = decide(POOL, SubjectFacts("active", False, 15, None), GRANTED, ON, False)
    assert "GDPR default 16" in verdict.message


def test_client_scoped_purpose_needs_a_client():
    assert decide(CV, ADULT, GRANTED, ON, scope_given=False).reason == "scope_required"
    assert decide(CV, ADULT, GRANTED, ON, scope_given=True).allowed


@pytest.mark.parametrize(("raw", "normal"), [
    ("  Acme   GmbH ", "acme gmbh"), ("ＡＣＭＥ", "acme"), ("Straße AG", "strasse ag"),
    ("", None), (None, None)])
def test_normalise_scope(raw, normal):
    assert normalise_scope(raw) == normal


@pytest.mark.parametrize(("birth", "age"), [
    (date(2010, 6, 1), 16), (date(2010, 6, 2), 15), (date(2008, 2, 29), 18)])
def test_age_on(birth, age):
    assert age_on(birth, ON) == age
