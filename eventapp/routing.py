"""The redirects the router itself makes (`/en/events` → `/en/events/`, doubled slashes merged):
a path on this site, never a URL on whatever host the request named.

Werkzeug builds them absolute from the `Host` header, so a request sent with `Host: evil.example`
(through a cache or a proxy that passes it on) was answered `Location: http://evil.example/...`.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import Flask, request
from werkzeug.routing import RequestRedirect


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
    app.before_request_funcs.setdefault(None, []).insert(0, _redirect_on_site)
