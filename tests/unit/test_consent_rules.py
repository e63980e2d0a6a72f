"""The processing verdict (pure): lawful basis, restriction, objection, consent state, Art 8."""

from datetime import UTC, date, datetime

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
NONE = frozenset()
POOL = PurposeFacts("talent_pool", "Talent pool", "a", True, False, False, "not_applicable",
                    "subject_consent")
ALERTS = PurposeFacts("job_alerts", "Job alerts", "a", True, False, True, "absolute", "subject_consent")
MATCHING = PurposeFacts("candidate_matching", "Candidate matching", "f", False, False, False, "balancing")
ACCOUNTING = PurposeFacts("accounting", "Accounting", "c", False, False, False, restriction="legal_claims")
MEMBERS = PurposeFacts("member_administration", "Member administration", "b", False, False, False)
CV = PurposeFacts("cv_sharing", "CV sharing", "a", True, True, False, restriction="subject_consent")
ADULT = SubjectFacts("active", NONE, 30, 16)
GRANTED = ConsentFacts("grant", date(2027, 1, 1), False, datetime(2026, 1, 10, 9, tzinfo=UTC))
RESTRICTED = SubjectFacts("restricted", NONE, 30, 16,
                          restricted_since=datetime(2026, 3, 1, 12, tzinfo=UTC))


@pytest.mark.parametrize(("purpose", "subject", "consent", "reason"), [
    (POOL, ADULT, None, "no_consent"),
    (POOL, ADULT, ConsentFacts("withdraw", date(2027, 1, 1), False), "withdrawn"),
    (POOL, ADULT, ConsentFacts("expire", date(2026, 5, 1), False), "expired"),
    (POOL, ADULT, ConsentFacts("grant", date(2026, 5, 31), False), "expired"),
    (POOL, RESTRICTED, GRANTED, "restricted"),  # the consent predates the restriction
    (POOL, SubjectFacts("erased", NONE, None, 16), GRANTED, "erased"),
    (MATCHING, SubjectFacts("active", frozenset({"candidate_matching"}), 30, 16), None, "objected"),
    (ALERTS, SubjectFacts("active", frozenset({"job_alerts"}), 30, 16), GRANTED, "objected"),
    (MEMBERS, RESTRICTED, None, "restricted"),  # a contract is no Art 18(2) exception
    (PurposeFacts("register", "Register", "c", False, False, False), RESTRICTED, None,
     "restricted"),  # nor is a legal obligation, unless the purpose declares an exception
    (MATCHING, RESTRICTED, None, "restricted"),
    (POOL, SubjectFacts("active", NONE, 15, 16), GRANTED, "under_age_without_parental_consent"),
    (POOL, SubjectFacts("active", NONE, 15, None), GRANTED, "under_age_without_parental_consent"),
])
def test_refusals(purpose, subject, consent, reason):
    verdict = decide(purpose, subject, consent, ON, scope_given=False)
    assert not verdict.allowed and verdict.reason == reason and verdict.message


@pytest.mark.parametrize(("purpose", "subject", "consent"), [
    (POOL, ADULT, GRANTED),
    (POOL, ADULT, ConsentFacts("grant", ON, False)),  # valid through its last day
    (POOL, SubjectFacts("active", NONE, 15, 16), ConsentFacts("renew", date(2027, 1, 1), True)),
    (POOL, SubjectFacts("active", NONE, 13, 13), GRANTED),
    (ACCOUNTING, RESTRICTED, None),  # Art 18(2) legal claims
    (POOL, RESTRICTED, ConsentFacts("renew", date(2027, 1, 1), False,
                                    datetime(2026, 3, 1, 12, 5, tzinfo=UTC))),  # given since
    (MATCHING, ADULT, None),
    (MATCHING, SubjectFacts("active", frozenset({"job_alerts"}), 30, 16), None),  # objected elsewhere
])
def test_allowed(purpose, subject, consent):
    verdict = decide(purpose, subject, consent, ON, scope_given=False)
    assert verdict.allowed and verdict.reason is None


def test_an_exception_that_lets_processing_go_on_while_restricted_is_named():
    verdict = decide(ACCOUNTING, RESTRICTED, None, ON, scope_given=False)
    assert "legal claims" in verdict.message and "Art 18(2)" in verdict.message


def test_a_purpose_is_refused_with_the_reason_of_the_purpose_it_requires():
    withdrawn = decide(POOL, ADULT, ConsentFacts("withdraw", None, False), ON, scope_given=False)
    verdict = decide(MATCHING, ADULT, None, ON, scope_given=False, required=[withdrawn])
    assert not verdict.allowed and verdict.reason == "required_purpose_refused"
    assert "talent_pool" in verdict.message and "withdrawn" in verdict.message
    allowed = decide(POOL, ADULT, GRANTED, ON, scope_given=False)
    assert decide(MATCHING, ADULT, None, ON, scope_given=False, required=[allowed]).allowed


def test_restriction_and_objection_come_before_what_a_purpose_requires():
    withdrawn = decide(POOL, ADULT, ConsentFacts("withdraw", None, False), ON, scope_given=False)
    objected = SubjectFacts("active", frozenset({"candidate_matching"}), 30, 16)
    assert decide(MATCHING, objected, None, ON, False, required=[withdrawn]).reason == "objected"


def test_unknown_state_age_uses_the_gdpr_default_and_says_so():
    verdict = decide(POOL, SubjectFacts("active", NONE, 15, None), GRANTED, ON, False)
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
