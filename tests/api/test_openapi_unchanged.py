"""The generated document against the hand-written one it replaced (fixtures/openapi-before.json):
every path, operation, parameter, status, field and JSON type is still there. Constraints may be
added; nothing may be removed or renamed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BEFORE = Path(__file__).parent / "fixtures" / "openapi-before.json"


def shapes(doc: dict) -> set[tuple[str, str]]:
    """(where, JSON type) for every field the document describes, $refs followed."""
    found: set[tuple[str, str]] = set()
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            where = f"{method.upper()} {path}"
            found.add((where, "operation"))
            for param in op.get("parameters", []):
                _walk(doc, param["schema"], f"{where} {param['in']}:{param['name']}", found)
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                _walk(doc, body["schema"], f"{where} body", found)
            for status, answer in op["responses"].items():
                answer = _resolve(doc, answer)
                found.add((f"{where} -> {status}", "status"))
                content = answer.get("content", {}).get("application/json")
                if content:
                    _walk(doc, content["schema"], f"{where} -> {status}", found)
    return found


def _resolve(doc: dict, node: dict) -> dict:
    while "$ref" in node:
        target = doc
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _walk(doc: dict, schema: dict, where: str, found: set, depth: int = 0) -> None:
    schema = _resolve(doc, schema)
    if depth > 8:
        return
    for option in schema.get("oneOf", []) + schema.get("anyOf", []):
        _walk(doc, option, where, found, depth + 1)
    kinds = schema.get("type", [])
    for kind in [kinds] if isinstance(kinds, str) else kinds:
        found.add((where, kind))
    for name, sub in schema.get("properties", {}).items():
        _walk(doc, sub, f"{where}.{name}", found, depth + 1)
    if isinstance(schema.get("items"), dict):
        _walk(doc, schema["items"], f"{where}[]", found, depth + 1)


@pytest.fixture
def before() -> dict:
    return json.loads(BEFORE.read_text(encoding="utf-8"))


def test_nothing_documented_before_is_gone(client, before):
    now = client.get("/api/v1/openapi.json").get_json()
    missing = sorted(shapes(before) - shapes(now))
    assert missing == []


def test_the_check_notices_a_missing_field(before):
    after = json.loads(json.dumps(before))
    del after["components"]["schemas"]["Event"]["properties"]["places_left"]
    after["components"]["schemas"]["Session"]["properties"]["room"]["type"] = "string"
    missing = shapes(before) - shapes(after)
    assert ("GET /api/v1/events/{id} -> 200.places_left", "integer") in missing
    assert ("GET /api/v1/events/{id} -> 200.sessions[].room", "null") in missing
