"""Set-up for the schemathesis run (no tests here): a small world seeded through the API, hooks that
let generated requests name its objects, and one engine run whose failures are collected.

Seeded ids are offered next to the generated ones, so the fuzzer reaches real records (and their
workflows) as well as the 404 paths.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import schemathesis
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema
from werkzeug.serving import WSGIRequestHandler, make_server

SEED = 20261129  # fixed: a failure reproduces with the same seed and settings
EXPECTED_POSITIVE = ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
ID_NAMES = ("subject_id", "member_id", "candidate_id", "request_id", "breach_id", "placement_id",
            "policy_id", "claim_id", "hold_id", "client_contact_id")


class QuietHandler(WSGIRequestHandler):
    def log(self, *args, **kwargs) -> None:  # thousands of requests; failures are reported instead
        pass


class LiveServer:
    """The app served by werkzeug on 127.0.0.1:<free port> in a thread."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        self.thread = threading.Thread(target=self.server.serve_forever, name="fuzz-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()


def _now(**delta) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).replace(microsecond=0).isoformat()


def _day(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


@dataclass
class World:
    """Ids of the seeded records, by the parameter names that refer to them."""

    ids: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, value) -> str:
        self.ids.setdefault(name, []).append(str(value))
        return str(value)


def seed_world(dpo, member) -> World:
    """Records in every state the workflows care about, made through the API as staff and member."""
    world = World()
    ok = _expect(world)
    people = [ok(dpo.post("/api/v1/subjects", json={"kind": "candidate", "name": f"Fuzz Person {n}",
                                                     "email": f"fuzz{n}@example.com", "country": country}))
              for n, country in enumerate(("DE", "FR", "EE", "AT"))]
    for person in people:
        world.add("subject_id", person["id"]), world.add("candidate_id", person["id"])
    contact = ok(dpo.post("/api/v1/subjects", json={"kind": "client_contact", "name": "Fuzz Contact",
                                                    "country": "AT"}))
    world.add("client_contact_id", contact["id"])
    member_id = world.add("member_id", member.user.subject_id)
    world.add("subject_id", member_id)
    own = ok(member.post("/api/v1/subjects", json={"kind": "candidate", "name": "Member Candidate",
                                                   "country": "LV"}))
    world.add("subject_id", own["id"]), world.add("candidate_id", own["id"])
    for purpose, scope in (("talent_pool", None), ("cv_sharing", "Beispiel GmbH")):
        ok(dpo.post(f"/api/v1/subjects/{people[0]['id']}/consents",
                    json={"purpose": purpose, "action": "grant", "channel": "api", "scope": scope}))
    policy = ok(dpo.post("/api/v1/insurance-policies", json={
        "insurer": "Fuzz Underwriting SE", "policy_number": "PI-FUZZ-1", "per_claim_limit": "2000000.00",
        "aggregate_limit": "2000000.00", "currency": "EUR", "period_start": _day(-100),
        "period_end": _day(265), "territories": ["*"]}))
    world.add("policy_id", policy["id"])
    placement = ok(dpo.post("/api/v1/placements", json={
        "member_id": member_id, "candidate_id": people[0]["id"], "client_name": "Beispiel GmbH",
        "client_country": "AT", "work_country": "DE", "placement_type": "permanent", "start_date": _day(-20),
        "fee": "12000.00", "currency": "EUR", "role_title": "Engineer"}))
    world.add("placement_id", placement["id"])
    claim = ok(dpo.post("/api/v1/insurance-claims", json={
        "policy_id": policy["id"], "placement_id": placement["id"], "claim_reference": "CL-FUZZ-1",
        "notified_on": _day(-2), "reserved": "1000.00"}))
    world.add("claim_id", claim["id"])
    breach = ok(dpo.post("/api/v1/breaches", json={"aware_at": _now(hours=-5), "nature": "Fuzz breach"}))
    world.add("breach_id", breach["id"])
    hold = ok(dpo.post("/api/v1/retention/holds", json={"subject_id": people[3]["id"],
                                                         "reason": "Court case"}))
    world.add("hold_id", hold["id"])
    _seed_requests(world, dpo, member, people, own)
    return world


def _seed_requests(world: World, dpo, member, people, own) -> None:
    ok = _expect(world)

    def submit(api, kind, subject):
        return ok(api.post("/api/v1/subject-requests", json={"type": kind, "subject_id": subject["id"],
                                                              "received_at": _now(days=-3)}))

    for kind, subject in (("access", people[0]), ("rectification", people[1]), ("erasure", people[2]),
                          ("objection", people[1])):
        world.add("request_id", submit(dpo, kind, subject)["id"])
    for kind, subject in (("access", people[0]), ("restriction", people[1])):
        world.add("request_id", _completed(dpo, submit(dpo, kind, subject))["id"])
    world.add("request_id", submit(member, "access", own)["id"])
    # An erased subject (key shredded) with a request left open and an answered one: every
    # workflow action on them must work or answer a declared 4xx.
    erased = ok(dpo.post("/api/v1/subjects", json={"kind": "candidate", "name": "Fuzz Erased",
                                                   "country": "FI"}))
    world.add("subject_id", erased["id"]), world.add("candidate_id", erased["id"])
    left_open = submit(dpo, "access", erased)
    answered = _completed(dpo, submit(dpo, "access", erased))
    _completed(dpo, submit(dpo, "erasure", erased))
    world.add("request_id", left_open["id"]), world.add("request_id", answered["id"])


