"""What the router accepts and the redirects it makes.

URL parts: an `<int:...>` is at most the largest id a database column holds (2^31 - 1), and a
text part (a slug, a token, a language) holds no control character (a NUL byte, CR, LF...), so
that `/en/events/2147483648` or `/en/series/a%00b` is the router's plain 404 before any query
runs (PostgreSQL refused both with an error, a 500). The bounds are those of `bounds.py`.

Redirects (`/en/events` → `/en/events/`, doubled slashes merged): a path on this site, never a
URL on whatever host the request named. Werkzeug builds them absolute from the `Host` header, so
a request sent with `Host: evil.example` (through a cache or a proxy that passes it on) was
answered `Location: http://evil.example/...`.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import Flask, request
from werkzeug.routing import IntegerConverter, RequestRedirect, UnicodeConverter

from eventapp.bounds import MAX_INT


class BoundedInteger(IntegerConverter):
    """`<int:...>`: 0 to the largest id a column holds, unless the rule says otherwise."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


class PlainText(UnicodeConverter):
    """`<name>` and `<string:name>`: one path segment without control characters."""

    def __init__(self, map, *args, **kwargs) -> None:
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f]", 1)


def on_site(url: str) -> str:
    """`url`'s path and query alone: one leading slash, so that it cannot name another host."""
    parts = urlsplit(url)
    return urlunsplit(("", "", "/" + parts.path.lstrip("/\\"), parts.query, ""))


def _redirect_on_site() -> None:
    """Before the view: the router's pending redirect, made relative (Flask raises it after the
    `before_request` hooks, and answers routing errors without calling the error handlers)."""
    pending = request.routing_exception
    if isinstance(pending, RequestRedirect):
        request.routing_exception = RequestRedirect(on_site(pending.new_url))


def init_app(app: Flask) -> None:
    """Before any route is added: the converters are chosen when a rule joins the map."""
    app.url_map.converters.update(int=BoundedInteger, default=PlainText, string=PlainText)
    app.before_request_funcs.setdefault(None, []).insert(0, _redirect_on_site)
