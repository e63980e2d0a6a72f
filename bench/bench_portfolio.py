"""Benchmark: the portfolio view (coverage + cross-border for every placement) against a bare loop.

    .venv/bin/python bench/bench_portfolio.py [--placements 100000] [--database-url URL]

Seeds a throw-away database (SQLite in a temporary folder by default) with members, candidates,
one EUR 2M policy, claims, authorisations and N placements, then measures in the same run:
  service   compliance.placements.assessment.portfolio(): the few set-based queries, mapping rows
            to facts, the pure rules, and the summary;
  baseline  a bare loop calling the same pure rules over the same rows already in memory.
Prints both wall times and their ratio (target: service <= 3x baseline).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import REPEATS, median, medians, write_result  # noqa: E402
from compliance import create_app  # noqa: E402
from compliance.extensions import db  # noqa: E402
from compliance.placements import assessment  # noqa: E402
from compliance.placements.models import (  # noqa: E402
    Authorisation,
    InsuranceClaim,
    InsurancePolicy,
    Placement,
)
from compliance.placements.rules import EEA_COUNTRIES, assess_coverage, assess_cross_border  # noqa: E402
from compliance.policy_context import current_policies  # noqa: E402
from compliance.subjects.models import Subject  # noqa: E402
from compliance.subjects.rules import new_subject_reference  # noqa: E402
from compliance.timeutil import controller_today  # noqa: E402

STATES = sorted(EEA_COUNTRIES - {"GR"})
CLIENT_COUNTRIES = STATES * 6 + ["CH", "GB", "US", "JP", "IN", "CA"]
TYPES = ["permanent"] * 6 + ["executive_search"] * 2 + ["temporary_agency_work", "freelance"]


def subjects(rng: random.Random, kind: str, count: int, today: date) -> list[dict]:
    now = datetime.now(UTC)
    rows = []
    for _ in range(count):
        start = today - timedelta(days=rng.randint(30, 1500))
        lapsed = kind == "member" and rng.random() < 0.05
        rows.append({"id": uuid.uuid4(), "reference": new_subject_reference(),
                     "kind": kind, "country": rng.choice(STATES),
                     "status": "active", "created_at": now, "last_activity_at": now, "version": 1,
                     "membership_start": start if kind == "member" else None,
                     "membership_end": today - timedelta(days=20) if lapsed else None})
    return rows


def seed(n: int, rng: random.Random) -> None:
    today = controller_today()
    members = subjects(rng, "member", 2_000, today)
    candidates = subjects(rng, "candidate", 20_000, today)
    db.session.execute(insert(Subject), members + candidates)
    policy_id = uuid.uuid4()
    db.session.execute(insert(InsurancePolicy), [{
        "id": policy_id, "insurer": "Bench Underwriting SE", "policy_number": "PI-BENCH",
        "per_claim_limit": Decimal("2000000"), "aggregate_limit": Decimal("2000000"),
        "excess": Decimal("5000"), "currency": "EUR", "period_start": today - timedelta(days=200),
        "period_end": today + timedelta(days=165), "retroactive_date": today - timedelta(days=1200),
        "territories": STATES + ["CH", "GB"], "excluded_jurisdictions": ["US", "CA"],
        "excluded_activities": ["temporary_agency_work"], "created_at": datetime.now(UTC)}])
    db.session.execute(insert(InsuranceClaim), [{
        "id": uuid.uuid4(), "policy_id": policy_id, "claim_reference": f"C{i}",
        "notified_on": today - timedelta(days=i), "reserved": Decimal("40000"),
        "paid": Decimal("10000"), "status": "open", "created_at": datetime.now(UTC)}
        for i in range(10)])
    db.session.execute(insert(Authorisation), [{
        "id": uuid.uuid4(), "member_id": m["id"], "country": rng.choice(["AT", "PL", "IT", "SI"]),
        "kind": "registration", "activity": "placement", "created_at": datetime.now(UTC),
        "valid_until": today + timedelta(days=rng.randint(-100, 700))} for m in members[::3]])
    db.session.execute(insert(Placement), [placement(rng, members, candidates, today)
                                           for _ in range(n)])
    db.session.commit()


def placement(rng, members, candidates, today) -> dict:
    return {"id": uuid.uuid4(), "member_id": rng.choice(members)["id"],
            "candidate_id": rng.choice(candidates)["id"], "client_name": "Client Ltd",
            "client_country": rng.choice(CLIENT_COUNTRIES), "placement_type": rng.choice(TYPES),
            "role_title": "Engineer", "work_country": rng.choice(STATES),
            "start_date": today - timedelta(days=rng.randint(0, 900)), "fee": Decimal("15000"),
            "currency": "EUR", "contract_law": "Austrian law; courts of Vienna", "status": "active",
            "created_at": datetime.now(UTC), "created_by": "cli", "version": 1}


def bare_loop(rows, rules, terms, held, today) -> int:
    covered = 0
    for row in rows:
        facts = assessment.facts_from_row(row)
        covered += assess_coverage(facts, terms, today).covered
        assess_cross_border(facts, rules.state(row.work_country, row.placement_type),
                            held.get(row.member_id, ()), rules.transfer(row.client_country), today)
    return covered


def measure(n: int, repeats: int) -> None:
    started = time.perf_counter()
    seed(n, random.Random(2026))
    print(f"seeded {n:,} placements in {time.perf_counter() - started:.1f} s")
    today, rules = controller_today(), assessment.RuleBook(current_policies())
    views: list[dict] = []

    def service_run() -> float:
        db.session.expunge_all()
        started = time.perf_counter()
        views.append(assessment.portfolio(limit=100))
        return time.perf_counter() - started

    def baseline_run() -> float:  # rows loaded outside the clock: the rules alone
        rows = list(assessment.placement_rows())
        terms, held = assessment.policy_terms(), assessment.member_authorisations()
        started = time.perf_counter()
        covered = bare_loop(rows, rules, terms, held, today)
        elapsed = time.perf_counter() - started
        assert covered == views[-1]["covered"], (covered, views[-1]["covered"])
        return elapsed

    samples = medians({"service": service_run, "baseline": baseline_run}, repeats)
    service, baseline = median(samples["service"]), median(samples["baseline"])
    view = views[-1]
    print(f"portfolio service : median {service:.3f} s  ({view['covered']:,} covered, "
          f"{view['uncovered']:,} uncovered, {view['placements_with_blockers']:,} with blockers)")
    print(f"bare loop baseline: median {baseline:.3f} s  (same rules, rows already in memory)")
    write_result(f"portfolio_{n}", ratio=service / baseline, target=3.0, higher_is_better=False,
                 baseline_s=baseline, service_s=service, n=n, repeats=repeats, samples=samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--placements", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--quick", action="store_true", help="10,000 placements")
    args = parser.parse_args()
    if args.quick:
        args.placements = 10_000
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite"
        app = create_app({"DATABASE_URL": url, "KEYSTORE_URL": f"sqlite:///{folder}/keys.sqlite",
                          "KEYRING_PATH": f"{folder}/keyring.json"})
        with app.app_context():
            db.drop_all()
            db.create_all()
            try:
                measure(args.placements, args.repeats)
            finally:
                db.session.remove()
                db.drop_all()


if __name__ == "__main__":
    main()
