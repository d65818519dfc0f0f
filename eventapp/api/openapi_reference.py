"""The OpenAPI paths and schemas of the reference data (organisations, venues, series, topics,
people), merged into the document by `openapi.openapi_document`. Pure data, no Flask imports."""

from __future__ import annotations

from eventapp.api.openapi import _error_ref, _json, _object, _page_parameters, _ref, _text

# name, schema name, key parameter, operation id stem (singular), plural stem, what it is
RESOURCES = (
    ("organisations", "Organisation", "slug", "Organisation", "Organisations",
     "Organisations that host events, each at a site."),
    ("venues", "VenueRecord", "id", "Venue", "Venues", "Rooms and their address at a site."),
    ("series", "Series", "slug", "Series", "SeriesList", "Recurring seminar series."),
    ("topics", "Topic", "slug", "Topic", "Topics", "Subjects events are filed under."),
    ("people", "Person", "id", "Person", "People", "Speakers, with their affiliation."),
)  # fmt: skip
SITES = ["paris-saclay", "oxford", "cambridge"]
WRITE_NOTE = (
    "Admins only (a bearer token of an admin account). Computed fields (`id`) and unknown "
    'properties are ignored; a bilingual field is an object `{"fr", "en"}`, and at least one '
    "of the two must be written. Slugs are lower-case letters, digits and hyphens, unique, and "
    "never change once a published or cancelled event uses them (there is no redirect: a change "
    "is refused)."
)


def reference_paths(per_page: int, max_per_page: int) -> dict:
    """The list/create and read/update paths of each kind of reference data."""
    paths = {}
    for name, schema, key, one, many, about in RESOURCES:
        paths[f"/api/v1/{name}"] = {
            "get": _list(name, schema, many, about, per_page, max_per_page),
            "post": _write(f"create{one}", schema, created=True),
        }
        paths[f"/api/v1/{name}/{{{key}}}"] = {
            "get": _read(f"get{one}", schema, key),
            "patch": {**_write(f"update{one}", schema, created=False), "parameters": [_key(key)]},
        }
    return paths


def _key(key: str) -> dict:
    schema = (
        {"type": "integer", "minimum": 1}
        if key == "id"
        else {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
    )
    return {"name": key, "in": "path", "required": True, "schema": schema}


def _list(name: str, schema: str, many: str, about: str, per_page: int, max_pp: int) -> dict:
    return {
        "operationId": f"list{many}",
        "summary": f"{about} Public: no token needed.",
        "parameters": _page_parameters(per_page, max_pp),
        "responses": {
            "200": _json(_ref(f"{schema}List"), f"One page of {name}."),
            "400": _error_ref("BadRequest"),
        },
    }


def _read(operation: str, schema: str, key: str) -> dict:
    return {
        "operationId": operation,
        "summary": "One entry. Public: no token needed.",
        "parameters": [_key(key)],
        "responses": {"200": _json(_ref(schema), "The entry."), "404": _error_ref("NoEntry")},
    }


def _write(operation: str, schema: str, *, created: bool) -> dict:
    body = {"required": True, "content": {"application/json": {"schema": _ref(f"{schema}Input")}}}
    done = "201" if created else "200"
    responses = {
        done: _json(_ref(schema), "The entry as saved."),
        "400": _json(_ref("Error"), "Refused; `fields` gives a message for each wrong field."),
        "401": _json(_ref("Error"), "No token, or an unknown or revoked one."),
        "403": _json(_ref("Error"), "The token's owner is not an admin."),
    }
    if created:
        responses[done]["headers"] = {"Location": {"schema": {"type": "string"}}}
    else:
        responses["404"] = _error_ref("NoEntry")
    return {
        "operationId": operation,
        "summary": ("Create" if created else "Change (only the properties given)") + " an entry.",
        "description": WRITE_NOTE,
        "security": [{"bearer": []}],
        "requestBody": body,
        "responses": responses,
    }


def _site(*, nullable: bool) -> dict:
    if nullable:
        return {"type": ["string", "null"], "enum": [*SITES, None]}
    return {"type": "string", "enum": SITES}


def _fields() -> dict[str, dict]:
    """The properties of each kind, as read."""
    slug = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 60}
    text = _ref("LocalisedText")
    return {
        "Organisation": {
            "slug": slug, "name": text, "url": {**_text(nullable=True), "format": "uri"},
            "site": _site(nullable=False),
        },
        "VenueRecord": {
            "name": text, "address": _text(), "site": _site(nullable=False),
            "capacity": {"type": ["integer", "null"], "minimum": 0},
        },
        "Series": {
            "slug": slug, "title": text, "description": text, "site": _site(nullable=True),
        },
        "Topic": {"slug": slug, "name": text},
        "Person": {"name": _text(), "affiliation": _text(nullable=True)},
    }  # fmt: skip


def reference_schemas() -> dict:
    """Each kind as read, as a list page, and as written."""
    schemas: dict[str, dict] = {
        "LocalisedTextInput": {
            "type": "object",
            "properties": {lang: _text(nullable=True) for lang in ("fr", "en")},
            "description": "Only the languages given change.",
        }
    }
    for name, properties in _fields().items():
        schemas[name] = _object({"id": {"type": "integer"}, **properties})
        schemas[f"{name}List"] = _object(
            {
                "items": {"type": "array", "items": _ref(name)},
                "total": {"type": "integer", "minimum": 0},
                "next": {"type": ["string", "null"], "format": "uri"},
            }
        )
        writable = {
            key: _ref("LocalisedTextInput") if value == _ref("LocalisedText") else value
            for key, value in properties.items()
        }
        schemas[f"{name}Input"] = {"type": "object", "properties": writable}
    return schemas


def reference_responses() -> dict:
    return {"NoEntry": _json(_ref("Error"), "No such entry.")}
