"""The hostile-input walk: every route of the URL map, with what a probe sends, never a 500.

Each route is visited as an admin (a session for pages, a bearer token for the API; an admin
passes every gate, so the input reaches the code behind it) with:
- its URL arguments replaced by a NUL byte, CR/LF, and ids of 2^31, 2^63 and more;
- on GET, every query parameter the app reads set to a NUL byte, CR/LF, a year 0001 or 9999
  date, a huge or negative number;
- on a page's POST (with a real CSRF token), every field of every form set to each of those;
- on the API's writes, JSON nested 100,000 deep, and every property of the document's schemas
  set to each of those (and a 10 MB text).

Run on SQLite and on PostgreSQL (`TEST_DATABASE_URL`), whose refusals differ: PostgreSQL refuses
a NUL byte in any text and an integer beyond 32 bits with an error, SQLite takes both.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlencode

import pytest
from flask_wtf import FlaskForm
from route_world import route_world_fixture, url_values  # noqa: F401  (the fixture)
from support import log_in_as
from wtforms.fields.core import UnboundField

from eventapp.extensions import db

NUL, CRLF = "a\x00b", "a\r\nX-Injected: 1"
HUGE = ("2147483648", "9223372036854775808", "99999999999999999999999999")
TEXTS = (NUL, CRLF, "\\/\\/evil.example", "%2F%2Fevil.example")
DATES = ("0001-01-01", "9999-12-31", "0001-01-01T00:00", "9999-12-31T23:59:59-14:00")
NUMBERS = ("2147483648", "9223372036854775808", "-1", "1e308")
FORM_VALUES = (NUL, CRLF, *DATES, *NUMBERS)
# What the pages, the API and the feeds read from a query string (and a few they do not).
QUERY = ("q", "site", "series", "topic", "organisation", "type", "kind", "from", "to", "page",
         "per_page", "updated_since", "status", "session", "sessions", "next", "lang")  # fmt: skip
JSON_VALUES = (NUL, CRLF, 2**31, 2**63, -(2**63) - 1, 10**30, 1e308, "0001-01-01T00:00:00Z",
               "9999-12-31T23:59:59-14:00", "0001-01-01", [[[[]]]], {"a": {"b": NUL}})  # fmt: skip
DEEP = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 100_000 + "1" + "}" * 100_000
BIG = "x" * 10_000_000
MARK = 987654321  # where a URL argument goes, before the hostile value takes its place


def form_fields() -> set[str]:
    """Every field name of every form of the app."""
    names: set[str] = set()
    todo = [FlaskForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        names |= {n for n in dir(cls) if isinstance(getattr(cls, n, None), UnboundField)}
    return names - {"csrf_token"}


def request_bodies(document: dict, rule, method: str) -> list[dict]:
    """The bodies an API operation's document describes: its examples, or one empty object, each
    with every writable property of its schema present (the examples' values where given)."""
    path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
    operation = document["paths"].get(path, {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return [{}]
    schema = resolve(document, content["schema"])
    writable = {
        name: None
        for name, spec in schema.get("properties", {}).items()
        if not resolve(document, spec).get("readOnly")
    }
    return [{**writable, **example} for example in schema.get("examples") or [{}]]


def resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def hostile_copy(body, value):
    """`body` with each value in it (in objects and lists, at any depth) replaced by `value`."""
    if isinstance(body, dict):
        return {name: hostile_copy(inner, value) for name, inner in body.items()}
    if isinstance(body, list):
        return [hostile_copy(inner, value) for inner in body] or [value]
    return value


class Walker:
    """Visits routes as the admin and keeps every answer of 500 or more."""

    def __init__(self, app, world) -> None:
        self.app, self.world, self.failures = app, world, []
        self.bearer = {"Authorization": f"Bearer {world.api_tokens['admin']}"}
        self.count = 0

    def send(self, method: str, path: str, what: str, form: dict | None = None, **kwargs) -> None:
        """One request; a page's in a new session of the admin's (a walk may log out), a form
        with that session's CSRF token."""
        db.session.rollback()  # a new snapshot: see what the requests committed
        is_api = path.startswith("/api/")
        client = self.app.test_client()
        if not is_api:
            log_in_as(client, self.world.users["admin"])
        if form is not None:
            page = client.get("/en/account/profile").get_data(as_text=True)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
            kwargs["data"] = {**form, "csrf_token": token}
        headers = {**(self.bearer if is_api else {}), **kwargs.pop("headers", {})}
        self.count += 1
        try:
            status = client.open(path, method=method, headers=headers, **kwargs).status_code
        except Exception as error:  # TESTING propagates what would be a 500
            status = f"{type(error).__name__}: {str(error)[:120]}"
        if not isinstance(status, int) or status >= 500:
            self.failures.append(f"{method} {path[:120]} ({what}): {status}")

    def assert_no_failure(self) -> None:
        assert not self.failures, f"{len(self.failures)} server errors:\n" + "\n".join(
            self.failures
        )

    def path(self, rule, method: str, argument: str | None = None, value: str = "") -> str:
        """The rule's URL with real values, or with `argument` replaced by `value` as sent."""
        with self.app.test_request_context():
            values = url_values(rule.endpoint, set(rule.arguments), self.world, "admin", method)
            if argument is not None:
                values[argument] = MARK
            path = self.app.url_for(rule.endpoint, **values)
        return path.replace(str(MARK), quote(value, safe=""))


def rules(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule)):
        if rule.endpoint != "static":
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


@pytest.fixture
def walker(app, route_world):
    for limit in ("AUTH_RATE_LIMIT", "GUEST_RATE_LIMIT", "GUEST_ADDRESS_RATE_LIMIT"):
        app.config[limit] = "100000 per minute"  # the walk sends many
    return Walker(app, route_world)


def test_hostile_url_arguments(app, walker):
    for rule, method in rules(app):
        for argument in rule.arguments:
            for value in (*TEXTS, *HUGE):
                walker.send(method, walker.path(rule, method, argument, value), argument)
    walker.assert_no_failure()
    assert walker.count > 500  # the walk went through the map


def test_hostile_query_strings(app, walker):
    for rule, method in rules(app):
        if method != "GET":
            continue
        base = walker.path(rule, method)
        for value in (*TEXTS, *DATES, *NUMBERS):
            walker.send(method, f"{base}?{urlencode(dict.fromkeys(QUERY, value))}", value)
        for name in QUERY:  # one at a time too: a refusal of one must not hide another
            walker.send(method, f"{base}?{urlencode({name: NUL})}", name)
    walker.assert_no_failure()


def test_hostile_form_fields(app, walker):
    fields = form_fields()
    assert {"title_en", "capacity", "start", "email", "password", "name"} <= fields
    for rule, method in rules(app):
        if method == "GET" or rule.rule.startswith("/api/"):
            continue
        for value in FORM_VALUES:
            form = dict.fromkeys(fields, value)
            walker.send(method, walker.path(rule, method), repr(value), form=form)
    walker.assert_no_failure()


def test_hostile_json(app, walker, client):
    document = client.get("/api/v1/openapi.json").get_json()
    for rule, method in rules(app):
        if method == "GET" or not rule.rule.startswith("/api/"):
            continue
        path = walker.path(rule, method)
        bodies = request_bodies(document, rule, method)
        big = json.dumps(hostile_copy(bodies[0], BIG))
        for raw in (DEEP, DEEP_OBJECT, big):
            walker.send(method, path, f"{raw[:8]}…", data=raw, content_type="application/json")
        for body in bodies:
            for value in JSON_VALUES:
                walker.send(method, path, repr(value)[:20], json=hostile_copy(body, value))
                for name in body:  # one property at a time, the others as the example gives
                    walker.send(method, path, name, json={**body, name: value})
    walker.assert_no_failure()
