"""Schemathesis against the live app on the test database (SQLite, or PostgreSQL with
COMPLIANCE_TEST_DATABASE_URL), as the DPO, a member and an auditor, with every check
(server errors, status codes, content types, headers, response schemas, negative data rejected,
positive data accepted, auth, unsupported methods, use after free, resource availability):
any failure fails the build.

Phases: the DPO run has all four (examples, coverage, fuzzing, stateful). The coverage phase
enumerates the document's boundaries and invalid shapes (about 6,600 requests), the same for
every role, so the member and auditor runs take the generative phases only (examples, fuzzing,
stateful), which send role-specific sequences. Derandomized with a fixed seed (SEED in
fuzz_support): a failure reproduces, and its report carries the request as a curl command.
``pytest -s`` prints what each run sent: about 7,300 requests as the DPO, 900 per other role.
"""

from __future__ import annotations

import pytest

from tests.integration.fuzz_support import LiveServer, run_schemathesis, seed_world

GENERATIVE = {"examples", "fuzzing", "stateful"}
ROLES = {"dpo": GENERATIVE | {"coverage"}, "member": GENERATIVE, "auditor": GENERATIVE}
MAX_EXAMPLES = 12  # per operation, in the examples and fuzzing phases
STATEFUL_EXAMPLES = 40  # sequences of linked calls
#: Checks that apply to every response, so every run must have made them (the others, e.g.
#: use_after_free or ignored_auth, apply to some sequences and responses only).
ALWAYS_CHECKED = {"not_a_server_error", "status_code_conformance", "content_type_conformance",
                  "response_headers_conformance", "response_schema_conformance",
                  "negative_data_rejection", "positive_data_acceptance"}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_schemathesis_finds_nothing(app, api_as, role):
    app.config["PROPAGATE_UNEXPECTED"] = False  # a 500 must reach the fuzzer as a response
    dpo, member = api_as("dpo"), api_as("member")
    caller = {"dpo": dpo, "member": member}.get(role) or api_as(role)
    world = seed_world(dpo, member)
    with LiveServer(app) as server:
        run = run_schemathesis(server.url, caller.token, world, phases=ROLES[role],
                               max_examples=MAX_EXAMPLES, stateful_examples=STATEFUL_EXAMPLES)
    print(f"\nschemathesis {role}: {run.requests} requests in {run.seconds:.0f} s "
          f"({dict(run.by_phase)}; {run.links} links); statuses {dict(sorted(run.statuses.items()))}; "
          f"checks {dict(sorted(run.checks.items()))}")
    assert run.server_errors == []
    assert run.failures == [], "\n\n".join(run.failures[:20])
    assert all(run.phases[phase] == "success" for phase in ROLES[role]), run.phases
    assert ALWAYS_CHECKED <= set(run.checks), sorted(run.checks)
    assert run.statuses[500] == 0 and run.requests > 500
    assert sum(n for status, n in run.statuses.items() if 200 <= status < 300) > 50
