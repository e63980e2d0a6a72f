"""Benchmark: erasure and access-package cost for one subject with 1,000 linked records, as the
database grows.

    .venv/bin/python bench/bench_requests.py            # 10,000 and 1,000,000 subjects
    .venv/bin/python bench/bench_requests.py --quick    # 1,000 and 20,000 subjects
    .venv/bin/python bench/bench_requests.py --sizes 10000 100000 [--database-url URL]

For each size a throw-away database (SQLite in a temporary folder by default) is filled, set-based,
with N filler subjects (each with a data key in the key store) and N/10 filler requests. Then,
several times, a target subject is registered with 1,000 linked records (its own requests, with
encrypted free text) and measured end to end through the service (complete_request: fulfil,
audit, commit):
  access   the Art 15 package: decrypt, JSON + .xlsx, hash, store encrypted;
  erasure  crypto-shred: legal-hold check, retained records, null ciphertexts, delete the key.
  baseline a primary-key read of the subject, the bare floor of touching one row.
Target: the median cost at the largest size is at most 1.5x the cost at the smallest, i.e. it
grows with the subject's own records, not with the tables.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import write_result  # noqa: E402
from compliance import create_app  # noqa: E402
from compliance.audit.services import CLI_ACTOR  # noqa: E402
from compliance.extensions import db  # noqa: E402
from compliance.keystore.models import DataKey  # noqa: E402
from compliance.keystore.services import cipher_for  # noqa: E402
from compliance.requests import services  # noqa: E402
from compliance.requests.models import TABLE, SubjectRequest  # noqa: E402
from compliance.subjects.models import Subject  # noqa: E402
from compliance.subjects.rules import new_subject_reference  # noqa: E402
from compliance.subjects.services import register_subject  # noqa: E402

CHUNK = 20_000
LINKED = 1_000
REPEATS = 3


def fill(size: int) -> None:
    """N filler subjects with keys, N/10 filler requests: set-based, in chunks."""
    now, today = datetime.now(UTC), date.today()
    blob = os.urandom(60)
    filler_ids: list[uuid.UUID] = []
    for start in range(0, size, CHUNK):
        ids = [uuid.uuid4() for _ in range(min(CHUNK, size - start))]
        filler_ids.extend(ids[:: 10])
        db.session.execute(insert(Subject), [{
            "id": i, "reference": new_subject_reference(),
            "kind": "candidate", "country": "EE", "status": "active", "created_at": now,
            "last_activity_at": now, "version": 1, "name_ciphertext": blob, "email_ciphertext": blob,
            "email_index": os.urandom(32)} for i in ids])
        db.session.execute(insert(DataKey), [{"key_id": i, "master_version": 1, "wrapped": blob,
                                              "created_at": now} for i in ids])
        db.session.commit()
    for start in range(0, len(filler_ids), CHUNK):
        chunk = filler_ids[start : start + CHUNK]
        db.session.execute(insert(SubjectRequest), [_request_row(s, f"F-{start + n}", now, today)
                                                    for n, s in enumerate(chunk)])
        db.session.commit()


def _request_row(subject_id, reference: str, now: datetime, today: date, details=None) -> dict:
    return {"id": uuid.uuid4(), "reference": reference, "type": "access", "status": "completed",
            "channel": "email", "subject_id": subject_id, "received_at": now - timedelta(days=40),
            "due_date": today, "original_due_date": today, "extended": False, "created_at": now,
            "updated_at": now, "version": 1, "details_ciphertext": details}


def target_subject(tag: str) -> uuid.UUID:
    """A subject with LINKED requests of its own (encrypted free text), not timed."""
    view = register_subject(CLI_ACTOR, {"kind": "candidate", "name": "Bench Person", "country": "EE",
                                        "email": f"bench-{tag}@example.com"})
    cipher, now, today = cipher_for(view.id), datetime.now(UTC), date.today()
    rows = []
    for n in range(LINKED):
        row = _request_row(view.id, f"B-{tag}-{n}", now, today)
        row["details_ciphertext"] = cipher.encrypt(TABLE, "details", row["id"], "linked record")
        rows.append(row)
    db.session.execute(insert(SubjectRequest), rows)
    db.session.commit()
    return view.id


def timed_completion(subject_id: uuid.UUID, kind: str) -> float:
    request_id = services.submit_request(CLI_ACTOR, {"type": kind, "subject_id": subject_id}).id
    services.verify_identity(CLI_ACTOR, request_id, "id_document")
    db.session.remove()
    started = time.perf_counter()
    services.complete_request(CLI_ACTOR, request_id)
    elapsed = time.perf_counter() - started
    db.session.remove()
    return elapsed


def baseline(subject_id: uuid.UUID) -> float:
    db.session.remove()
    started = time.perf_counter()
    db.session.execute(select(Subject).where(Subject.id == subject_id)).scalar_one()
    elapsed = time.perf_counter() - started
    db.session.remove()
    return elapsed


def measure(size: int, database_url: str | None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["COMPLIANCE_INSTANCE_PATH"] = folder
        config = {"DATABASE_URL": database_url or f"sqlite:///{folder}/main.sqlite",
                  "KEYSTORE_URL": database_url or f"sqlite:///{folder}/keys.sqlite",
                  "KEYRING_PATH": f"{folder}/keyring.json"}
        app = create_app(config)
        with app.app_context():
            db.drop_all()
            db.create_all()
            started = time.perf_counter()
            fill(size)
            seeded = time.perf_counter() - started
            result = {"size": size, "seed_s": seeded, "access": [], "erasure": [], "baseline": []}
            for n in range(REPEATS):
                subject_id = target_subject(f"{n}")
                result["baseline"].append(baseline(subject_id))
                result["access"].append(timed_completion(subject_id, "access"))
                result["erasure"].append(timed_completion(subject_id, "erasure"))
            db.session.remove()
            db.drop_all()
            for engine in db.engines.values():
                engine.dispose()
        return {k: statistics.median(v) if isinstance(v, list) else v for k, v in result.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (1,000 and 20,000)")
    parser.add_argument("--sizes", type=int, nargs="+")
    parser.add_argument("--database-url", help="e.g. postgresql://postgres@127.0.0.1/bench (emptied!)")
    args = parser.parse_args()
    sizes = args.sizes or ([1_000, 20_000] if args.quick else [10_000, 1_000_000])
    results = []
    for size in sizes:
        results.append(measure(size, args.database_url))
        r = results[-1]
        print(f"{size:>10,} subjects  seed {r['seed_s']:7.1f}s  access {r['access'] * 1000:8.1f} ms"
              f"  erasure {r['erasure'] * 1000:8.1f} ms  baseline read {r['baseline'] * 1000:6.2f} ms",
              flush=True)
    small, large = results[0], results[-1]
    for name in ("access", "erasure"):
        ratio = large[name] / small[name]
        print(f"{name:8} {large['size']:,} vs {small['size']:,} subjects:")
        write_result(f"request_{name}_flat", ratio=ratio, target=1.5, higher_is_better=False,
                     baseline_s=small[name], service_s=large[name], n=REPEATS,
                     small_subjects=small["size"], large_subjects=large["size"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
