"""Seeding throughput: the service's seeding against the same encryption bulk-inserted into the
real schema, measured in one run.

Both sides start from a fresh database with the real schema (every table and index of the
models), the same plaintext people (generated before the baseline's clock starts), the same
batches of 5,000 and a commit per batch on each of the two databases (main and key store):

  baseline  per subject a new 256-bit data key wrapped by AES-256-GCM, four fields encrypted with
            AES-256-GCM (name, email, phone, date of birth) and an HMAC-SHA256 blind index, written
            with sqlite3 ``executemany`` straight into ``subjects`` and ``data_keys``;
  service   ``compliance.subjects.seed.seed_subjects`` (what `compliance seed` runs after start-up):
            generation, the service's key ring and field cipher, its bulk insert.

Target: the service reaches at least 0.7x of the baseline's throughput (issue 14). Median of
--repeats interleaved runs; scratch databases deleted. Writes bench/results/seed.json.

    .venv/bin/python bench/bench_seed.py            # 100,000 subjects
    .venv/bin/python bench/bench_seed.py --quick    # 10,000 subjects
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import shutil
import sqlite3
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

from bench.harness import REPEATS, median, medians, scratch, write_result  # noqa: E402
from compliance import create_app  # noqa: E402
from compliance.extensions import db  # noqa: E402
from compliance.subjects.seed import seed_subjects, synthetic_subjects  # noqa: E402

TARGET = 0.7
BATCH = 5000
SEED = 7
SUBJECT_COLUMNS = ("id", "kind", "country", "source", "status", "created_at", "last_activity_at",
                   "version", "membership_start", "membership_end", "name_ciphertext",
                   "email_ciphertext", "phone_ciphertext", "date_of_birth_ciphertext", "email_index")


def fresh_app(folder: Path):
    """An app on a new pair of SQLite databases with the real schema."""
    folder.mkdir()
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'main.sqlite'}",
                      "KEYSTORE_URL": f"sqlite:///{folder / 'keys.sqlite'}",
                      "KEYRING_PATH": str(folder / "keyring.json"),
                      "AUDIT_BACKGROUND_SEALING": False})
    with app.app_context():
        db.create_all()
        db.session.commit()
        db.engine.dispose()
    return app


def _when(value) -> str | None:
    return None if value is None else value.replace(tzinfo=None).isoformat(" ", "microseconds")


def baseline(folder: Path, records: list[dict]) -> float:
    fresh_app(folder)  # the same schema; the baseline then writes with sqlite3 alone
    master, index_key = AESGCM(os.urandom(32)), os.urandom(32)
    main = sqlite3.connect(folder / "main.sqlite")
    keys = sqlite3.connect(folder / "keys.sqlite")
    subject_sql = (f"INSERT INTO subjects ({', '.join(SUBJECT_COLUMNS)}) "  # noqa: S608 - fixed names
                   f"VALUES ({', '.join('?' for _ in SUBJECT_COLUMNS)})")
    key_sql = "INSERT INTO data_keys (key_id, master_version, wrapped, created_at) VALUES (?, ?, ?, ?)"
    started = time.perf_counter()
    for start in range(0, len(records), BATCH):
        subjects, wrapped_keys = [], []
        for r in records[start:start + BATCH]:
            sid = r["id"]
            aad = sid.bytes
            data_key = os.urandom(32)
            nonce = os.urandom(12)
            wrapped = nonce + master.encrypt(nonce, data_key, aad)
            wrapped_keys.append((sid.hex, 1, wrapped, _when(r["created_at"])))
            field = AESGCM(data_key)
            dob = r["date_of_birth"].isoformat() if r["date_of_birth"] else None
            sealed = []
            for value in (r["name"], r["email"], r["phone"], dob):
                if value is None:
                    sealed.append(None)
                else:
                    nonce = os.urandom(12)
                    sealed.append(nonce + field.encrypt(nonce, value.encode(), aad))
            normalised = "".join(unicodedata.normalize("NFKC", r["email"]).casefold().split())
            index = hmac.digest(index_key, f"email:{normalised}".encode(), hashlib.sha256)
            subjects.append((sid.hex, r["kind"], r["country"], r["source"], "active",
                             _when(r["created_at"]), _when(r["last_activity_at"]), 1,
                             r.get("membership_start"), r.get("membership_end"), *sealed, index))
        keys.executemany(key_sql, wrapped_keys)
        keys.commit()
        main.executemany(subject_sql, [
            tuple(v.isoformat() if hasattr(v, "isoformat") and not isinstance(v, str) else v for v in row)
            for row in subjects])
        main.commit()
    elapsed = time.perf_counter() - started
    main.close()
    keys.close()
    return elapsed


def service(folder: Path, count: int) -> float:
    app = fresh_app(folder)
    with app.app_context():
        started = time.perf_counter()
        seed_subjects(count, SEED, batch_size=BATCH)
        elapsed = time.perf_counter() - started
        db.engine.dispose()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 subjects")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args()
    count = 10_000 if args.quick else args.subjects
    records = list(synthetic_subjects(count, SEED))
    generation = time.perf_counter()
    list(synthetic_subjects(count, SEED))
    generation = time.perf_counter() - generation
    with scratch("seed") as folder:
        def once(run, name):
            target = folder / name
            try:
                return run(target)
            finally:
                shutil.rmtree(target, ignore_errors=True)

        samples = medians({
            "baseline": lambda: once(lambda f: baseline(f, records), "baseline"),
            "service": lambda: once(lambda f: service(f, count), "service"),
        }, args.repeats)
    base, ours = median(samples["baseline"]), median(samples["service"])
    print(f"subjects {count:,}; generating the plaintext people alone takes {generation:.2f} s "
          "(inside the service's figure, outside the baseline's)")
    write_result("seed", ratio=base / ours, target=TARGET, higher_is_better=True,
                 baseline_s=base, service_s=ours, n=count, repeats=args.repeats,
                 samples=samples, generation_s=round(generation, 3))


if __name__ == "__main__":
    main()
