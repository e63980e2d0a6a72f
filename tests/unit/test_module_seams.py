"""Features reach each other by direct imports, never by module names in strings, and no two
modules import each other (directly or round a circle, at the top or inside a function)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "compliance"
#: The wiring lists (API, web, CLI and demo modules) are the only names resolved at run time.
WIRING = {PACKAGE / "__init__.py", PACKAGE / "cli.py", PACKAGE / "demo.py"}


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" not in path.parts:
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imports_of(source: str, known: set[str]) -> set[str]:
    """Modules of ``known`` that ``source`` imports anywhere (the root package itself excepted)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return (found & known) - {"compliance"}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_is_reached_through_a_string():
    offenders = [str(path.relative_to(ROOT)) for path in modules().values()
                 if path not in WIRING and "importlib" in path.read_text(encoding="utf-8")]
    assert offenders == []


def test_no_import_circle():
    known = modules()
    graph = {name: imports_of(path.read_text(encoding="utf-8"), set(known)) - {name}
             for name, path in known.items()}
    assert circles(graph) == []


def test_a_circle_is_seen_even_inside_a_function():
    first = "from compliance.b import run\n"
    second = "def later():\n    from compliance.a import thing\n"
    known = {"compliance.a", "compliance.b"}
    graph = {"compliance.a": imports_of(first, known), "compliance.b": imports_of(second, known)}
    assert circles(graph) == [["compliance.a", "compliance.b"]]


VOCABULARY_FIELDS = {"status", "action", "last_action", "kind", "type", "role"}


def literal_comparisons(source: str) -> list[int]:
    """Lines comparing a status/action-like field with a bare string instead of its enum member."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        named = any(isinstance(s, ast.Attribute) and s.attr in VOCABULARY_FIELDS for s in sides)
        literal = any(isinstance(s, ast.Constant) and isinstance(s.value, str) for s in sides) or any(
            isinstance(s, ast.Tuple | ast.List | ast.Set)
            and any(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in s.elts)
            for s in sides)
        if named and literal:
            found.append(node.lineno)
    return found


def test_statuses_and_actions_are_compared_with_their_enums():
    skipped = {"demo.py", "seed.py"}  # synthetic data for `make run`
    offenders = [f"{path.relative_to(ROOT)}:{line}" for path in modules().values()
                 if path.name not in skipped
                 for line in literal_comparisons(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_literal_scan_sees_a_bare_status():
    source = ('if subject.status == "erased": pass\n'
              'if state.last_action in ("grant", "renew"): pass\n'
              'if subject.status == SubjectStatus.ERASED: pass\n')
    assert literal_comparisons(source) == [1, 2]


TEMPLATE_LITERAL = re.compile(r"\b(status|action|kind|type|role)\s*(==|!=|in)\s*\(?\s*[\"'][a-z_]+[\"']")


def test_templates_compare_with_the_vocabularies_too():
    offenders = [f"{path.relative_to(ROOT)}:{number}"
                 for path in sorted(PACKAGE.rglob("*.html"))
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if TEMPLATE_LITERAL.search(line)]
    assert offenders == []
    assert TEMPLATE_LITERAL.search('{% if item.status == "received" %}')
    assert not TEMPLATE_LITERAL.search('{% if e.action != "request.read" %}')  # an audit event name


def erasure_writes(source: str) -> list[int]:
    """Lines that erase on their own: write a tombstone, shred a key, or delete data keys."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            deletes_keys = name == "delete" and bool(node.args) and ast.unparse(node.args[0]) == "DataKey"
            tombstone = any(k.arg == "erased_at" for k in node.keywords)
            if name.endswith("shred_key") or deletes_keys or tombstone:
                found.append(node.lineno)
        elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Attribute) and t.attr == "erased_at" for t in node.targets):
            found.append(node.lineno)
    return found


def test_erasure_is_written_once():
    """compliance/subjects/erasure.py is the one eraser (keystore.services defines shred_key)."""
    allowed = {PACKAGE / "subjects" / "erasure.py", PACKAGE / "keystore" / "services.py"}
    offenders = [f"{path.relative_to(ROOT)}:{line}" for path in modules().values()
                 if path not in allowed
                 for line in erasure_writes(path.read_text(encoding="utf-8"))]
    assert offenders == []
    sample = ("subject.erased_at = utcnow()\nshred_key(subject.id)\n"
              "keys.execute(delete(DataKey).where(x))\nupdate(Subject).values(erased_at=now)\n")
    assert sorted(erasure_writes(sample)) == [1, 2, 3, 4]
