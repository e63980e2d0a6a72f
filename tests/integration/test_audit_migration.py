"""The trail written before sealing-after-commit migrates sealed as it is, and grows from there."""

from datetime import UTC, datetime, timedelta

from flask_migrate import upgrade
from sqlalchemy import select, text

from compliance import create_app
from compliance.audit.models import AuditEvent
from compliance.audit.rules import GENESIS_HASH, EventContent, chain_hash
from compliance.audit.services import CLI_ACTOR, record_event, seal_pending
from compliance.audit.verification import verify_trail
from compliance.extensions import db
from tests.integration.test_migrations import fresh_databases  # noqa: F401 - a fixture

BEFORE = "ae39e63d2922"  # the revision before: sequence primary key, chained inside the writer's lock


def old_trail(count: int) -> list[dict]:
    rows, prev, start = [], GENESIS_HASH, datetime(2030, 1, 1, tzinfo=UTC)
    for n in range(1, count + 1):
        content = EventContent(n, start + timedelta(minutes=n), "cli", "subject.read", "subject", f"s{n}",
                               {"via": "api"})
        digest = chain_hash(prev, content)
        rows.append({"sequence": n, "occurred_at": content.occurred_at, "actor": "cli",
                     "action": "subject.read", "object_type": "subject", "object_id": f"s{n}",
                     "details": '{"via": "api"}', "prev_hash": prev, "hash": digest})
        prev = digest
    return rows


def test_the_old_chain_stays_sealed_and_new_events_extend_it(fresh_databases,  # noqa: F811
                                                             base_config, tmp_path):
    app = create_app({**base_config, **fresh_databases, "KEYRING_PATH": str(tmp_path / "k.json"),
                      "AUDIT_CHECKPOINT_PATH": str(tmp_path / "checkpoints.jsonl")})
    with app.app_context():
        upgrade(revision=BEFORE)
        rows = old_trail(3)
        with db.engine.begin() as conn:
            columns = ", ".join(rows[0])
            values = ", ".join(f":{name}" for name in rows[0])
            for row in rows:
                conn.execute(text(f"INSERT INTO audit_events ({columns}) VALUES ({values})"), row)
            conn.execute(text("INSERT INTO audit_head (id, sequence, hash) VALUES (1, 3, :h)"),
                         {"h": rows[-1]["hash"]})
        upgrade()
        verdict = verify_trail()
        assert verdict.intact and (verdict.checked, verdict.head) == (3, (3, rows[-1]["hash"]))
        record_event(CLI_ACTOR, "after.migration")
        db.session.commit()
        assert seal_pending().sealed == 1
        newest = db.session.execute(select(AuditEvent).where(AuditEvent.action == "after.migration"))
        newest = newest.scalar_one()
        assert (newest.id, newest.sequence, newest.prev_hash) == (4, 4, rows[-1]["hash"])
        assert verify_trail().intact
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
