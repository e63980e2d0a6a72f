"""Signed checkpoints: issued into an append-only file outside the database, idempotent, never
signing a rewritten trail; served to auditors; proven by ``audit verify`` (CLI and API)."""

import base64
import json
import stat
from pathlib import Path

import openpyxl
import pytest

from compliance.audit.checkpoints import Checkpoint, public_key_of
from compliance.audit.services import (
    TrailTampered,
    checkpoint_due,
    checkpoint_log,
    issue_checkpoint,
    seal_pending,
    signing_key,
)
from compliance.extensions import db
from tests.audit_tampering import rechain, set_event


def test_a_checkpoint_signs_the_sealed_head_into_an_owner_only_file(app, make_subject):
    make_subject()
    make_subject()
    issued = issue_checkpoint("cli")
    assert (issued.sequence, issued.reason) == (2, "cli")
    path = Path(app.config["AUDIT_CHECKPOINT_PATH"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [json.loads(line) for line in path.read_text().splitlines()] == [issued.to_dict()]
    assert issued.verifies_with(public_key_of(signing_key()))
    altered = Checkpoint(issued.sequence + 1, issued.hash, issued.issued_at, issued.reason, issued.key_id,
                         issued.signature)
    assert not altered.verifies_with(public_key_of(signing_key()))


def test_issuing_is_idempotent_and_appends_only_when_the_head_moved(app, make_subject):
    assert issue_checkpoint() is None  # nothing sealed yet
    make_subject()
    first = issue_checkpoint()
    assert issue_checkpoint() == first
    make_subject()
    second = issue_checkpoint()
    assert second.sequence == 2
    assert checkpoint_log().read_all() == [first, second]
    assert checkpoint_log().newest(5) == [second, first]


def test_no_checkpoint_is_signed_over_a_trail_rewritten_since_the_last_one(app, make_subject, raw_sql):
    make_subject()
    issue_checkpoint()
    raw_sql("UPDATE audit_events SET hash = :h WHERE sequence = 1", h="f" * 64)
    raw_sql("UPDATE audit_head SET hash = :h", h="f" * 64)
    make_subject()
    seal_pending()
    db.session.expire_all()
    with pytest.raises(TrailTampered, match="no longer has the hash signed"):
        issue_checkpoint()
    assert len(checkpoint_log().read_all()) == 1


def test_a_checkpoint_is_due_once_the_interval_passed_and_new_events_are_sealed(app, make_subject):
    make_subject()
    seal_pending()
    assert checkpoint_due(300)
    issue_checkpoint()
    assert not checkpoint_due(0)  # nothing new
    make_subject()
    seal_pending()
    assert checkpoint_due(0) and not checkpoint_due(300)


def test_auditors_fetch_the_checkpoints_and_the_key_that_verifies_them(app, api_as, make_subject):
    make_subject()
    issue_checkpoint()
    make_subject()
    newest = issue_checkpoint()
    body = api_as("auditor").get("/api/v1/audit-events/checkpoints?limit=1").json
    assert [item["sequence"] for item in body["items"]] == [newest.sequence]
    assert body["public_key"] == base64.b64encode(public_key_of(signing_key())).decode()
    assert Checkpoint.from_dict(body["items"][0]).verifies_with(base64.b64decode(body["public_key"]))
    assert api_as("member").get("/api/v1/audit-events/checkpoints").status_code == 403
    assert api_as("auditor").get("/api/v1/audit-events/checkpoints?limit=0").status_code == 422


def test_the_api_proves_handed_in_checkpoints_and_refuses_malformed_ones(app, api_as, make_subject):
    auditor = api_as("auditor")
    kept = issue_checkpoint()
    checkpoint_log().path.unlink()  # the server's copy is gone; the auditor's is not
    with db.engine.begin() as conn:
        set_event(conn, 1, actor="user:else")
        rechain(conn)
    db.session.expire_all()
    assert auditor.get("/api/v1/audit-events/verify").json["intact"] is True  # nothing to compare with
    url = "/api/v1/audit-events/verify"
    verdict = auditor.post(url, json={"checkpoints": [kept.to_json()]}).json
    assert (verdict["intact"], verdict["checkpoints_checked"]) == (False, 1)
    assert [(p["code"], p["sequence"]) for p in verdict["problems"]] == [("rewritten", kept.sequence)]
    printed = auditor.post(url, json={"checkpoints": [f"Audit checkpoint: {kept.printable()}"]}).json
    assert printed["problems"] == verdict["problems"]
    zero = kept.to_json().replace(f'"sequence":{kept.sequence}', '"sequence":0')
    bad = auditor.post(url, json={"checkpoints": [kept.to_json(), "audit trail head abc", zero]})
    assert bad.status_code == 422
    assert bad.json["errors"]["checkpoints"] == [
        "item 2 holds no signed checkpoint", "item 3: not a checkpoint: sequence is not a positive integer"]
    forged = auditor.post(url, json={"checkpoints": [kept.to_json().replace(kept.hash, "0" * 64)]}).json
    assert [p["code"] for p in forged["problems"]] == ["checkpoint_forged"]


def test_cli_seal_checkpoint_and_verify_with_checkpoint_files_and_json(runner, make_subject, tmp_path,
                                                                       raw_sql):
    make_subject()
    sealed = runner.invoke(args=["audit", "seal"])
    assert sealed.exit_code == 0 and "sealed 1 events" in sealed.output
    issued = runner.invoke(args=["audit", "checkpoint"])
    assert issued.exit_code == 0
    kept = tmp_path / "kept.jsonl"
    kept.write_text(issued.output)
    ok = runner.invoke(args=["audit", "verify", "--checkpoint", str(kept), "--checkpoint", issued.output])
    assert ok.exit_code == 0 and "intact" in ok.output and "3 checkpoints contained" in ok.output
    raw_sql("DELETE FROM audit_events")
    raw_sql("DELETE FROM audit_head")
    db.session.expire_all()
    wiped = runner.invoke(args=["audit", "verify", "--checkpoint", str(kept)])
    assert wiped.exit_code == 1 and "[wiped]" in wiped.output and "the trail was wiped" in wiped.output
    nonsense = runner.invoke(args=["audit", "verify", "--checkpoint", "{\"format\": \"other\"}"])
    assert nonsense.exit_code == 2 and "not a checkpoint" in nonsense.output


def test_verify_takes_the_checkpoint_printed_on_an_exported_workbook(runner, make_subject, tmp_path):
    make_subject()
    printed = issue_checkpoint("export").printable()
    workbook = openpyxl.Workbook()
    workbook.active.title = "About"
    workbook.active.append(["Audit checkpoint", printed])
    workbook.save(tmp_path / "ropa.xlsx")
    checkpoint_log().path.unlink()
    ok = runner.invoke(args=["audit", "verify", "--checkpoint", str(tmp_path / "ropa.xlsx")])
    assert ok.exit_code == 0 and "1 checkpoints contained" in ok.output
    workbook.active["B1"] = "audit trail head only"
    workbook.save(tmp_path / "old.xlsx")
    refused = runner.invoke(args=["audit", "verify", "--checkpoint", str(tmp_path / "old.xlsx")])
    assert refused.exit_code == 2 and "names no signed checkpoint" in refused.output
