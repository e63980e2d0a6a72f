"""Benchmark: a retention sweep against the same UPDATE and key DELETE with their commits, one run.

    .venv/bin/python bench/bench_retention_sweep.py [--quick] [--subjects 1000000] [--repeats 5]

Seeds a template pair of SQLite databases (main and key store) once with N candidate subjects
(placeholder ciphertexts, one data key each), 10% of them inactive for longer than the
candidate_profile period. Each repeat works on a fresh copy of the template (copied outside the
clock), so both sides find the same due rows and really change them:
  baseline  select the due ids, one UPDATE that nulls the personal columns and marks them erased,
            committed; one DELETE of their data keys on the key store, committed (sqlite3 alone,
            with the same secure_delete setting the service's connections use);
  sweep     compliance.retention.sweep.run_sweep(): batches, key shredding on the key store,
            tombstones, one erasure-log row per subject, an audit event per batch, crash-safe order.
Prints the median of --repeats interleaved runs, their ratio (target: sweep <= 2x baseline) and the
peak RSS growth sampled after every batch (target: flat, i.e. independent of N). Scratch files are
deleted. Writes bench/results/retention_sweep_<N>.json.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import REPEATS, median, medians, scratch, write_result  # noqa: E402
from compliance import create_app  # noqa: E402
from compliance.audit.services import Actor  # noqa: E402
from compliance.extensions import db  # noqa: E402
from compliance.keystore.models import DataKey  # noqa: E402
from compliance.policy_context import current_policies  # noqa: E402
from compliance.retention import sweep  # noqa: E402
from compliance.subjects.models import Subject  # noqa: E402
from compliance.subjects.rules import new_subject_reference  # noqa: E402

AS_OF = date(2030, 6, 1)
OLD = datetime(2027, 1, 1, tzinfo=UTC)
RECENT = datetime(2030, 3, 1, tzinfo=UTC)
CHUNK = 20_000
TARGET = 2.0


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
            subjects.append({"id": sid, "reference": new_subject_reference(),
                             "kind": "candidate", "country": "EE" if n % 3 else "DE",
                             "status": "active", "created_at": OLD, "version": 1,
                             "last_activity_at": OLD if old else RECENT, "name_ciphertext": blob,
                             "email_ciphertext": blob, "phone_ciphertext": blob,
                             "email_index": os.urandom(32)})
            keys.append({"key_id": sid, "master_version": 1, "wrapped": blob, "created_at": OLD})
        db.session.execute(insert(Subject), subjects)
        db.session.execute(insert(DataKey), keys)
        db.session.commit()
    return due


CUTOFF = datetime(2028, 6, 2, tzinfo=UTC)  # AS_OF minus the candidate_profile period


def app_on(folder: Path, keyring: Path):
    return create_app({"DATABASE_URL": f"sqlite:///{folder / 'main.sqlite'}",
                       "KEYSTORE_URL": f"sqlite:///{folder / 'keys.sqlite'}",
                       "KEYRING_PATH": str(keyring), "AUDIT_BACKGROUND_SEALING": False})


def copy_of(template: Path, folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(template, folder)
    return folder


def baseline(folder: Path, secure_delete: int) -> tuple[float, int]:
    main = sqlite3.connect(folder / "main.sqlite")
    keys = sqlite3.connect(folder / "keys.sqlite")
    for conn in (main, keys):
        conn.execute(f"PRAGMA secure_delete = {int(secure_delete)}")
    cutoff = CUTOFF.replace(tzinfo=None).isoformat(" ", "microseconds")
    started = time.perf_counter()
    due = [row[0] for row in main.execute(
        "SELECT id FROM subjects WHERE kind = 'candidate' AND status = 'active' AND last_activity_at < ?",
        (cutoff,))]
    main.execute(
        "UPDATE subjects SET name_ciphertext = NULL, email_ciphertext = NULL, phone_ciphertext = NULL,"
        " date_of_birth_ciphertext = NULL, email_index = NULL, status = 'erased', erased_at = ?"
        " WHERE kind = 'candidate' AND status = 'active' AND last_activity_at < ?",
        (datetime.now(UTC).replace(tzinfo=None).isoformat(" "), cutoff))
    main.commit()
    keys.executemany("DELETE FROM data_keys WHERE key_id = ?", [(key_id,) for key_id in due])
    keys.commit()
    elapsed = time.perf_counter() - started
    main.close()
    keys.close()
    return elapsed, len(due)


def sweep_once(folder: Path, keyring: Path, batch_size: int, peak: list[float]) -> tuple[float, int]:
    app = app_on(folder, keyring)
    with app.app_context():
        start_rss = rss_mb()

        def sample(_n: int) -> None:
            peak[0] = max(peak[0], rss_mb() - start_rss)

        started = time.perf_counter()
        report = sweep.run_sweep(Actor("system:bench"), current_policies(), AS_OF,
                                 batch_size=batch_size, progress=sample)
        elapsed = time.perf_counter() - started
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    return elapsed, sum(report.acted.values())


def run(args) -> None:
    with scratch("sweep") as root:
        template, keyring = root / "template", root / "keyring.json"
        template.mkdir()
        app = app_on(template, keyring)
        with app.app_context():
            db.create_all()
            t0 = time.perf_counter()
            due = seed(args.subjects)
            print(f"seeded {args.subjects:,} subjects ({due:,} due) in {time.perf_counter() - t0:.1f}s")
            secure_delete = db.session.execute(text("PRAGMA secure_delete")).scalar()
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()
        counts, peak = {"baseline": set(), "sweep": set()}, [0.0]

        def base_run() -> float:
            elapsed, rows = baseline(copy_of(template, root / "run"), secure_delete)
            counts["baseline"].add(rows)
            return elapsed

        def sweep_run() -> float:
            elapsed, rows = sweep_once(copy_of(template, root / "run"), keyring, args.batch_size, peak)
            counts["sweep"].add(rows)
            return elapsed

        samples = medians({"baseline": base_run, "sweep": sweep_run}, args.repeats)
    assert counts["baseline"] == counts["sweep"] == {due}, (counts, due)
    base, ours = median(samples["baseline"]), median(samples["sweep"])
    print(f"peak RSS growth during a sweep: {peak[0]:.1f} MiB (batch {args.batch_size})")
    write_result(f"retention_sweep_{args.subjects}", ratio=ours / base, target=TARGET,
                 higher_is_better=False, baseline_s=base, service_s=ours, n=due,
                 subjects=args.subjects, repeats=args.repeats, samples=samples,
                 secure_delete=bool(secure_delete), peak_rss_growth_mib=round(peak[0], 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 subjects")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args()
    if args.quick:
        args.subjects = 20_000
    run(args)


if __name__ == "__main__":
    main()
