"""Seeding throughput: `compliance seed` versus a bare baseline measured in the same run.

Baseline: the same number of fields encrypted with AES-256-GCM per subject as the seed encrypts
(name, email, phone, date of birth, and the wrapped data key: 5) and inserted with sqlite3
executemany into a file database, one commit per 5,000 rows.
Target: `compliance seed` reaches at least 0.5x the baseline's throughput.

    .venv/bin/python bench/bench_seed.py            # 100,000 subjects
    .venv/bin/python bench/bench_seed.py --quick    # 10,000 subjects
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).parent / "compliance")


def baseline(count: int, folder: Path) -> float:
    conn = sqlite3.connect(folder / "baseline.sqlite")
    conn.execute("CREATE TABLE s (id BLOB PRIMARY KEY, a BLOB, b BLOB, c BLOB, d BLOB, k BLOB)")
    aead = AESGCM(AESGCM.generate_key(bit_length=256))
    started = time.perf_counter()
    for start in range(0, count, 5000):
        rows = []
        for n in range(start, min(count, start + 5000)):
            row_id = uuid.uuid4().bytes
            rows.append((row_id, *(aead.encrypt(os.urandom(12), f"field {i} of {n}".encode(), row_id)
                                   for i in range(5))))
        conn.executemany("INSERT INTO s VALUES (?, ?, ?, ?, ?, ?)", rows)
        conn.commit()
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def compliance_seed(count: int, folder: Path) -> float:
    env = {**os.environ, "COMPLIANCE_INSTANCE_PATH": str(folder / "instance")}
    env.pop("COMPLIANCE_DATABASE_URL", None)
    env.pop("COMPLIANCE_KEYSTORE_URL", None)
    subprocess.run([CLI, "db", "upgrade"], env=env, check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run([CLI, "seed", "--subjects", str(count)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 subjects")
    args = parser.parse_args()
    count = 10_000 if args.quick else args.subjects
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare = baseline(count, folder)
        ours = compliance_seed(count, folder)
    ratio = bare / ours
    print(f"subjects:            {count:,}")
    print(f"bare baseline:       {bare:7.2f} s  ({count / bare:,.0f} subjects/s)")
    print(f"compliance seed:     {ours:7.2f} s  ({count / ours:,.0f} subjects/s, whole command)")
    print(f"throughput ratio:    {ratio:.2f}x of baseline (target >= 0.5)")


if __name__ == "__main__":
    main()
