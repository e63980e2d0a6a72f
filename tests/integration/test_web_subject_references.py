"""Subjects are found and named by their display reference or exact full name, never a pasted id."""

import pytest
from sqlalchemy import select, update

from compliance.audit.models import AuditEvent
from compliance.audit.services import CLI_ACTOR
from compliance.extensions import db
from compliance.subjects.models import Subject
from compliance.subjects.services import find_subjects_by_name, register_subject
from tests.integration.web_support import web_client_factory


@pytest.fixture
def web_as(app_factory, make_user):
    return web_client_factory(app_factory, make_user)


def _reads(via: str) -> list[AuditEvent]:
    events = db.session.execute(select(AuditEvent).where(AuditEvent.action == "subject.read")).scalars()
    return [e for e in events if e.details.get("via") == via]


def test_every_subject_gets_its_own_reference(make_subject):
    references = {make_subject().reference for _ in range(20)}
    assert len(references) == 20 and all(r.startswith("SUB-") for r in references)


def test_a_full_name_finds_the_subject_whatever_the_accents_case_and_spacing(web_as, make_subject):
    person = make_subject(name="Anu Mäe-Kask")
    make_subject(name="Anu Kask")
    response = web_as("dpo").post("/subjects", data={"query": "  anu MAE kask "})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and person.reference in page and "Anu Mäe-Kask" in page
    assert "Anu Kask<" not in page
    assert [e.object_id for e in _reads("name_lookup")] == [str(person.id)]


def test_a_reference_typed_loosely_finds_the_subject_and_the_read_is_audited(web_as, make_subject):
    person = make_subject()
    typed = person.reference.lower().replace("-", " ")
    page = web_as("dpo").post("/subjects", data={"query": typed}).get_data(as_text=True)
    assert person.name in page and person.reference in page
    assert [e.object_id for e in _reads("reference_lookup")] == [str(person.id)]


def test_the_pages_show_references_not_short_ids(web_as, make_subject):
    people = [make_subject() for _ in range(3)]
    page = web_as("dpo").get("/subjects").get_data(as_text=True)
    for person in people:
        assert person.reference in page and f">{str(person.id)[:8]}<" not in page
    detail = web_as("dpo").get(f"/subjects/{people[0].id}").get_data(as_text=True)
    assert people[0].reference in detail


def test_the_picker_suggests_references_only(web_as, make_subject):
    person = make_subject(name="Katariina Saar")
    answer = web_as("dpo").get("/subjects/suggest", query_string={"q": person.reference[:7].lower()})
    assert answer.status_code == 200
    assert person.reference in [item["reference"] for item in answer.json]
    assert "Katariina" not in answer.get_data(as_text=True)
    assert web_as("dpo").get("/subjects/suggest", query_string={"q": "x"}).json == []
    # Only what starts like a reference is looked up: not a name that happens to fit the alphabet.
    assert web_as("dpo").get("/subjects/suggest", query_string={"q": person.reference[4:9]}).json == []


def test_members_cannot_ask_the_picker(web_as, make_subject):
    make_subject()
    assert web_as("member").get("/subjects/suggest", query_string={"q": "SUB-"}).status_code == 403


def test_subjects_registered_before_the_name_index_are_indexed_from_the_command_line(runner):
    person = register_subject(CLI_ACTOR, {"kind": "candidate", "name": "Jüri Tamm", "country": "EE"})
    db.session.execute(update(Subject).where(Subject.id == person.id).values(name_index=None))
    db.session.commit()
    assert find_subjects_by_name(CLI_ACTOR, "juri tamm") == []
    result = runner.invoke(args=["index-subject-names"])
    assert result.exit_code == 0, result.output
    assert "indexed the names of 1 subjects" in result.output
    assert [v.id for v in find_subjects_by_name(CLI_ACTOR, "Juri Tamm")] == [person.id]
