"""The OpenAPI document: well formed, covering every route, and matching what the API answers."""

from __future__ import annotations

import copy
import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import pytest

from eventapp.extensions import db
from eventapp.reference.models import Series

CONTRACT_EVENT_FIELDS = {
    "id", "kind", "status", "site", "timezone", "all_day", "start", "end", "title", "summary",
    "description", "url", "ics", "capacity", "places_left", "language", "venue", "online_url",
    "organisations", "topics", "series", "registration_opens", "registration_closes", "sequence",
    "updated_at", "sessions", "speakers", "cancel_reason", "source",
}  # fmt: skip
PYTHON_TYPES = {
    "string": str, "integer": int, "number": (int, float), "boolean": bool, "object": dict,
    "array": list, "null": type(None),
}  # fmt: skip


@pytest.fixture
def doc(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def resolve(doc: dict, ref: str) -> dict:
    assert ref.startswith("#/"), ref
    node = doc
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def schema(doc: dict, name: str) -> dict:
    return doc["components"]["schemas"][name]


# --- a small validator for the part of JSON Schema the document uses ---------------------------


def problems(value, spec: dict, doc: dict, where: str = "$") -> list[str]:
    """What is wrong with `value` under `spec` (empty when it conforms)."""
    if "$ref" in spec:
        spec = resolve(doc, spec["$ref"])
    if "oneOf" in spec:
        matching = [s for s in spec["oneOf"] if not problems(value, s, doc, where)]
        return [] if len(matching) == 1 else [f"{where}: matches {len(matching)} of oneOf"]
    found = _type_problems(value, spec, where)
    if found:
        return found
    if "enum" in spec and value not in spec["enum"]:
        return [f"{where}: {value!r} not in {spec['enum']}"]
    if isinstance(value, dict):
        return _object_problems(value, spec, doc, where)
    if isinstance(value, list):
        items = spec.get("items", {})
        return [p for i, v in enumerate(value) for p in problems(v, items, doc, f"{where}[{i}]")]
    return _scalar_problems(value, spec, where)


def _type_problems(value, spec: dict, where: str) -> list[str]:
    if "type" not in spec:
        return []
    types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    for name in types:
        is_bool = isinstance(value, bool)
        if isinstance(value, PYTHON_TYPES[name]) and (name == "boolean" or not is_bool):
            return []
    return [f"{where}: {value!r} is not {types}"]


def _object_problems(value: dict, spec: dict, doc: dict, where: str) -> list[str]:
    props = spec.get("properties", {})
    found = [f"{where}: missing {k}" for k in spec.get("required", []) if k not in value]
    extra = spec.get("additionalProperties", True)
    for key, item in value.items():
        if key in props:
            found += problems(item, props[key], doc, f"{where}.{key}")
        elif extra is False:
            found.append(f"{where}: unexpected {key}")
        elif isinstance(extra, dict):
            found += problems(item, extra, doc, f"{where}.{key}")
    return found


def _scalar_problems(value, spec: dict, where: str) -> list[str]:
    if value is None:
        return []
    if "minimum" in spec and value < spec["minimum"]:
        return [f"{where}: {value} below {spec['minimum']}"]
    fmt = spec.get("format")
    if fmt == "date-time":
        ok = "T" in value and datetime.fromisoformat(value).tzinfo is not None
    elif fmt == "date":
        ok = bool(date.fromisoformat(value))
    elif fmt == "uri":
        ok = urlsplit(value).scheme in ("http", "https") and bool(urlsplit(value).netloc)
    else:
        ok = True
    return [] if ok else [f"{where}: {value!r} is not a {fmt}"]


# --- the document ------------------------------------------------------------------------------


def test_document_is_openapi_3_1_with_a_relative_server(doc):
    assert doc["openapi"] == "3.1.0"
    assert doc["info"]["title"] and doc["info"]["version"] == "1"
    assert doc["servers"] == [{"url": "/"}]


def _shape(path: str) -> str:
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", path)


def test_paths_are_exactly_the_api_routes_and_their_methods(app, doc):
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1") or rule.rule == "/healthz":
            methods = {m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}}
            routes.setdefault(_shape(rule.rule), set()).update(methods)
    documented = {_shape(path): set(ops) for path, ops in doc["paths"].items()}
    assert documented == routes
    assert "/api/v1/events/{id}" in doc["paths"]


def test_every_reference_resolves(doc):
    refs = re.findall(r'"\$ref": "([^"]+)"', repr(doc).replace("'", '"'))
    assert len(refs) > 10
    for ref in refs:
        assert isinstance(resolve(doc, ref), dict), ref


