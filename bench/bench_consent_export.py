"""Consent register export versus bare openpyxl write-only, measured in the same run.

Seeds N consent events (one SQLite file database, subjects with real per-subject keys), then
runs, each in its own subprocess so peak memory is not shared between runs:

  export    compliance.reports.services.export_workbook("consent-register"): streamed query,
            batched key fetch and name decryption, cell preparation, data hashes, About sheet,
            audit event.
  baseline  the same rows from the same builder, appended to a bare openpyxl write-only
            workbook (no preparation, no hashing, no About sheet).

Targets: export throughput >= 0.8x the baseline's; peak RSS at 1M rows no more than 50 MB above
peak RSS at 100k rows (run with --rows 100000 and --rows 1000000 and compare "peak RSS").
``--tracemalloc`` adds a run of each with tracemalloc (slower; Python heap peaks only).

    .venv/bin/python bench/bench_consent_export.py --rows 100000
    .venv/bin/python bench/bench_consent_export.py --rows 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import REPEATS, median, write_result  # noqa: E402

TARGET = 0.8
PURPOSES = ("talent_pool", "job_alerts", "cv_sharing")
BATCH = 10_000


def make_app(folder: Path):
    from compliance import create_app

    os.environ["COMPLIANCE_INSTANCE_PATH"] = str(folder)
    return create_app({"DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
                       "KEYSTORE_URL": f"sqlite:///{folder / 'keys.sqlite'}",
                       "KEYRING_PATH": str(folder / "keyring.json")})


def seed(folder: Path, rows: int, subjects: int) -> None:
    from sqlalchemy import insert

    from compliance.consent.models import ConsentEvent
    from compliance.extensions import db
    from compliance.keystore.services import create_cipher, forget_cached_keys
    from compliance.subjects.models import Subject

    with make_app(folder).app_context():
        db.create_all()
        ids = [uuid.uuid4() for _ in range(subjects)]
        for start in range(0, subjects, BATCH):
            for subject_id in ids[start:start + BATCH]:
                cipher = create_cipher(subject_id)
                db.session.add(Subject(id=subject_id, kind="candidate", country="EE",
                                       name_ciphertext=cipher.encrypt("subjects", "name", subject_id,
                                                                      f"Candidate {subject_id.hex[:6]}")))
            db.session.commit()
            forget_cached_keys()
        start_at = datetime(2025, 1, 1, tzinfo=UTC)
        for start in range(0, rows, BATCH):
            db.session.execute(insert(ConsentEvent), [{
                "id": uuid.uuid4(), "subject_id": ids[n % subjects], "purpose": PURPOSES[n % 3],
                "scope_key": "", "action": "given" if n % 7 else "withdrawn",
                "occurred_at": start_at + timedelta(seconds=n * 17), "channel": "web",
                "collected_by": "user:00000000-0000-0000-0000-000000000001",
                "notice_id": "talent_pool", "notice_version": "v1", "notice_sha256": "ab" * 32,
                "parental_consent": False, "policy_version": "2026.1+bench",
            } for n in range(start, min(rows, start + BATCH))])
            db.session.commit()


def run_export(folder: Path) -> int:
    from compliance.audit.services import CLI_ACTOR
    from compliance.reports.filters import ExportFilters
    from compliance.reports.services import export_workbook

    with make_app(folder).app_context():
        summary = export_workbook(CLI_ACTOR, "consent-register", folder / "export.xlsx", ExportFilters())
        return summary.row_counts["Consent events"]


def run_baseline(folder: Path) -> int:
    from openpyxl import Workbook

    from compliance.reports.consent_register import build_consent_register_rows
    from compliance.reports.filters import ExportFilters
    from exports.consent_register import EVENTS_SHEET

    with make_app(folder).app_context():
        workbook = Workbook(write_only=True)
        ws = workbook.create_sheet(EVENTS_SHEET.name)
        ws.append(list(EVENTS_SHEET.headers))
        count = 0
        for row in build_consent_register_rows(ExportFilters())[EVENTS_SHEET.name]:
            ws.append(row)
            count += 1
        workbook.save(folder / "baseline.xlsx")
        return count


def child(mode: str, folder: Path, trace: bool) -> None:
    """Run one measurement in this (fresh) process and print it as JSON."""
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    count = {"export": run_export, "baseline": run_baseline}[mode](folder)
    elapsed = time.perf_counter() - started
    result = {"mode": mode, "rows": count, "seconds": elapsed,
              "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if trace:
        result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    print(json.dumps(result))


def measure(mode: str, folder: Path, trace: bool = False) -> dict:
    args = [sys.executable, __file__, "--child", mode, "--folder", str(folder)]
    if trace:
        args.append("--tracemalloc")
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--subjects", type=int, help="default: rows / 20 (at least 100)")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--quick", action="store_true", help="10,000 rows")
    parser.add_argument("--child", choices=("seed", "export", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.folder, args.tracemalloc)
        return
    if args.quick:
        args.rows = 10_000
    subjects = args.subjects or max(100, args.rows // 20)
    with tempfile.TemporaryDirectory(prefix="bench-consent-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        seed(folder, args.rows, subjects)
        print(f"seeded {args.rows:,} consent events for {subjects:,} subjects "
              f"in {time.perf_counter() - started:.1f} s")
        samples = {"baseline": [], "export": []}
        for _ in range(args.repeats):  # interleaved: a change of load hits both alike
            for mode in samples:
                samples[mode].append(measure(mode, folder))
        report(samples)
        if args.tracemalloc:
            for mode in ("baseline", "export"):
                print(f"{mode}: tracemalloc peak {measure(mode, folder, True)['tracemalloc_peak_mb']:.1f} MB")


def report(samples: dict[str, list[dict]]) -> None:
    seconds = {mode: median([r["seconds"] for r in runs]) for mode, runs in samples.items()}
    rows = samples["export"][0]["rows"]
    for mode, runs in samples.items():
        print(f"{mode:8}: {rows:,} rows, median {seconds[mode]:.2f} s of {len(runs)} = "
              f"{rows / seconds[mode]:,.0f} rows/s, peak RSS {max(r['peak_rss_mb'] for r in runs):.0f} MB")
    write_result(f"consent_export_{rows}", ratio=seconds["baseline"] / seconds["export"], target=TARGET,
                 higher_is_better=True, baseline_s=seconds["baseline"], service_s=seconds["export"], n=rows,
                 repeats=len(samples["export"]),
                 peak_rss_mb={mode: max(r["peak_rss_mb"] for r in runs) for mode, runs in samples.items()})


if __name__ == "__main__":
    main()
