"""The OpenAPI document is valid OpenAPI 3 and says what the API really does: money as strings,
one Error schema for every declared 4xx, fixed enumerations, and every request field under the
input policy (compliance.fields)."""

from __future__ import annotations

import marshmallow as ma
import pycountry
import pytest
from openapi_spec_validator import validate

from compliance import fields as policy
from compliance.input_policy import MONEY_PATTERN

SAFE_FIELDS = (policy.Text, policy.Integer, policy.QueryInteger, policy.Boolean, policy.QueryBoolean,
               policy.Money, policy.Date, policy.DateTime, policy.CountryField, policy.CurrencyField,
               policy.PolicyChoice, ma.fields.UUID, ma.fields.IP)


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").json


def operations(spec):
    for path, items in spec["paths"].items():
        for method, operation in items.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def test_the_document_is_valid_openapi_3(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.")


def test_every_operation_declares_its_errors_with_the_one_error_schema(spec):
    for path, method, operation in operations(spec):
        responses = operation["responses"]
        assert "default" not in responses, (method, path)
        expected = {"401", "403"} | ({"404"} if "{" in path else set())
        if method in ("post", "patch"):
            expected |= {"400", "413", "415"}
        if "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", [])):
            expected.add("422")
        assert expected <= set(responses), (method, path, sorted(responses))
        for status, response in responses.items():
            if status.startswith("4"):
                name = response["$ref"].rsplit("/", 1)[1]
                schema = spec["components"]["responses"][name]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def test_the_error_schema_lists_what_error_bodies_carry(spec):
    error = spec["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"code", "message", "errors", "reason"}
    assert set(error["required"]) == {"code", "message", "errors"}


def test_domain_errors_are_declared_where_they_happen(spec):
    paths = spec["paths"]
    assert "409" in paths["/api/v1/subject-requests/{request_id}/complete"]["post"]["responses"]
    assert "409" in paths["/api/v1/subjects/{subject_id}"]["patch"]["responses"]
    assert "404" in paths["/api/v1/subject-requests"]["post"]["responses"]
    assert "409" not in paths["/api/v1/me"]["get"]["responses"]


def _properties(spec, name):
    return spec["components"]["schemas"][name]["properties"]


def test_money_is_a_decimal_string_in_requests_and_responses(spec):
    for schema, names in {"PlacementCreate": ["fee"], "Placement": ["fee"],
                          "InsurancePolicyCreate": ["per_claim_limit", "aggregate_limit", "excess"],
                          "InsurancePolicy": ["per_claim_limit", "aggregate_limit", "aggregate_used",
                                              "aggregate_left", "excess"],
                          "InsuranceClaimCreate": ["reserved", "paid"], "InsuranceClaim": ["reserved", "paid"]
                          }.items():
        for name in names:
            prop = _properties(spec, schema)[name]
            assert prop["type"] == "string" and prop["pattern"] == MONEY_PATTERN, (schema, name)
    # no bound or default written as a string where a number is due (the old invalid document)
    assert [node for node in _nodes(spec) if node.get("type") in ("integer", "number") and any(
        isinstance(node.get(key), str) for key in ("minimum", "maximum", "default"))] == []


def _nodes(value):
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _nodes(child)
    elif isinstance(value, list):
        for child in value:
            yield from _nodes(child)


def test_fixed_sets_are_enumerations(spec, app):
    create = _properties(spec, "SubjectCreate")
    countries = set(create["country"]["enum"])
    assert {c.alpha_2 for c in pycountry.countries} <= countries and {"EL", "GR", "BD"} <= countries
    assert "EUR" in _properties(spec, "PlacementCreate")["currency"]["enum"]
    purposes = _properties(spec, "ConsentCreate")["purpose"]["enum"]
    assert purposes == sorted(app.extensions["compliance.policies"].purposes)
    grounds = _properties(spec, "Reject")["ground"]["enum"]
    assert {"art17_1_not_met", "art20_not_applicable", "art15_4_others", "art23_national_law"} <= set(grounds)
    assert "no_data_held" not in grounds  # an answer (POST .../no-data-held), not a refusal
    assert "*" in _properties(spec, "InsurancePolicyCreate")["territories"]["items"]["enum"]


def test_ranges_are_documented_on_dates(spec):
    received = _properties(spec, "RequestCreate")["received_at"]
    assert received["format"] == "date-time" and "From 2018-05-25" in received["description"]
    start = _properties(spec, "PlacementCreate")["start_date"]
    assert "5 years from today" in start["description"]


def _argument_schemas(app):
    for view in app.view_functions.values():
        methods = [getattr(view.view_class, m, None) for m in ("get", "post", "patch", "put")] \
            if hasattr(view, "view_class") else [view]
        for method in filter(None, methods):
            for parameter in getattr(method, "_apidoc", {}).get("arguments", {}).get("parameters", []):
                yield parameter["schema"]


def _unsafe_fields(schema: ma.Schema, prefix: str = "") -> list[str]:
    unsafe = []
    for name, field in schema.fields.items():
        label = f"{prefix}{type(schema).__name__}.{name}"
        if isinstance(field, ma.fields.Nested):
            unsafe += _unsafe_fields(field.schema, f"{label} > ")
        elif isinstance(field, ma.fields.List):
            if not any(isinstance(v, ma.validate.Length) and v.max for v in field.validators):
                unsafe.append(f"{label} (list without a maximum length)")
            inner = field.inner
            if not isinstance(inner, SAFE_FIELDS) and not _fixed_choice(inner):
                unsafe.append(f"{label}[] ({type(inner).__name__})")
        elif not isinstance(field, SAFE_FIELDS) and not _fixed_choice(field):
            unsafe.append(f"{label} ({type(field).__name__})")
    return unsafe


def _fixed_choice(field) -> bool:
    fixed = any(isinstance(v, ma.validate.OneOf) for v in field.validators)
    return isinstance(field, ma.fields.String) and fixed


def test_every_request_field_is_under_the_input_policy(app):
    schemas = list(_argument_schemas(app))
    assert len(schemas) >= 30
    unsafe = [problem for schema in schemas for problem in _unsafe_fields(schema())]
    assert unsafe == []