def test_every_operation_has_an_id_and_responses(doc):
    ids = [op["operationId"] for ops in doc["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    assert {"listEvents", "getEvent", "getMe", "getOpenAPI", "health"} <= set(ids)
    for ops in doc["paths"].values():
        for op in ops.values():
            assert {"200", "201", "202", "204"} & set(op["responses"])


def test_list_parameters_are_the_contract_filters(doc):
    params = {p["name"]: p for p in doc["paths"]["/api/v1/events"]["get"]["parameters"]}
    assert set(params) == {
        "site", "type", "topic", "series", "organisation", "q", "from", "to", "page", "per_page",
        "when",
    }  # fmt: skip
    assert params["when"]["schema"]["enum"] == ["upcoming", "past", "all"]
    assert params["when"]["schema"]["default"] == "upcoming"
    for name in ("site", "type", "topic", "series", "organisation"):
        assert params[name]["schema"]["type"] == "array"
        assert (params[name]["style"], params[name]["explode"]) == ("form", True)
    assert params["type"]["schema"]["items"]["enum"] == ["seminar", "workshop", "symposium"]
    assert (
        params["from"]["schema"] == params["to"]["schema"] == {"type": "string", "format": "date"}
    )
    assert params["per_page"]["schema"] == {
        "type": "integer", "minimum": 1, "maximum": 100, "default": 50,
    }  # fmt: skip
    assert params["page"]["schema"]["minimum"] == 1
    assert all(p["in"] == "query" for p in params.values())


def test_event_schema_has_every_contract_field_with_its_nullability(doc):
    event = schema(doc, "Event")
    assert set(event["properties"]) == CONTRACT_EVENT_FIELDS
    assert set(event["required"]) == CONTRACT_EVENT_FIELDS
    props = event["properties"]
    assert props["kind"]["enum"] == ["seminar", "workshop", "symposium"]
    assert props["status"]["enum"] == ["draft", "published", "cancelled"]
    assert props["language"]["enum"] == ["fr", "en", "both"]
    for nullable in ("capacity", "places_left", "series", "online_url", "registration_opens"):
        assert "null" in props[nullable]["type"], nullable
    for required in ("id", "start", "end", "updated_at", "sequence", "all_day", "site"):
        assert "null" not in props[required]["type"], required
    assert {"type": "null"} in props["venue"]["oneOf"]
    assert schema(doc, "LocalisedText")["properties"]["fr"]["type"] == ["string", "null"]
    assert schema(doc, "Links")["properties"]["en"] == {"type": "string", "format": "uri"}
    assert set(schema(doc, "Session")["properties"]) == {
        "id", "title", "start", "end", "room", "speakers", "capacity",
    }  # fmt: skip
    assert set(schema(doc, "EventList")["properties"]) == {"items", "total", "next"}


def test_error_schema(doc):
    error = schema(doc, "Error")["properties"]["error"]
    assert set(error["properties"]) == {"message", "fields"}
    assert error["properties"]["fields"]["additionalProperties"] == {"type": "string"}


# --- the document against real answers --------------------------------------------------------


@pytest.fixture
def answers(client, make_event) -> dict:
    series = Series(slug="hi-paris-talks", title_en="Hi! PARIS talks")
    db.session.add(series)
    db.session.commit()
    full = make_event(
        sessions=2, organisations=1, topics=2, series=series, capacity=12, summary_en="Short",
        online_url="https://meet.example.org/x",
        registration_opens_at=datetime(2026, 11, 1, tzinfo=UTC),
    )  # fmt: skip
    bare = make_event(site="oxford", venue=False, title_en=None, all_day=True)
    return {
        "full": client.get(f"/api/v1/events/{full.id}").get_json(),
        "bare": client.get(f"/api/v1/events/{bare.id}").get_json(),
        "list": client.get("/api/v1/events?per_page=1").get_json(),
    }


def test_an_answer_has_exactly_the_documented_properties(doc, answers):
    event = answers["full"]
    assert set(event) == set(schema(doc, "Event")["properties"])
    assert set(event["sessions"][0]) == set(schema(doc, "Session")["properties"])
    assert set(event["sessions"][0]["speakers"][0]) == set(schema(doc, "Speaker")["properties"])
    assert set(event["venue"]) == set(schema(doc, "Venue")["properties"])
    assert set(answers["list"]) == set(schema(doc, "EventList")["properties"])


def test_answers_conform_to_the_schemas(doc, answers):
    assert problems(answers["full"], {"$ref": "#/components/schemas/Event"}, doc) == []
    assert problems(answers["bare"], {"$ref": "#/components/schemas/Event"}, doc) == []
    assert answers["list"]["next"] and answers["list"]["total"] == 2
    assert problems(answers["list"], {"$ref": "#/components/schemas/EventList"}, doc) == []


@pytest.mark.parametrize("url", ["/api/v1/events?site=atlantis&page=0", "/api/v1/events/404"])
def test_errors_conform_to_the_error_schema(client, sites, doc, url):
    body = client.get(url).get_json()
    assert problems(body, {"$ref": "#/components/schemas/Error"}, doc) == []


def test_health_conforms(client, doc):
    body = client.get("/healthz").get_json()
    assert problems(body, {"$ref": "#/components/schemas/Health"}, doc) == []


@pytest.mark.parametrize(
    "spoil",
    [
        lambda e: e.update(extra=1),
        lambda e: e.pop("summary"),
        lambda e: e.update(kind="party"),
        lambda e: e.update(start="2026-12-01T14:00:00"),
        lambda e: e.update(capacity="ten"),
        lambda e: e.update(all_day=1),
        lambda e: e["title"].pop("en"),
        lambda e: e["url"].update(fr=None),
        lambda e: e["sessions"][0]["speakers"][0].update(name=None),
        lambda e: e.update(venue={"id": 1}),
    ],
)
def test_the_check_notices_an_answer_that_drifts(doc, answers, spoil):
    event = copy.deepcopy(answers["full"])
    spoil(event)
    assert problems(event, {"$ref": "#/components/schemas/Event"}, doc) != []
