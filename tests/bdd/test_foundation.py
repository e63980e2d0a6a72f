"""Steps for features/foundation: encryption at rest, blind-index lookup, audit, access by role."""

import uuid

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from compliance.audit.services import CLI_ACTOR
from compliance.crypto import DecryptionError
from compliance.extensions import db
from compliance.keystore.models import DataKey
from compliance.keystore.rotation import rotate_master_key
from compliance.keystore.services import forget_cached_keys, keyring
from compliance.subjects.models import Subject
from compliance.subjects.services import decrypt_subject, find_subjects_by_email, read_subject
from tests.conftest import on_postgres
from tests.integration.raw_files import postgres_rows_containing, raw_database_bytes

scenarios("foundation/encryption_at_rest.feature", "foundation/blind_index_lookup.feature",
          "foundation/access_by_role.feature")  # audit_verification: test_foundation_audit.py


# --- encryption at rest -----------------------------------------------------------------
@given(parsers.parse('a {kind} named "{name}" with email "{email}" is registered'))
def registered(context, make_subject, kind, name, email):
    subject = make_subject(kind=kind, name=name, email=email)
    context.setdefault("subjects", {})[name.split()[0]] = subject
    context["subject"] = subject


@given(parsers.parse("{count:d} subjects are registered"))
def many_registered(context, make_subject, count):
    context["stored"] = {s.id: s.name for s in (make_subject() for _ in range(count))}


@when("the raw database files are read byte by byte")
def read_raw(context, app):
    db.session.remove()
    context["raw"] = None if on_postgres() else raw_database_bytes(app)


@then(parsers.parse('neither "{name}" nor "{email}" appears in them'))
def not_in_raw(context, name, email):
    needles = (name, email, email.lower())
    if context["raw"] is None:  # PostgreSQL: every row of every table, cast to text
        assert postgres_rows_containing(needles) == []
        return
    for needle in needles:
        for encoding in ("utf-8", "utf-16-le"):
            assert needle.encode(encoding) not in context["raw"]


@then(parsers.parse('the subject\'s record still shows "{name}" to an authorised reader'))
def still_readable(context, name):
    assert read_subject(CLI_ACTOR, context["subject"].id).name == name


@when("Anna's encrypted name is copied into Ben's record")
def copy_ciphertext(context):
    anna = db.session.get(Subject, context["subjects"]["Anna"].id)
    ben = db.session.get(Subject, context["subjects"]["Ben"].id)
    ben.name_ciphertext = anna.name_ciphertext
    db.session.commit()


@then("reading Ben's record fails instead of showing Anna's name")
def copy_fails(context):
    forget_cached_keys()
    ben = db.session.get(Subject, context["subjects"]["Ben"].id)
    with pytest.raises(DecryptionError):
        decrypt_subject(ben)


@when("the master key is rotated")
def rotate(app):
    rotate_master_key(CLI_ACTOR)
    forget_cached_keys()


@then("every data key is wrapped by the new master key version")
def all_rewrapped():
    versions = set(db.session.execute(select(DataKey.master_version)).scalars())
    assert versions == {keyring().current_version}


@then(parsers.parse("all {count:d} subjects still decrypt to what was stored"))
def all_decrypt(context, count):
    subjects = db.session.execute(select(Subject)).scalars().all()
    assert len(subjects) == count
    assert {s.id: decrypt_subject(s).name for s in subjects} == context["stored"]


# --- blind index -------------------------------------------------------------------------
@when(parsers.parse('the DPO looks up "{written}"'))
def look_up(context, written):
    context["found"] = find_subjects_by_email(CLI_ACTOR, written)


@then(parsers.parse('exactly one subject is found, named "{name}"'))
def found_one(context, name):
    assert [s.name for s in context["found"]] == [name]


@then("no subject is found")
def found_none(context):
    assert context["found"] == []


# --- access by role ----------------------------------------------------------------------
NEW = {"kind": "candidate", "name": "Role Test", "country": "FI"}


@given(parsers.parse('a user with the role "{role}"'))
def user_with_role(context, api_as, client, role):
    context["api"] = client if role == "nobody" else api_as(role)


@when(parsers.parse("they {action}"))
def act(context, action):
    api = context["api"]
    if action == "register a subject":
        context["response"] = api.post("/api/v1/subjects", json=NEW)
    elif action == "list subjects":
        context["response"] = api.get("/api/v1/subjects")


@then(parsers.parse("the answer is {status:d}"))
def answer(context, status):
    assert context["response"].status_code == status


@given("two members who each registered a candidate")
def two_members(context, api_as):
    context["first"], second = api_as("member"), api_as("member")
    context["theirs"] = second.post("/api/v1/subjects", json=NEW).json["id"]


@when("the first member asks for the second member's candidate")
def ask_theirs(context):
    context["refused"] = context["first"].get(f"/api/v1/subjects/{context['theirs']}")


@when("the first member asks for a record that does not exist")
def ask_missing(context):
    context["missing"] = context["first"].get(f"/api/v1/subjects/{uuid.uuid4()}")


@then("both answers are 403 with the same message")
def same_answer(context):
    refused, missing = context["refused"], context["missing"]
    assert refused.status_code == missing.status_code == 403
    assert refused.json == missing.json


def test_the_plaintext_detector_finds_plaintext_when_there_is_some(app, make_subject, raw_sql):
    """Negative control: the raw-storage check above can fail."""
    subject = make_subject()
    raw_sql("UPDATE subjects SET source = :s WHERE id = :i", s="Canary Plaintext",
            i=subject.id if on_postgres() else subject.id.hex)
    db.session.remove()
    if on_postgres():
        assert ("subjects", "Canary Plaintext") in postgres_rows_containing(["Canary Plaintext"])
    else:
        assert b"Canary Plaintext" in raw_database_bytes(app)
