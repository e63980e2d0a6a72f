"""Every hostile value of issue 11, sent to every field of every operation the OpenAPI document
lists: each gets a 4xx naming the field, never a 500, and no table changes.

The cases are derived from the document itself, so a new endpoint or field is covered without
anyone listing it here.
"""

from __future__ import annotations

import json
import uuid

import pytest

from compliance.input_policy import MONEY_PATTERN
from compliance.request_parsing import json_depth
from tests.integration.db_snapshot import changed_tables, snapshot

DEEP = "[" * 1000 + "]" * 1000
TEXT_VALUES = ["\ud800", "ok\udfffok", "a\x00b", "a\x1bb", "a\u202eb", "x\u2066y", "   ", "", "\u200b\u200d",
               " \u00a0 "]
DATE_TIME_VALUES = ["0001-01-01T00:30:00+01:00", "9999-12-31T23:59:59Z", "2024-01-01T00:00:00",
                    "2024-13-01T00:00:00Z", "20240101T000000Z"]
DATE_VALUES = ["0001-01-01", "9999-12-31", "20240101", "2024-02-30", "1900-01-01T00:00:00Z"]
INTEGER_VALUES = [2**63, 2**64 + 1, -(2**70), 1.5, "5", True, 1e400]
MONEY_VALUES = ["1.005", "0.001", 1.5, 12, "-1.00", "1e3", "NaN", "1000000000000.00"]


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").json


def _resolve(spec: dict, schema: dict) -> dict:
    while True:  # a nullable nested schema is {"anyOf": [ref, {nullable object}]}
        if "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        elif "anyOf" in schema or "allOf" in schema:
            schema = (schema.get("anyOf") or schema["allOf"])[0]
        else:
            return schema


def hostile_values(spec: dict, prop: dict) -> list:
    """Values the policy refuses for a property of this (resolved) JSON schema."""
    prop = _resolve(spec, prop)
    kind = prop.get("type")
    if kind == "object" and "properties" in prop:
        return [{name: value} for name, sub in prop["properties"].items()
                for value in hostile_values(spec, sub)[:2]] + [[], "text"]
    if kind == "array":
        return [[value] for value in hostile_values(spec, prop["items"])[:3]] + ["\ud800", {"a": 1}]
    if kind == "integer":
        return INTEGER_VALUES
    if kind == "boolean":
        return [1, "true", "yes", None] if not prop.get("nullable") else [1, "true"]
    if prop.get("pattern") == MONEY_PATTERN:
        return MONEY_VALUES
    if prop.get("format") == "date-time":
        return DATE_TIME_VALUES
    if prop.get("format") == "date":
        return DATE_VALUES
    if prop.get("format") == "email":
        return ["\ud800@example.com", "a\x00b@example.com", "not-an-address", " "]
    if "enum" in prop or prop.get("format") == "uuid":
        return ["\ud800", "zz", 12, ["x"]]
    if "pattern" in prop:
        return [*TEXT_VALUES, "x" * (prop["maxLength"] + 1), 12, ["x"]]
    return []


def body_cases(spec: dict) -> list[tuple[str, str, str, object]]:
    cases = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            schema = _resolve(spec, content["application/json"]["schema"])
            for name, prop in schema["properties"].items():
                for value in hostile_values(spec, prop):
                    cases.append((method, path, name, value))
    return cases


def _url(path: str) -> str:
    out = []
    for part in path.split("/"):
        out.append(str(uuid.uuid4()) if part.startswith("{") and part.endswith("}") else part)
    return "/".join(out)


def _send(api, method: str, path: str, body: object):
    return getattr(api, method)(_url(path), data=json.dumps(body),
                                headers={"Content-Type": "application/json"})


def test_every_body_field_refuses_every_hostile_value_and_stores_nothing(app, api_as, spec):
    cases = body_cases(spec)
    operations = {(method, path) for method, path, _, _ in cases}
    assert len(operations) >= 19, operations  # every operation that takes a JSON body
    api = api_as("dpo")
    before = snapshot()
    problems = []
    for method, path, name, value in cases:
        response = _send(api, method, path, {name: value})
        errors = (response.json or {}).get("errors", {})
        if response.status_code != 422 or name not in errors:
            problems.append((method, path, name, repr(value)[:40], response.status_code, errors))
    assert problems == []
    assert changed_tables(before, snapshot()) == []


def test_a_body_nested_a_thousand_deep_is_400_on_every_body_endpoint(app, api_as, spec):
    api = api_as("dpo")
    before = snapshot()
    for method, path in {(m, p) for m, p, _, _ in body_cases(spec)}:
        response = getattr(api, method)(_url(path), data=DEEP, headers={"Content-Type": "application/json"})
        assert response.status_code == 400, (method, path, response.json)
        assert "nested more than" in response.json["message"]
        assert set(response.json) >= {"code", "message", "errors"}
    assert changed_tables(before, snapshot()) == []


def test_a_body_that_is_not_json_is_415_never_a_missing_body(app, api_as, spec):
    api = api_as("dpo")
    before = snapshot()
    for method, path in {(m, p) for m, p, _, _ in body_cases(spec)}:
        for content_type, data in (("text/plain", "name=x"),
                                   ("application/x-www-form-urlencoded", "kind=candidate"),
                                   ("multipart/form-data; boundary=x", "--x--")):
            response = getattr(api, method)(_url(path), data=data, headers={"Content-Type": content_type})
            assert response.status_code == 415, (method, path, content_type, response.json)
            assert response.json["code"] == "unsupported_media_type"
    assert changed_tables(before, snapshot()) == []


def test_json_that_is_not_utf8_or_not_json_is_400(app, api_as):
    api = api_as("dpo")
    for data in (b"\xff\xfe{}", b'{"name": "x"', b"\xed\xa0\x80"):
        response = api.post("/api/v1/subjects", data=data, headers={"Content-Type": "application/json"})
        assert response.status_code == 400, data


def query_cases(spec: dict) -> list[tuple[str, str, object]]:
    cases = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method != "get":
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                prop = parameter["schema"]
                values = {"integer": ["1.5", "5 ", str(2**70), "-9223372036854775809", "٣"],
                          "boolean": ["yes", "1", "TRUE"]}.get(prop.get("type"), [])
                if prop.get("format") == "date":
                    values = ["0001-01-01", "9999-12-31", "20240101"]
                elif "pattern" in prop:
                    values = ["a\x00b", "a\u202eb", "   ", "x" * (prop["maxLength"] + 1)]
                elif "enum" in prop:
                    values = ["zz", "\x00"]
                cases += [(path, parameter["name"], value) for value in values]
    return cases


def test_every_query_parameter_refuses_hostile_values(app, api_as, spec):
    api = api_as("dpo")
    cases = query_cases(spec)
    assert len({path for path, _, _ in cases}) >= 12
    problems = []
    for path, name, value in cases:
        response = api.get(_url(path), query_string={name: value})
        if response.status_code != 422 or name not in response.json["errors"]:
            problems.append((path, name, repr(value), response.status_code))
    assert problems == []


def test_json_depth_counts_nesting_without_recursion():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert json_depth(deep) == 100_001
    assert json_depth({"a": [1, {"b": None}]}) == 3
    assert json_depth("text") == 0 and json_depth([]) == 1
