"""The one erasure (compliance/subjects/erasure.py): what is personal comes from the models, every
personal column of every table goes, a legal hold always wins, and a keep-list keeps."""

from datetime import date, timedelta

import pytest
from sqlalchemy import Column, ForeignKey, LargeBinary, MetaData, Table, Uuid, func, or_, select

from compliance.audit.services import CLI_ACTOR
from compliance.consent.services import export_subject_consents, record_consent
from compliance.extensions import db
from compliance.keystore.services import has_key
from compliance.placements.authorisation_services import record_authorisation
from compliance.requests.services import submit_request
from compliance.retention.services import place_hold, release_hold
from compliance.subjects.erasure import (
    OWN_KEY_TABLES,
    ErasureImpossible,
    describe,
    erase_subjects,
    personal_tables,
)
from compliance.subjects.models import Subject
from compliance.subjects.rules import ErasureAction, SubjectStatus
from compliance.transaction import unit_of_work


@pytest.fixture
def candidate(make_subject):
    """A candidate with personal data in every table a candidate can have it in."""
    subject = make_subject(name="Ottilie Erasmus", date_of_birth=date(1991, 2, 3))
    record_consent(CLI_ACTOR, subject.id, {"purpose": "cv_sharing", "action": "grant",
                                           "scope": "Acme GmbH", "channel": "api",
                                           "evidence": {"form_id": "f7"}})
    submit_request(CLI_ACTOR, {"type": "access", "subject_id": subject.id, "details": "All of it"})
    hold = place_hold(CLI_ACTOR, subject.id, {"reason": "Old claim", "until": None})
    release_hold(CLI_ACTOR, hold.id)
    return subject.id


@pytest.fixture
def member(make_subject):
    subject = make_subject(kind="member", membership_start=date(2020, 1, 1))
    record_authorisation(CLI_ACTOR, subject.id, {"country": "DE", "kind": "licence", "number": "HRB 4711"})
    return subject.id


def personal_values(subject_ids) -> dict[str, int]:
    """Per table: how many rows of these subjects still hold any personal column."""
    found = {}
    for personal in personal_tables():
        filled = or_(*(personal.table.c[name].isnot(None) for name in personal.columns))
        found[personal.name] = db.session.scalar(select(func.count()).select_from(personal.table).where(
            personal.owner.in_(subject_ids), filled))
    return found


def test_every_encrypted_column_is_found_from_the_models(app):
    found = {p.name: p for p in personal_tables()}
    assert {"subjects", "consent_events", "subject_requests", "request_packages", "legal_holds",
            "member_authorisations"} <= set(found)
    assert found["member_authorisations"].owner.name == "member_id"
    assert set(found["subjects"].columns) == {"name_ciphertext", "email_ciphertext",
                                              "phone_ciphertext", "date_of_birth_ciphertext",
                                              "email_index", "name_index"}
    encrypted = {t.name for t in db.metadata.sorted_tables if not t.info.get("bind_key")
                 and any(c.name.endswith("_ciphertext") for c in t.c)}
    assert encrypted == set(found) | OWN_KEY_TABLES


def test_a_model_erasure_could_not_clear_is_refused_loudly():
    metadata = MetaData()
    Table("subjects", metadata, Column("id", Uuid, primary_key=True))
    fixed = Table("fixed", metadata, Column("subject_id", Uuid),
                  Column("note_ciphertext", LargeBinary, nullable=False))
    ownerless = Table("ownerless", metadata, Column("a", Uuid, ForeignKey("subjects.id")),
                      Column("b", Uuid, ForeignKey("subjects.id")),
                      Column("note_ciphertext", LargeBinary))
    for table in (fixed, ownerless):
        with pytest.raises(ErasureImpossible, match=table.name):
            describe(table)
    plain = Table("plain", metadata, Column("subject_id", Uuid))
    assert describe(plain) is None


def test_erasure_clears_every_personal_column_everywhere_and_shreds_the_keys(candidate, member,
                                                                              make_subject):
    bystander = make_subject().id
    before = personal_values([candidate, member])
    assert all(before[name] >= 1 for name in ("subjects", "consent_events", "subject_requests",
                                              "legal_holds", "member_authorisations")), before
    with unit_of_work():
        result = erase_subjects([candidate, member], reference="TEST-1")
    assert {sid for sid, _ in result.erased} == {candidate, member} and result.keys_shredded == 2
    assert set(personal_values([candidate, member]).values()) == {0}
    assert personal_values([bystander])["subjects"] == 1 and has_key(bystander)
    for subject_id in (candidate, member):
        tombstone = db.session.get(Subject, subject_id)
        assert tombstone.status == SubjectStatus.ERASED and tombstone.erasure_reference == "TEST-1"
        assert tombstone.erased_at is not None and not has_key(subject_id)
    assert db.session.get(Subject, member).membership_start is None  # erase keeps a tombstone only


def test_a_subject_under_a_hold_is_never_erased(candidate, make_subject):
    held = make_subject().id
    place_hold(CLI_ACTOR, held, {"reason": "Pending court case", "until": date.today() + timedelta(days=9)})
    with unit_of_work():
        result = erase_subjects([held, candidate], reference="TEST-2")
    assert [sid for sid, _ in result.erased] == [candidate]
    assert db.session.get(Subject, held).status == SubjectStatus.ACTIVE and has_key(held)
    assert personal_values([held])["subjects"] == 1 and personal_values([held])["legal_holds"] == 1
    with unit_of_work():  # a hold that ended protects no more
        later = erase_subjects([held], reference="TEST-3", on=date.today() + timedelta(days=10))
    assert [sid for sid, _ in later.erased] == [held]


def test_erasing_twice_does_nothing_the_second_time(candidate):
    with unit_of_work():
        erase_subjects([candidate], reference="TEST-4")
    with unit_of_work():
        again = erase_subjects([candidate], reference="TEST-5")
    assert again.erased == () and again.keys_shredded == 0
    assert db.session.get(Subject, candidate).erasure_reference == "TEST-4"


def test_a_keep_list_keeps_those_tables_readable_and_the_key(candidate):
    with unit_of_work():
        result = erase_subjects([candidate], reference="TEST-6", keep={"consent_events"})
    assert result.kept == ("consent_events",) and "consent_events" not in result.tables
    assert result.keys_shredded == 0 and has_key(candidate)
    left = personal_values([candidate])
    assert left["consent_events"] == 1 and left["subjects"] == 0 and left["subject_requests"] == 0
    assert export_subject_consents(candidate)[0]["evidence"] == {"form_id": "f7"}
    assert db.session.get(Subject, candidate).status == SubjectStatus.ACTIVE  # no tombstone
    with pytest.raises(ValueError, match="placements"):
        erase_subjects([candidate], reference="TEST-7", keep={"placements"})


def test_a_batch_by_query_and_anonymise_keeps_the_statistical_facts(member, make_subject):
    other = make_subject(kind="member", membership_start=date(2021, 5, 1), country="DE").id
    with unit_of_work():
        result = erase_subjects(select(Subject.id).where(Subject.kind == "member"),
                                reference="retention:member_records", action=ErasureAction.ANONYMISE)
    assert {sid for sid, _ in result.erased} == {member, other}
    assert dict(result.erased)[other] == "DE"
    anonymised = db.session.get(Subject, other)
    assert anonymised.membership_start == date(2021, 5, 1) and anonymised.name_ciphertext is None
