"""The OpenAPI 3.1 document, generated: the routes of the app, each view's `Operation`, and the
JSON Schema of the models the views validate and answer with."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema

from eventapp.api.types import Id, Slug

JSON = "application/json"
BEARER = [{"bearer": []}]
OPTIONAL_BEARER = [{}, {"bearer": []}]
ERRORS = {
    "BadRequest": "A parameter makes no sense; `fields` gives the reason for each.",
    "NotFound": "No such event, or not visible to you.",
    "NoEntry": "No such entry.",
    "InvalidBody": "The body is not a JSON object, or some fields are refused: `fields` gives a "
    "message per field (`title.fr` for a text in one language).",
    "Unauthorized": "No bearer token, or an unknown or revoked one.",
    "Forbidden": "The token's owner may not act on this.",
    "Conflict": "The current state does not allow it (deleting a published event).",
    "InvalidChoice": "The body is not a JSON object, or the sessions chosen are unknown or "
    "overlap (`fields.sessions`).",
    "RegistrationRefused": "The event does not take this registration now: not open yet, "
    "closed, over, or without registration.",
    "NotYours": "The registration belongs to someone else.",
    "NoRegistration": "No registration has this id.",
    "WrongPassword": "The password is not the account's (`fields.password`).",
    "LastAdmin": "The token's owner is the only administrator: make another one first.",
}
ID, SLUG = TypeAdapter(Id).json_schema(), TypeAdapter(Slug).json_schema()
INLINE = "x-inline"  # a model's schema written where it is used, not as a component
Answer = type[BaseModel] | dict | str | None  # a model, a raw schema, an error's name, no body


@dataclass
class Operation:
    """What the document says of one view: the models it takes and answers with."""

    id: str
    summary: str
    answers: dict[int, tuple[Answer, str] | str] = field(default_factory=dict)
    description: str | None = None
    body: type[BaseModel] | None = None
    body_required: bool = True
    query: type[BaseModel] | None = None
    path: tuple[tuple[str, dict, str], ...] = ()  # name, schema, description, in the URL's order
    header: tuple[tuple[str, dict, str], ...] = ()  # optional request headers, as `path`
    security: list | None = None
    headers: dict[int, dict] = field(default_factory=dict)


def documented(**kwargs: Any) -> Callable:
    """Attach an `Operation` to a view (the document reads it from the registered view).

    An answer is `(model, text)` or the name of an error; what follows from the view is added:
    the bearer scheme and 401 behind `token_required`, 400 for a refused body."""

    def attach(view: Callable) -> Callable:
        op = Operation(**kwargs)
        op.answers = {s: a if isinstance(a, tuple) else (a, "") for s, a in op.answers.items()}
        if getattr(view, "bearer", False):
            op.security = op.security or BEARER
            op.answers.setdefault(401, ("Unauthorized", ""))
        if op.body is not None:
            op.answers.setdefault(400, ("InvalidBody", ""))
        view.operation = op  # type: ignore[attr-defined]
        return view

    return attach


def openapi_document(
    app: Flask, elsewhere: dict[str, Operation], info: dict, error: type[BaseModel]
) -> dict:
    """The document of every route under /api/v1 and of `elsewhere` (endpoint → operation);
    `error` is the shape of every refusal."""
    operations: list[tuple[str, str, Operation]] = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        op = getattr(view, "operation", None) or elsewhere.get(rule.endpoint)
        if op is None or not (rule.rule.startswith("/api/v1/") or rule.endpoint in elsewhere):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            operations.append((_path(rule.rule, op), method.lower(), op))
    models = [*_models(operations), (error, "serialization")]
    schemas = _schemas(models)
    paths: dict[str, dict] = {}
    for path, method, op in operations:
        paths.setdefault(path, {})[method] = _operation(op, schemas)
    return {
        "openapi": "3.1.0",
        "info": info,
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas["components"],
            "responses": {name: _json(_ref(error.__name__), text) for name, text in ERRORS.items()},
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token made with `flask --app eventapp create-token EMAIL` "
                    "or on the profile page.",
                }
            },
        },
    }


def _path(rule: str, op: Operation) -> str:
    names = iter(name for name, _schema, _text in op.path)
    return re.sub(r"<[^>]+>", lambda _m: "{" + next(names) + "}", rule)


def _models(operations: list) -> list[tuple[type[BaseModel], str]]:
    found: dict[type[BaseModel], str] = {}
    for _path, _method, op in operations:
        if op.body is not None:
            found[op.body] = "validation"
        for answer, _text in op.answers.values():
            if isinstance(answer, type):
                found[answer] = "serialization"
    return list(found.items())


def _schemas(models: list[tuple[type[BaseModel], str]]) -> dict:
    """Each model's schema, as components, and a reference to each by model."""
    keys, defs = models_json_schema(models, ref_template="#/components/schemas/{model}")
    refs = {model: tidy(ref) for (model, _mode), ref in keys.items()}
    components = {name: tidy(schema) for name, schema in sorted(defs.get("$defs", {}).items())}
    inline = {_ref(n)["$ref"]: s for n, s in components.items() if s.pop(INLINE, False)}
    kept = {n: tidy(s, inline) for n, s in components.items() if _ref(n)["$ref"] not in inline}
    return {"components": kept, "refs": refs}


