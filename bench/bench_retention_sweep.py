"""Benchmark: a retention sweep versus one bare set-based UPDATE of the same rows, same run.

    .venv/bin/python bench/bench_retention_sweep.py [--quick] [--subjects 1000000] [--database-url URL]

Seeds a throw-away database (SQLite in a temporary folder by default) with N candidate subjects
(placeholder ciphertexts, one data key each), 10% of them inactive for longer than the
candidate_profile period, then measures:
  baseline  one bare UPDATE that nulls the personal columns and marks the due rows erased,
            in a transaction that is rolled back (so the sweep finds the same rows);
  sweep     compliance.retention.sweep.run_sweep(): per-batch key shredding on the key store,
            tombstones, one erasure log row per subject and an audit event per batch.
Prints both wall times, their ratio (target: sweep <= 3x baseline) and the peak RSS growth
sampled after every batch (target: flat, i.e. independent of N).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from compliance import create_app  # noqa: E402
from compliance.audit.services import Actor  # noqa: E402
from compliance.extensions import db  # noqa: E402
from compliance.keystore.models import DataKey  # noqa: E402
from compliance.policy_context import current_policies  # noqa: E402
from compliance.retention import sweep  # noqa: E402
from compliance.subjects.models import Subject  # noqa: E402

AS_OF = date(2030, 6, 1)
OLD = datetime(2027, 1, 1, tzinfo=UTC)
RECENT = datetime(2030, 3, 1, tzinfo=UTC)
CHUNK = 20_000


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def seed(count: int) -> int:
    blob, due = b"\0" * 60, 0
    for start in range(0, count, CHUNK):
        subjects, keys = [], []
        for n in range(start, min(start + CHUNK, count)):
            sid, old = uuid.uuid4(), n % 10 == 0
            due += old
            subjects.append({"id": sid, "kind": "candidate", "country": "EE" if n % 3 else "DE",
                             "status": "active", "created_at": OLD, "version": 1,
                             "last_activity_at": OLD if old else RECENT, "name_ciphertext": blob,
                             "email_ciphertext": blob, "phone_ciphertext": blob,
                             "email_index": os.urandom(32)})
            keys.append({"key_id": sid, "master_version": 1, "wrapped": blob, "created_at": OLD})
        db.session.execute(insert(Subject), subjects)
        db.session.execute(insert(DataKey), keys)
        db.session.commit()
    return due


def baseline() -> tuple[float, int]:
    cutoff = datetime(2028, 6, 2, tzinfo=UTC)
    started = time.perf_counter()
    result = db.session.execute(text(
        "UPDATE subjects SET name_ciphertext = NULL, email_ciphertext = NULL, phone_ciphertext = NULL,"
        " date_of_birth_ciphertext = NULL, email_index = NULL, status = 'erased', erased_at = :now"
        " WHERE kind = 'candidate' AND status = 'active' AND last_activity_at < :cutoff"),
        {"now": datetime.now(UTC), "cutoff": cutoff})
    elapsed = time.perf_counter() - started
    db.session.rollback()
    return elapsed, result.rowcount


def run(args) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-sweep-"))
    os.environ["COMPLIANCE_INSTANCE_PATH"] = str(folder)
    url = args.database_url or f"sqlite:///{folder / 'main.sqlite'}"
    keys = args.database_url or f"sqlite:///{folder / 'keys.sqlite'}"
    app = create_app({"DATABASE_URL": url, "KEYSTORE_URL": keys, "KEYRING_PATH": str(folder / "k.json")})
    with app.app_context():
        db.drop_all()
        db.create_all()
        t0 = time.perf_counter()
        due = seed(args.subjects)
        print(f"seeded {args.subjects:,} subjects ({due:,} due) in {time.perf_counter() - t0:.1f}s")
        base, rows = baseline()
        start_rss, peak = rss_mb(), [0.0]

        def sample(_n: int) -> None:
            peak[0] = max(peak[0], rss_mb() - start_rss)

        t0 = time.perf_counter()
        report = sweep.run_sweep(Actor("system:bench"), current_policies(), AS_OF,
                                 batch_size=args.batch_size, progress=sample)
        elapsed = time.perf_counter() - t0
        acted = sum(report.acted.values())
        assert acted == rows == due, (acted, rows, due)
        print(f"baseline bare UPDATE: {base:.2f}s for {rows:,} rows")
        print(f"sweep:                {elapsed:.2f}s for {acted:,} rows (batch {args.batch_size})")
        print(f"ratio: {elapsed / base:.2f}x (target <= 3x)")
        print(f"peak RSS growth during the sweep: {peak[0]:.1f} MiB")
        if args.database_url:
            db.drop_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 subjects")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.quick:
        args.subjects = 20_000
    run(args)


if __name__ == "__main__":
    main()
