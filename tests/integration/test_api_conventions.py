"""One error body, 413 for oversized bodies, OpenAPI document and docs page, no 500s."""

import pytest


def test_openapi_document_lists_the_subject_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json
    assert "/api/v1/subjects" in spec["paths"]
    assert "bearerAuth" in spec["components"]["securitySchemes"]


def test_interactive_docs_page_is_served_without_a_cdn(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert b"/api/v1/docs-assets/swagger-ui-bundle.js" in page.data
    asset = client.get("/api/v1/docs-assets/swagger-ui-bundle.js")
    assert asset.status_code == 200
    asset.close()


def test_oversized_body_gets_413(api_as, app):
    api = api_as("dpo")
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = api.post("/api/v1/subjects", data=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json["code"] == "request_entity_too_large"


@pytest.mark.parametrize(
    "body",
    ["{not json", "[]", "null", '"text"', '{"kind": ["candidate"]}', '{"name": {"a": 1}}'],
)
def test_malformed_bodies_are_4xx_never_500(api_as, body):
    response = api_as("dpo").post(
        "/api/v1/subjects", data=body, headers={"Content-Type": "application/json"}
    )
    assert 400 <= response.status_code < 500
    assert set(response.json) >= {"code", "message", "errors"}


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json["code"] == "not_found"


def test_bad_query_parameters_are_422(api_as):
    response = api_as("dpo").get("/api/v1/subjects", query_string={"per_page": 100000})
    assert response.status_code == 422 and "per_page" in response.json["errors"]
