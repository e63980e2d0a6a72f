"""Benchmark: an audited decrypting read against the same read with auditing switched off, both
served by gunicorn (2 workers) in the same run.

    .venv/bin/python bench/bench_audited_read.py [--database-url URL --keystore-url URL]
                                                 [--subjects 2000] [--seconds 15] [--rounds 2]
                                                 [--connections 8] [--quick]

Seeds a throw-away database with N subjects through the service's own seeding (encrypted, each with
its own data key) and a DPO with an API token. SQLite in a temporary folder always; PostgreSQL too
when --database-url and --keystore-url name two EMPTY throw-away databases (their tables are
dropped and created). Then, in alternating rounds, it starts ``gunicorn -w 2`` on that database
twice, differing in one setting only:

  audited    GET /api/v1/subjects/<id>: decrypts, appends a subject.read event (sealed and
             checkpointed by the workers' background sealers while the load runs);
  unaudited  the same route with AUDIT_EVENTS off (a setting only this benchmark uses).

Each is loaded for --seconds by wrk (or a Python load generator if wrk is missing) cycling through
the subjects with --connections connections. Prints requests/s, mean seconds per request and the
ratio audited/unaudited (target >= 0.7), the machine's load, and checks afterwards that every
audited read was recorded, sealed and verifies. Writes bench/results/audited_read.json:
{"ratio", "target", "baseline_s", "service_s", "n"} for PostgreSQL when given (else SQLite), and
the SQLite figures under "sqlite".
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, select  # noqa: E402

from compliance import create_app  # noqa: E402
from compliance.audit.models import AuditEvent  # noqa: E402
from compliance.audit.services import CLI_ACTOR, seal_pending  # noqa: E402
from compliance.audit.verification import verify_trail  # noqa: E402
from compliance.auth.services import create_token, create_user  # noqa: E402
from compliance.config import normalise_database_url  # noqa: E402
from compliance.extensions import db  # noqa: E402
from compliance.subjects.models import Subject  # noqa: E402
from compliance.subjects.seed import seed_subjects  # noqa: E402

TARGET = 0.7
RESULTS = Path(__file__).resolve().parent / "results" / "audited_read.json"
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL URL of an EMPTY throw-away main database")
    parser.add_argument("--keystore-url", help="PostgreSQL URL of an EMPTY throw-away key store")
    parser.add_argument("--subjects", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="500 subjects, 5 s, one round")
    args = parser.parse_args()
    if args.quick:
        args.subjects, args.seconds, args.rounds = 500, 5.0, 1
    if bool(args.database_url) != bool(args.keystore_url):
        parser.error("give both --database-url and --keystore-url, or neither")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.database_url:
            results["postgresql"] = run(args, Path(tmp) / "pg", args.database_url, args.keystore_url)
        results["sqlite"] = run(args, Path(tmp) / "sqlite", None, None)
    report(results)


def run(args, instance: Path, database_url: str | None, keystore_url: str | None) -> dict:
    instance.mkdir(mode=0o700)
    config = {"DATABASE_URL": database_url or f"sqlite:///{instance / 'compliance.sqlite'}",
              "KEYSTORE_URL": keystore_url or f"sqlite:///{instance / 'keys.sqlite'}",
              "KEYRING_PATH": str(instance / "keyring.json"), "AUDIT_BACKGROUND_SEALING": False}
    os.environ["COMPLIANCE_INSTANCE_PATH"] = str(instance)
    ids, token, name = seed(config, args.subjects)
    print(f"\n== {name}: {len(ids):,} subjects, gunicorn -w 2, {args.connections} connections, "
          f"{args.seconds:.0f} s per run, {args.rounds} rounds")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("COMPLIANCE_")},
           "COMPLIANCE_INSTANCE_PATH": str(instance), "COMPLIANCE_DATABASE_URL": config["DATABASE_URL"],
           "COMPLIANCE_KEYSTORE_URL": config["KEYSTORE_URL"], "COMPLIANCE_RATELIMIT_ENABLED": "false",
           "COMPLIANCE_AUDIT_CHECKPOINT_INTERVAL": "10"}
    runs = {"unaudited": [], "audited": []}
    load_before = os.getloadavg()
    for _ in range(args.rounds):
        for label in ("unaudited", "audited"):
            extra = {"COMPLIANCE_AUDIT_EVENTS": "false"} if label == "unaudited" else {}
            runs[label].append(serve_and_load({**env, **extra}, ids, token, args, instance))
            print(f"   {label:9}  {runs[label][-1]['rps']:8.1f} req/s   "
                  f"{runs[label][-1]['requests']:7d} requests")
    audited_requests = sum(r["requests"] for r in runs["audited"])
    checked = check_trail(config, audited_requests)
    baseline_s = sum(r["seconds"] for r in runs["unaudited"]) / sum(r["requests"] for r in runs["unaudited"])
    service_s = sum(r["seconds"] for r in runs["audited"]) / audited_requests
    return {"ratio": round(baseline_s / service_s, 3), "target": TARGET, "baseline_s": baseline_s,
            "service_s": service_s, "n": audited_requests, "baseline_n": sum(r["requests"] for r in
                                                                              runs["unaudited"]),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()], "trail": checked,
            "tool": "wrk" if shutil.which("wrk") else "python"}


def seed(config: dict, count: int) -> tuple[list[str], str, str]:
    for url in (config["DATABASE_URL"], config["KEYSTORE_URL"]):
        empty_database(url)
    app = create_app(config)
    with app.app_context():
        db.create_all()
        seed_subjects(count, seed=7)
        user = create_user(CLI_ACTOR, "dpo@bench.example", "dpo", "bench password 2026!")
        token = create_token(CLI_ACTOR, user)
        seal_pending()
        ids = [str(i) for i in db.session.execute(select(Subject.id)).scalars()]
        name = db.engine.dialect.name
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    return ids, token, name


def empty_database(url: str) -> None:
    """Drop everything in a throw-away PostgreSQL database (SQLite files here are new anyway)."""
    if url.startswith("sqlite"):
        return
    engine = create_engine(normalise_database_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def serve_and_load(env: dict, ids: list[str], token: str, args, instance: Path) -> dict:
    port = free_port()
    server = subprocess.Popen([GUNICORN, "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
                               "compliance:create_app()"], env=env, cwd=instance)
    try:
        wait_until_up(port)
        base = f"http://127.0.0.1:{port}"
        load(base, ids[:50], token, 2, args.connections, instance)  # warm-up: connections, caches
        return load(base, ids, token, args.seconds, args.connections, instance)
    finally:
        server.send_signal(signal.SIGTERM)  # graceful: the workers' sealers seal a last time
        server.wait(timeout=60)


def load(base: str, ids: list[str], token: str, seconds: float, connections: int, folder: Path) -> dict:
    if shutil.which("wrk"):
        return load_with_wrk(base, ids, token, seconds, connections, folder)
    return load_with_python(base, ids, token, seconds, connections)


def load_with_wrk(base: str, ids: list[str], token: str, seconds: float, connections: int,
                  folder: Path) -> dict:
    script = folder / "paths.lua"
    paths = ", ".join(f'"/api/v1/subjects/{i}"' for i in ids)
    script.write_text(f"local paths = {{{paths}}}\nlocal n = 0\nrequest = function()\n"
                      f"  n = n % #paths + 1\n  return wrk.format(\"GET\", paths[n], "
                      f"{{[\"Authorization\"] = \"Bearer {token}\"}})\nend\n")
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds:.0f}s", "-s", str(script), base]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    requests, elapsed = re.search(r"(\d+) requests in ([\d.]+)(m?s)", out).groups()[:2]
    unit = re.search(r"\d+ requests in [\d.]+(m?s)", out).group(1)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: .*", out)
    if bad or errors:
        raise SystemExit(f"failed requests under load:\n{out}")
    return {"requests": int(requests), "seconds": float(elapsed) / (1000 if unit == "ms" else 1),
            "rps": int(requests) / (float(elapsed) / (1000 if unit == "ms" else 1))}


def load_with_python(base: str, ids: list[str], token: str, seconds: float, connections: int) -> dict:
    done, failures, stop = [0] * connections, [], time.monotonic() + seconds

    def client(slot: int) -> None:
        n = slot
        while time.monotonic() < stop:
            request = urllib.request.Request(f"{base}/api/v1/subjects/{ids[n % len(ids)]}",
                                             headers={"Authorization": f"Bearer {token}"})
            with urllib.request.urlopen(request) as response:  # noqa: S310 - our own local server
                if response.status != 200:
                    failures.append(response.status)
                response.read()
            done[slot], n = done[slot] + 1, n + connections

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if failures:
        raise SystemExit(f"{len(failures)} failed requests under load")
    return {"requests": sum(done), "seconds": elapsed, "rps": sum(done) / elapsed}


def check_trail(config: dict, audited_requests: int) -> dict:
    """Every audited read answered is in the trail, sealed, and the trail verifies."""
    app = create_app(config)
    with app.app_context():
        seal_pending(max_wait=30)
        reads = db.session.scalar(select(func.count()).select_from(AuditEvent)
                                  .where(AuditEvent.action == "subject.read")) or 0
        verdict = verify_trail()
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    assert reads >= audited_requests, (reads, audited_requests)
    assert verdict.intact and verdict.pending == 0, verdict.problems
    return {"subject_reads_recorded": reads, "sealed": verdict.checked, "checkpoints": verdict.checkpoints,
            "intact": verdict.intact}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not come up")


def report(results: dict) -> None:
    print()
    for name, figures in results.items():
        verdict = "meets" if figures["ratio"] >= TARGET else "MISSES"
        print(f"{name:10}  audited {1 / figures['service_s']:8.1f} req/s  unaudited "
              f"{1 / figures['baseline_s']:8.1f} req/s  ratio {figures['ratio']:.2f}x "
              f"({verdict} the {TARGET}x target)  load {figures['load_before']} -> {figures['load_after']}")
    main_figures = results.get("postgresql") or results["sqlite"]
    out = {**{k: main_figures[k] for k in ("ratio", "target", "baseline_s", "service_s", "n")},
           "database": "postgresql" if "postgresql" in results else "sqlite", "details": results}
    if "postgresql" in results:
        out["sqlite"] = {k: results["sqlite"][k] for k in ("ratio", "target", "baseline_s", "service_s", "n")}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")
    print(f"written {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")


if __name__ == "__main__":
    main()
