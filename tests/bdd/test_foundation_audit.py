"""Steps for features/foundation/audit_verification.feature: tampering as a database
administrator would do it (raw SQL, the chain recomputed with the service's own algorithm), and
the verdict of ``verify_trail``."""

import base64
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import delete

from compliance.audit.checkpoints import Checkpoint
from compliance.audit.services import CLI_ACTOR, checkpoint_log, issue_checkpoint, latest_checkpoint
from compliance.audit.verification import verify_trail
from compliance.extensions import db
from compliance.subjects.services import read_subject
from tests.audit_tampering import EVENTS, HEAD, drop_newest, insert_after, rechain, set_event, swap

scenarios("foundation/audit_verification.feature")


@given(parsers.parse('a candidate named "{name}" with email "{email}" is registered'))
def registered(context, make_subject, name, email):
    context["subject"] = make_subject(name=name, email=email)


@given(parsers.parse("the subject's record was read {times:d} times"))
def read_times(context, times):
    for _ in range(times):
        read_subject(CLI_ACTOR, context["subject"].id)


@given("the trail is sealed and a checkpoint is signed")
def sealed_and_signed():
    assert issue_checkpoint("cli") is not None


@given("the auditor kept the newest checkpoint")
def auditor_keeps(context):
    context["kept"] = [latest_checkpoint()]


# --- tampering, as someone with write access to the database ---------------------------
TAMPERING = {
    "changes the action of event 2": lambda c: set_event(c, 2, action="subject.nothing"),
    "changes the time of event 2": lambda c: set_event(c, 2, occurred_at=datetime(2020, 1, 1, tzinfo=UTC)),
    "deletes event 3": lambda c: c.execute(delete(EVENTS).where(EVENTS.c.sequence == 3)),
    "swaps events 2 and 3": lambda c: swap(c, 2, 3),
    "deletes the newest event": lambda c: drop_newest(c, 1, move_head=False),
    "deletes the 2 newest events and moves the head back": lambda c: drop_newest(c, 2, move_head=True),
    "changes the actor of event 2 and recomputes the chain": lambda c: (
        set_event(c, 2, actor="user:else"), rechain(c)),
    "deletes event 3 and recomputes the chain": lambda c: (
        c.execute(delete(EVENTS).where(EVENTS.c.sequence == 3)), rechain(c)),
    "inserts an event after event 2 and recomputes the chain": lambda c: (insert_after(c, 2), rechain(c)),
    "swaps events 2 and 3 and recomputes the chain": lambda c: (swap(c, 2, 3), rechain(c)),
    "changes event 5 and recomputes the chain": lambda c: (
        set_event(c, 5, action="subject.nothing"), rechain(c)),
    "wipes the trail": lambda c: (c.execute(delete(EVENTS)), c.execute(delete(HEAD))),
    "deletes the head record": lambda c: c.execute(delete(HEAD)),
}


@when(parsers.parse("someone with write access to the database {tampering}"))
def tamper(tampering):
    with db.engine.begin() as conn:
        TAMPERING[tampering](conn)
    db.session.expire_all()


@when("the checkpoint file on the server is deleted")
def checkpoint_file_gone():
    checkpoint_log().path.unlink()


@when("someone appends a checkpoint with a forged signature to the checkpoint file")
def forge_checkpoint():
    real = latest_checkpoint()
    signature = base64.b64encode(os.urandom(64)).decode()
    forged = Checkpoint(99, "ab" * 32, real.issued_at, "cli", real.key_id, signature)
    checkpoint_log().append(forged)


# --- verdict -------------------------------------------------------------------------------
@when("the audit trail is verified")
def verify(context):
    context["verdict"] = verify_trail()


@when("the audit trail is verified with the auditor's checkpoint")
def verify_with_kept(context):
    context["verdict"] = verify_trail(context["kept"])


@then(parsers.parse("the trail is intact with {events:d} sealed events and {checkpoints:d} checkpoints"))
def intact(context, events, checkpoints):
    verdict = context["verdict"]
    assert verdict.problems == ()
    assert (verdict.checked, verdict.checkpoints, verdict.pending) == (events, checkpoints, 0)


@then(parsers.parse('verification finds "{code}" at event {event}'))
def finds(context, code, event):
    verdict = context["verdict"]
    assert not verdict.intact
    expected = None if event == "none" else int(event)
    found = [p for p in verdict.problems if p.code == code and p.sequence == expected]
    assert found, [(p.code, p.sequence, p.message) for p in verdict.problems]
    context["problem"] = found[0]


@then(parsers.parse('its message says "{words}"'))
def message_says(context, words):
    assert words in context["problem"].message


def test_the_checkpoint_file_holds_json_lines_an_auditor_can_read(app, make_subject):
    """Negative control for the file the scenarios rely on: one signed JSON line per checkpoint."""
    make_subject()
    issue_checkpoint("cli")
    lines = Path(app.config["AUDIT_CHECKPOINT_PATH"]).read_text().splitlines()
    assert [json.loads(line)["sequence"] for line in lines] == [1]
    with pytest.raises(KeyError):
        TAMPERING["does nothing at all"]