def _completed(dpo, request: dict) -> dict:
    url = f"/api/v1/subject-requests/{request['id']}"
    for action, body in (("verify-identity", {"method": "id_document"}), ("complete", {})):
        response = dpo.post(f"{url}/{action}", json=body)
        assert response.status_code == 200, (action, response.json)
    return request


def _expect(world: World):
    def ok(response) -> dict:
        assert response.status_code in (200, 201), (response.status_code, response.json)
        return response.json

    return ok


def offer_seeded_ids(schema, world: World) -> None:
    """Let generated path parameters, query parameters and bodies also name the seeded records."""

    def choose(name: str, generated):
        known = world.ids.get(name)
        return st.sampled_from([*known, generated]) if known else st.just(generated)

    def swap(values):
        if not isinstance(values, dict) or not any(name in values for name in ID_NAMES):
            return st.just(values)
        return st.fixed_dictionaries({key: choose(key, value) if key in ID_NAMES else st.just(value)
                                      for key, value in values.items()})

    @schema.hook
    def flatmap_path_parameters(context, path_parameters):
        return swap(path_parameters)

    @schema.hook
    def flatmap_query(context, query):
        return swap(query)

    @schema.hook
    def flatmap_body(context, body):
        return swap(body)


@dataclass
class FuzzRun:
    requests: int = 0
    seconds: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    phases: dict = field(default_factory=dict)
    by_phase: Counter = field(default_factory=Counter)
    phase_started: str = ""
    links: int = 0
    checks: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)


def run_schemathesis(base_url: str, token: str, world: World, *, phases: set[str],
                     max_examples: int, stateful_examples: int) -> FuzzRun:
    """One engine run with every check; returns what it sent and every failure it reported."""
    config = SchemathesisConfig.from_dict({
        "seed": SEED, "base-url": base_url, "workers": 1,
        "headers": {"Authorization": f"Bearer {token}"},
        "generation": {"max-examples": max_examples, "deterministic": True, "database": "none"},
        "phases": {name: {"enabled": name in phases} for name in ("examples", "coverage", "fuzzing")} | {
            "stateful": {"enabled": "stateful" in phases, "generation": {"max-examples": stateful_examples}}},
        # Domain rules no JSON Schema can state (ranges relative to other records, workflow order,
        # cross-field rules) answer schema-valid data with 422 and field errors: that is not a violation.
        "checks": {"positive_data_acceptance": {"expected-statuses": EXPECTED_POSITIVE}},
    })
    schema = schemathesis.openapi.from_url(f"{base_url}/api/v1/openapi.json", config=config)
    offer_seeded_ids(schema, world)
    run, started = FuzzRun(), time.monotonic()
    with _server_errors_logged(run):
        for event in from_schema(schema).execute():
            _collect(run, event)
    run.seconds = time.monotonic() - started
    return run


def _collect(run: FuzzRun, event) -> None:
    if isinstance(event, events.ScenarioFinished):
        run.requests += len(event.recorder.interactions)
        run.by_phase[run.phase_started] += len(event.recorder.interactions)
        run.statuses.update(i.response.status_code for i in event.recorder.interactions.values()
                            if i.response is not None)
        for checks in event.recorder.checks.values():
            for check in checks:
                run.checks[check.name] += 1
                if check.failure_info is not None:
                    failure = check.failure_info.failure
                    run.failures.append(f"{event.recorder.label} [{check.name}] {failure.title}: "
                                        f"{failure.message}\n{check.failure_info.code_sample}")
    elif isinstance(event, events.NonFatalError):
        run.failures.append(f"{event.label}: {event.info.title}: {event.info.message}")
    elif isinstance(event, events.FatalError):
        run.failures.append(f"fatal: {event.exception!r}")
    elif isinstance(event, events.PhaseStarted):
        run.phase_started = event.phase.name.value
        if event.payload is not None:  # the stateful phase: links between operations it found
            run.links = event.payload.transitions_selected
    elif isinstance(event, events.PhaseFinished):
        run.phases[event.phase.name.value] = event.status.value


class _ErrorLog(logging.Handler):
    def __init__(self, run: FuzzRun):
        super().__init__(logging.ERROR)
        self.run = run

    def emit(self, record: logging.LogRecord) -> None:
        self.run.server_errors.append(record.getMessage())


class _server_errors_logged:
    """Collect what compliance.api_errors logs for an unexpected exception (type and path)."""

    def __init__(self, run: FuzzRun):
        self.handler, self.logger = _ErrorLog(run), logging.getLogger("compliance.api_errors")

    def __enter__(self):
        self.logger.addHandler(self.handler)

    def __exit__(self, *exc):
        self.logger.removeHandler(self.handler)
