"""Decrypted data leaves a service one way: a frozen dataclass view, never an ORM row with
plaintext set on it (compliance/keystore/texts.py)."""

import dataclasses

import pytest

from compliance.audit.services import CLI_ACTOR
from compliance.extensions import db
from compliance.keystore.services import shred_key
from compliance.keystore.texts import open_field
from compliance.requests.models import SubjectRequest
from compliance.requests.services import read_request, submit_request
from compliance.retention.models import LegalHold
from compliance.retention.services import list_holds, place_hold
from compliance.subjects.services import read_subject


def test_subject_request_and_hold_reads_are_frozen_views(make_subject):
    subject = make_subject(name="Viktoria View")
    request = submit_request(CLI_ACTOR, {"type": "access", "subject_id": subject.id,
                                         "details": "  Everything, please  "})
    place_hold(CLI_ACTOR, subject.id, {"reason": "Pending claim", "until": None})
    views = [read_subject(CLI_ACTOR, subject.id), read_request(CLI_ACTOR, request.id),
             *list_holds(CLI_ACTOR, subject.id)]
    assert [type(v).__name__ for v in views] == ["SubjectView", "RequestView", "HoldView"]
    for view in views:
        assert dataclasses.is_dataclass(view)
        with pytest.raises(dataclasses.FrozenInstanceError):
            view.id = None
    assert (views[0].name, views[1].details, views[2].reason) == (
        "Viktoria View", "Everything, please", "Pending claim")
    assert not hasattr(LegalHold, "reason")


def test_an_encrypted_field_reads_as_none_once_the_key_is_shredded(make_subject):
    subject = make_subject()
    request = submit_request(CLI_ACTOR, {"type": "access", "subject_id": subject.id, "details": "x"})
    row = db.session.get(SubjectRequest, request.id)
    assert open_field(row, "details", owner_id=subject.id) == "x"
    shred_key(subject.id)
    db.session.commit()
    assert open_field(row, "details", owner_id=subject.id) is None
