"""Point 2 of issue 22: the OpenAPI 3 schema is valid, and every documented endpoint answers as
documented (status, content type, the envelope's and each object's required keys)."""

import re

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def resolve(schema, node):
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        node = schema["components"]["schemas"][name]
    return node


def check(schema, node, value, where):
    """Check a value against the documented schema: types, required keys, enums, recursively."""
    node = resolve(schema, node)
    if value is None:
        assert node.get("nullable") or "oneOf" in node, f"{where}: null not documented"
        return
    if "allOf" in node:
        for part in node["allOf"]:
            check(schema, part, value, where)
        return
    if "oneOf" in node:
        return  # a nullable component reference: checked where it is used without null
    kind = node.get("type")
    if kind == "object":
        assert isinstance(value, dict), where
        for key in node.get("required", []):
            assert key in value, f"{where}: missing {key}"
        for key, item in value.items():
            properties = node.get("properties", {})
            assert key in properties or node.get("additionalProperties"), f"{where}: {key}"
            if key in properties:
                check(schema, properties[key], item, f"{where}.{key}")
    elif kind == "array":
        assert isinstance(value, list), where
        for index, item in enumerate(value):
            check(schema, node["items"], item, f"{where}[{index}]")
    elif kind == "integer":
        assert isinstance(value, int), where
    elif kind == "string":
        assert isinstance(value, str), where
        if "enum" in node:
            assert value in node["enum"], where
    elif kind == "boolean":
        assert isinstance(value, bool), where


def test_schema_is_valid_openapi_3(schema):
    validate(schema)  # raises on any error against the OpenAPI 3 specification
    assert schema["openapi"].startswith("3.")
    documented = set(schema["paths"])
    assert {
        "/api/v1/companies/",
        "/api/v1/companies/{slug}/",
        "/api/v1/events/",
        "/api/v1/events/{slug}/",
        "/api/v1/council/meetings/",
        "/api/v1/council/meetings/{id}/",
        "/api/v1/council/grievances/",
        "/api/v1/council/grievances/{id}/",
        "/api/v1/heritage/stories/",
        "/api/v1/heritage/stories/{slug}/",
    } <= documented


def test_every_documented_endpoint_answers_as_documented(schema, client, seeded):
    path_values = {
        "/api/v1/companies/{slug}/": seeded["company"].slug,
        "/api/v1/events/{slug}/": seeded["event"].slug,
        "/api/v1/council/meetings/{id}/": seeded["meeting"].pk,
        "/api/v1/council/grievances/{id}/": seeded["grievance"].pk,
        "/api/v1/heritage/stories/{slug}/": seeded["story"].slug,
    }
    checked = 0
    for path, operations in schema["paths"].items():
        operation = operations["get"]
        url = re.sub(r"\{[^}]+\}", str(path_values.get(path, "")), path)
        response = client.get(url)
        assert response.status_code == 200, url
        documented = operation["responses"]["200"]["content"]
        assert response["Content-Type"].split(";")[0] in documented, url
        body = response.json()
        check(schema, documented["application/json"]["schema"], body, url)
        if "results" in body:
            assert body["results"], f"{url}: nothing to check the items against"
        # Every documented query parameter is known to the endpoint: an unknown value of it is
        # refused with 400 (choices, numbers, dates) or read (free text), never a server error.
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query":
                bad = client.get(url, {parameter["name"]: "\uffff" * 3})
                assert bad.status_code in (200, 400), (url, parameter["name"])
        checked += 1
    assert checked == 10


def test_docs_page_loads_its_files_from_the_site(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html and "<style>" not in html  # nothing inline: the CSP holds
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script = client.get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()