def _operation(op: Operation, schemas: dict) -> dict:
    out: dict[str, Any] = {"operationId": op.id, "summary": op.summary}
    if op.description:
        out["description"] = op.description
    if op.security is not None:
        out["security"] = op.security
    params = [
        {"name": n, "in": "path", "required": True, "description": text, "schema": schema}
        for n, schema, text in op.path
    ]
    params += [
        {"name": n, "in": "header", "required": False, "description": text, "schema": schema}
        for n, schema, text in op.header
    ]
    if op.query is not None:
        params += _query_parameters(op.query)
    if params:
        out["parameters"] = params
    if op.body is not None:
        body = {JSON: {"schema": schemas["refs"][op.body]}}
        out["requestBody"] = {"required": op.body_required, "content": body}
    out["responses"] = {
        str(status): _answer(answer, text, schemas, op.headers.get(status))
        for status, (answer, text) in op.answers.items()
    }
    return out


def _answer(answer: Answer, text: str, schemas: dict, headers: dict | None) -> dict:
    if isinstance(answer, str):
        return {"$ref": f"#/components/responses/{answer}"}
    if answer is None:
        out = {"description": text}
    else:
        schema = schemas["refs"][answer] if isinstance(answer, type) else answer
        out = _json(schema, text)
    return {**out, "headers": headers} if headers else out


def _query_parameters(model: type[BaseModel]) -> list[dict]:
    schema = tidy(model.model_json_schema())
    params = []
    for name, prop in schema["properties"].items():
        param: dict[str, Any] = {"name": name, "in": "query"}
        for key in ("description", "style", "explode"):
            if key in prop:
                param[key] = prop.pop(key)
        params.append({**param, "schema": prop})
    return params


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def tidy(schema: Any, inline: dict[str, dict] | None = None) -> Any:
    """Pydantic's JSON Schema as the document writes it: no generated titles, no null default,
    `X | None` as `type: [X, "null"]` (or `oneOf` for objects), alternatives as `oneOf`; a
    reference to one of `inline` replaced by what it names."""
    if isinstance(schema, list):
        return [tidy(item, inline) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if inline and schema.get("$ref") in inline:
        schema = {**inline[schema["$ref"]], **{k: v for k, v in schema.items() if k != "$ref"}}
    out = {}
    for key, value in schema.items():
        if key == "title" and isinstance(value, str):
            continue
        if key == "default" and value in (None, [], ""):
            continue
        if key in ("properties", "$defs", "patternProperties"):
            out[key] = {name: tidy(sub, inline) for name, sub in value.items()}
        else:
            out[key] = tidy(value, inline)
    if "anyOf" in out:
        out = _alternatives(out)
    return out


def _alternatives(schema: dict) -> dict:
    options = schema.pop("anyOf")
    if any("required" in option for option in options):  # a rule over properties, not a union
        return {**schema, "anyOf": options}
    simple = [o for o in options if o != {"type": "null"}]
    if len(simple) == 1 and len(options) == 2 and isinstance(simple[0].get("type"), str):
        merged = {**simple[0], **schema, "type": [simple[0]["type"], "null"]}
        if "enum" in merged:
            merged["enum"] = [*merged["enum"], None]
        return merged
    return {**schema, "oneOf": options}
