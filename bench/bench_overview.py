"""Benchmark: server time of the DPO overview page against a bare signed-in route, same run.

    .venv/bin/python bench/bench_overview.py [--subjects 1000000] [--requests 100000]
                                             [--quick] [--database-url URL] [--repeat 30]

Seeds a throw-away database (SQLite in a temporary folder by default; PostgreSQL with
--database-url) set-based: N subjects (coarse columns only; the overview never decrypts), M
subject requests over two years (about 3% still open, some overdue, some extended), consent events
for the chart, and a few breaches. Then, with one signed-in DPO test client, it times:
  overview  GET /overview: every card and both charts, rendered;
  bare      GET /bench/bare: the same stack (session, sign-in, security headers), no work.
Prints the median and p90 of each and the ratio (target: overview <= 10x bare), and the first
view, which computes the monthly charts (they are then cached for WEB_CHART_CACHE_SECONDS).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_login import login_required  # noqa: E402

from bench.harness import write_result  # noqa: E402
from compliance import create_app  # noqa: E402
from compliance.audit.services import CLI_ACTOR  # noqa: E402
from compliance.auth.services import create_user  # noqa: E402
from compliance.breaches.models import Breach  # noqa: E402
from compliance.bulk import insert_rows  # noqa: E402
from compliance.consent.models import ConsentEvent  # noqa: E402
from compliance.extensions import db  # noqa: E402
from compliance.requests.models import SubjectRequest  # noqa: E402
from compliance.subjects.models import Subject  # noqa: E402
from compliance.subjects.rules import new_subject_reference  # noqa: E402

BATCH = 50_000
PASSWORD = "bench password 2026!"
KINDS = ["candidate"] * 80 + ["client_contact"] * 15 + ["member"] * 5
TYPES = ["access"] * 5 + ["erasure"] * 3 + ["rectification", "portability", "restriction", "objection"]


def seed_subjects(count: int, rng: random.Random) -> list[uuid.UUID]:
    now, ids = datetime.now(UTC), []
    for start in range(0, count, BATCH):
        rows = [{"id": uuid.UUID(int=rng.getrandbits(128), version=4), "reference": new_subject_reference(),
                 "kind": rng.choice(KINDS),
                 "country": rng.choice(("DE", "FR", "EE", "AT", "PL", "IT", "ES")), "status": "active",
                 "created_at": now, "last_activity_at": now, "version": 1}
                for _ in range(min(BATCH, count - start))]
        insert_rows(Subject.__table__, rows)
        db.session.commit()
        ids.extend(r["id"] for r in rows[:: max(1, count // 200_000)])
    return ids


def _request_row(n: int, subject_id: uuid.UUID, rng: random.Random, today: date) -> dict:
    received = datetime.now(UTC) - timedelta(days=rng.randrange(0, 730), minutes=rng.randrange(0, 1440))
    due = received.date() + timedelta(days=31)
    still_open = (today - received.date()).days < 40 and rng.random() < 0.6 or rng.random() < 0.01
    extended = still_open and rng.random() < 0.15
    closed = None if still_open else received + timedelta(days=rng.randrange(1, 40))
    return {"id": uuid.uuid4(), "reference": f"DSR-B-{n:07d}", "type": rng.choice(TYPES),
            "status": rng.choice(("received", "in_progress")) if still_open else "completed",
            "channel": "email", "subject_id": subject_id, "received_at": received,
            "due_date": due + timedelta(days=61) if extended else due, "original_due_date": due,
            "extended": extended, "closed_at": closed, "created_at": received, "updated_at": received,
            "version": 1}


def seed_requests(count: int, subject_ids: list, rng: random.Random) -> None:
    today = datetime.now(UTC).date()
    for start in range(0, count, BATCH):
        insert_rows(SubjectRequest.__table__, [_request_row(n, rng.choice(subject_ids), rng, today)
                                               for n in range(start, min(count, start + BATCH))])
        db.session.commit()


def seed_consents_and_breaches(subject_ids: list, rng: random.Random, events: int) -> None:
    rows = [{"id": uuid.uuid4(), "subject_id": rng.choice(subject_ids), "purpose": "talent_pool",
             "scope_key": "", "action": "grant" if rng.random() < 0.8 else "withdraw",
             "occurred_at": datetime.now(UTC) - timedelta(days=rng.randrange(0, 400)),
             "channel": "web_form", "collected_by": "cli", "parental_consent": False,
             "policy_version": "bench"} for _ in range(events)]
    insert_rows(ConsentEvent.__table__, rows)
    for hours in (5, 30, 80):
        aware = datetime.now(UTC) - timedelta(hours=hours)
        db.session.add(Breach(id=uuid.uuid4(), reference=f"BR-B-{hours}", aware_at=aware,
                              notify_by=aware + timedelta(hours=72), nature="bench", dpo_contact="dpo",
                              status="open", created_by="cli"))
    db.session.commit()


def timed(client, url: str, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def describe(samples: list[float]) -> str:
    ordered = sorted(samples)
    return (f"median {statistics.median(ordered) * 1000:8.2f} ms   "
            f"p90 {ordered[int(len(ordered) * 0.9) - 1] * 1000:8.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--consent-events", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="10k subjects, 1k requests")
    parser.add_argument("--database-url", help="PostgreSQL URL of an EMPTY database (default: temp SQLite)")
    args = parser.parse_args()
    if args.quick:
        args.subjects, args.requests, args.consent_events = 10_000, 1_000, 2_000
    with tempfile.TemporaryDirectory() as tmp:
        run(args, Path(tmp))


def run(args, tmp: Path) -> None:
    config = {"DATABASE_URL": args.database_url or f"sqlite:///{tmp / 'bench.sqlite'}",
              "KEYSTORE_URL": f"sqlite:///{tmp / 'keys.sqlite'}", "KEYRING_PATH": str(tmp / "keyring.json"),
              "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "SESSION_COOKIE_SECURE": False,
              "AUDIT_BACKGROUND_SEALING": False}
    app = create_app(config)
    app.add_url_rule("/bench/bare", "bench_bare", login_required(lambda: "ok"))
    rng = random.Random(2026)
    with app.app_context():
        db_name = db.engine.dialect.name
        db.create_all()
        started = time.perf_counter()
        ids = seed_subjects(args.subjects, rng)
        seed_requests(args.requests, ids, rng)
        seed_consents_and_breaches(ids, rng, args.consent_events)
        create_user(CLI_ACTOR, "dpo@bench.example", "dpo", PASSWORD)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
        print(f"seeded {args.subjects:,} subjects, {args.requests:,} requests, "
              f"{args.consent_events:,} consent events in {time.perf_counter() - started:.1f} s "
              f"({db.engine.dialect.name})")
        db.session.remove()
    client = app.test_client()
    client.post("/login", data={"email": "dpo@bench.example", "password": PASSWORD})
    cold = timed(client, "/overview", 1)  # first view: charts computed, nothing cached
    timed(client, "/overview", 2)
    timed(client, "/bench/bare", 3)
    overview, bare = timed(client, "/overview", args.repeat), timed(client, "/bench/bare", args.repeat)
    print(f"first     {cold[0] * 1000:8.2f} ms (charts computed; later views reuse them for 10 min)")
    print(f"overview  {describe(overview)}")
    print(f"bare      {describe(bare)}")
    cached, signed_in = statistics.median(overview), statistics.median(bare)
    write_result(f"overview_cached_{args.subjects}", ratio=cached / signed_in,
                 target=10.0, higher_is_better=False, baseline_s=statistics.median(bare),
                 service_s=statistics.median(overview), n=args.repeat, subjects=args.subjects,
                 requests=args.requests, first_view_s=round(cold[0], 4),
                 first_view_target_s=0.1, database=db_name)
    with app.app_context():
        if args.database_url:
            db.drop_all()
        for engine in db.engines.values():
            engine.dispose()


if __name__ == "__main__":
    main()
