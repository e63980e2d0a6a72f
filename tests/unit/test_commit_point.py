"""One commit point: nothing in the service commits except compliance/transaction.py.

Seed and demo code (synthetic data for `make run` and benchmarks) is exempt: it bulk-loads.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "compliance"
COMMIT_POINT = PACKAGE / "transaction.py"
SEED_AND_DEMO = {PACKAGE / "demo.py", PACKAGE / "subjects" / "seed.py",
                 *PACKAGE.glob("*/demo.py")}


def commits_in(source: str) -> list[int]:
    """Lines that commit: any ``.commit()`` call, or a transaction begun on an engine."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        target = ast.unparse(node.func.value)
        if node.func.attr == "commit" or (node.func.attr == "begin" and "engine" in target):
            found.append(node.lineno)
    return found


def test_only_the_unit_of_work_commits():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == COMMIT_POINT or path in SEED_AND_DEMO or "migrations" in path.parts:
            continue
        offenders += [f"{path.relative_to(PACKAGE.parent)}:{line}"
                      for line in commits_in(path.read_text(encoding="utf-8"))]
    assert offenders == [], "commit through compliance.transaction instead"


def test_the_scan_sees_every_way_of_committing():
    source = ("db.session.commit()\nsession.commit()\nservices.commit_or_conflict()\n"
              "with db.engines['keys'].begin() as c: pass\nwith db.engine.begin() as c: pass\n"
              "db.session.begin_nested()\ndb.session.flush()\n")
    assert commits_in(source) == [1, 2, 4, 5]


def test_the_commit_point_itself_is_seen():
    assert commits_in(COMMIT_POINT.read_text(encoding="utf-8"))
    assert SEED_AND_DEMO >= {PACKAGE / "demo.py", PACKAGE / "consent" / "demo.py"}
