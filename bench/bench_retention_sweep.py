"""Benchmark: a retention sweep against the same UPDATE and key DELETE with their commits, one run.

    .venv/bin/python bench/bench_retention_sweep.py [--quick] [--subjects 1000000] [--repeats 5]
                                                    [--applications]

Seeds a template pair of SQLite databases (main and key store) once with N candidate subjects
(placeholder ciphertexts, one data key each), 10% of them inactive for longer than the
candidate_profile period. With --applications, 20% of the candidates also have an application to
a vacancy in AT, DE, IE, FR or PL: half of those rejected long enough ago for every country's
claim period (due as rejected_candidate, except one in five that still has a running application),
half rejected recently (kept). Each repeat works on a fresh copy of the template (copied outside the
clock), so both sides find the same due rows and really change them:
  baseline  select the due ids (with --applications: plus the rejected applicants, in one plain
            SQL query with the same per-country cutoffs), one UPDATE that nulls the personal
            columns and marks them erased (and one clearing the applications' encrypted columns),
            committed; one DELETE of their data keys on the key store, committed (sqlite3 alone,
            with the same secure_delete setting the service's connections use);
  sweep     compliance.retention.sweep.run_sweep(): batches, key shredding on the key store,
            tombstones, one erasure-log row per subject, an audit event per batch, crash-safe order.
Prints the median of --repeats interleaved runs, their ratio (target: sweep <= 2x baseline) and the
peak RSS growth sampled after every batch (target: flat, i.e. independent of N). Scratch files are
deleted. Writes bench/results/retention_sweep_<N>.json (retention_sweep_applications_<N>.json).
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
from compliance.applications.models import Application  # noqa: E402
from compliance.audit.services import Actor  # noqa: E402
from compliance.extensions import db  # noqa: E402
from compliance.keystore.models import DataKey  # noqa: E402
from compliance.policy_context import current_policies  # noqa: E402
from compliance.retention import queries, sweep  # noqa: E402
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


WORK = ("AT", "DE", "IE", "FR", "PL")
REJECTED_LONG_AGO = date(2029, 5, 1)  # past every claim period on AS_OF (IE: 12 months)
REJECTED_LATELY = date(2030, 4, 1)  # within every claim period on AS_OF (DE: 5 months)


def application_rows(n: int, sid: uuid.UUID, member_id: uuid.UUID, blob: bytes) -> tuple[list[dict], bool]:
    """The applications of subject number ``n`` (20% have one) and whether it is due as rejected."""
    if n % 10 not in (3, 7):
        return [], False
    long_ago, running = n % 10 == 3, n % 50 == 3
    base = {"subject_id": sid, "member_id": member_id, "client_name_ciphertext": blob,
            "client_country": "AT", "vacancy_title_ciphertext": blob, "created_at": OLD,
            "recorded_by": "bench", "version": 1}
    rows = [{**base, "id": uuid.uuid4(), "work_country": WORK[n % 5], "applied_on": date(2029, 1, 1),
             "status": "rejected", "outcome_on": REJECTED_LONG_AGO if long_ago else REJECTED_LATELY,
             "rejection_stage": "interview"}]
    if running:
        rows.append({**base, "id": uuid.uuid4(), "work_country": "DE", "applied_on": date(2030, 5, 1),
                     "status": "running", "outcome_on": None, "rejection_stage": None})
    return rows, long_ago and not running


def seed(count: int, applications: bool = False) -> int:
    blob, due = b"\0" * 60, 0
    member_id = uuid.uuid4()
    if applications:
        db.session.execute(insert(Subject), [{"id": member_id, "reference": new_subject_reference(),
                                              "kind": "member", "country": "EE", "status": "active",
                                              "created_at": OLD, "version": 1, "last_activity_at": RECENT}])
    for start in range(0, count, CHUNK):
        subjects, keys, apps = [], [], []
        for n in range(start, min(start + CHUNK, count)):
            sid, old = uuid.uuid4(), n % 10 == 0
            if applications:
                rows, rejected_due = application_rows(n, sid, member_id, blob)
                apps += rows
                old = old or rejected_due
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
        if apps:
            db.session.execute(insert(Application), apps)
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


def rejection_sql(cutoffs: dict[str, date], default_cutoff: date) -> tuple[str, list]:
    """The rejected applicants due, in plain SQL: the baseline's version of the service's query."""
    whens = " ".join("WHEN ? THEN ?" for _ in cutoffs)
    params = [v for code, day in sorted(cutoffs.items()) for v in (code, day.isoformat())]
    sql = ("SELECT s.id FROM subjects s WHERE s.kind = 'candidate' AND s.status = 'active'"
           " AND s.id IN (SELECT subject_id FROM applications WHERE status = 'rejected')"
           " AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.subject_id = s.id AND"
           " (a.status IN ('running', 'placed') OR (a.status = 'rejected' AND a.outcome_on >"
           f" CASE a.work_country {whens} ELSE ? END)))")
    return sql, [*params, default_cutoff.isoformat()]


def baseline(folder: Path, secure_delete: int, rejected: tuple[str, list] | None = None) -> tuple[float, int]:
    main = sqlite3.connect(folder / "main.sqlite")
    keys = sqlite3.connect(folder / "keys.sqlite")
    for conn in (main, keys):
        conn.execute(f"PRAGMA secure_delete = {int(secure_delete)}")
    cutoff = CUTOFF.replace(tzinfo=None).isoformat(" ", "microseconds")
    started = time.perf_counter()
    due = [row[0] for row in main.execute(
        "SELECT id FROM subjects WHERE kind = 'candidate' AND status = 'active' AND last_activity_at < ?",
        (cutoff,))]
    if rejected:
        due += [row[0] for row in main.execute(*rejected)]
        due = sorted(set(due))
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    main.execute(
        "UPDATE subjects SET name_ciphertext = NULL, email_ciphertext = NULL, phone_ciphertext = NULL,"
        " date_of_birth_ciphertext = NULL, email_index = NULL, status = 'erased', erased_at = ?"
        " WHERE kind = 'candidate' AND status = 'active' AND last_activity_at < ?", (now, cutoff))
    if rejected:
        for start in range(0, len(due), 5000):
            chunk = due[start:start + 5000]
            marks = ",".join("?" * len(chunk))
            main.execute("UPDATE subjects SET name_ciphertext = NULL, email_ciphertext = NULL,"
                         " phone_ciphertext = NULL, date_of_birth_ciphertext = NULL, email_index = NULL,"
                         f" status = 'erased', erased_at = ? WHERE status = 'active' AND id IN ({marks})",
                         (now, *chunk))
            main.execute("UPDATE applications SET client_name_ciphertext = NULL,"
                         f" vacancy_title_ciphertext = NULL WHERE subject_id IN ({marks})", chunk)
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
            due = seed(args.subjects, args.applications)
            print(f"seeded {args.subjects:,} subjects ({due:,} due) in {time.perf_counter() - t0:.1f}s")
            rejected = None
            if args.applications:
                group = next(g for g in queries.due_groups(current_policies(), AS_OF)
                             if g.category == "rejected_candidate")
                rejected = rejection_sql(dict(group.cutoffs), group.last_trigger_date)
            secure_delete = db.session.execute(text("PRAGMA secure_delete")).scalar()
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()
        counts, peak = {"baseline": set(), "sweep": set()}, [0.0]

        def base_run() -> float:
            elapsed, rows = baseline(copy_of(template, root / "run"), secure_delete, rejected)
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
    name = "retention_sweep_applications" if args.applications else "retention_sweep"
    write_result(f"{name}_{args.subjects}", ratio=ours / base, target=TARGET,
                 higher_is_better=False, baseline_s=base, service_s=ours, n=due,
                 subjects=args.subjects, repeats=args.repeats, samples=samples,
                 secure_delete=bool(secure_delete), peak_rss_growth_mib=round(peak[0], 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 subjects")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--applications", action="store_true",
                        help="also 20%% of candidates with applications (rejected_candidate due)")
    args = parser.parse_args()
    if args.quick:
        args.subjects = 20_000
    run(args)


if __name__ == "__main__":
    main()
