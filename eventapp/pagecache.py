"""Pages kept like feeds: built once per version of the published data, then served from memory.

What a list shows (its filters, its cards, its counts) depends only on the published data, the
language and the query. The data version the feeds keep (`feed_state`, moved in the same
transaction as any change a list shows) and the next instant at which an event ends (when an
upcoming list loses it and the archive gains it) name that data exactly, so a fragment kept
under them is the one any process would build now: no change is ever shown late.

- `fragment(key, build)` keeps the reader-independent part of a page (a list's filters and
  cards) for everyone, signed in or not;
- `anonymous_page(key, build)` keeps a whole page for readers with no account and no message
  waiting, whose page holds nothing of their own, and answers it with a strong ETag and 304.

Each process keeps its own memo (`current_app.extensions`), bounded in bytes, least recently
used out: a new version simply stops matching the old entries. The deployment's code, templates
and catalogues are part of every key, so a deploy never serves a page made by the previous one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from flask import Response, current_app, get_flashed_messages, request
from flask_login import current_user
from markupsafe import Markup

from eventapp.extensions import db
from eventapp.memo import SizedMemo

MEMO_BYTES = 32 * 1024 * 1024
VERSION_READER = "eventapp.data_version"  # in app.extensions: conn -> a hashable version
_ROOT = Path(__file__).resolve().parent


@cache
def deployment_digest() -> str:
    """The code, templates and compiled catalogues this process serves pages with."""
    digest = hashlib.sha256()
    roots = (_ROOT, _ROOT.parent / "templates")
    for path in sorted(p for root in roots for p in root.rglob("*") if p.is_file()):
        if path.suffix in {".py", ".html", ".txt", ".mo"}:
            digest.update(str(path.relative_to(_ROOT.parent)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def register_version_reader(app, reader: Callable[[object], object]) -> None:
    """Set how the data version is read (the feeds keep it; they register it at start)."""
    app.extensions[VERSION_READER] = reader


def page_key(*parts: object) -> str:
    """A key for what `parts` name, under the current data version and deployment."""
    reader = current_app.extensions.get(VERSION_READER)
    version = reader(db.session.connection()) if reader else None
    text = "|".join(map(repr, (deployment_digest(), version, *parts)))
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def _memo() -> SizedMemo[str]:
    memo = current_app.extensions.get("eventapp.page_memo")
    if memo is None:
        memo = current_app.extensions.setdefault("eventapp.page_memo", SizedMemo(MEMO_BYTES))
    return memo


def fragment(key: str, build: Callable[[], str]) -> Markup:
    """The HTML `build()` makes for `key`, made once per key by this process."""
    memo = _memo()
    html = memo.get("f:" + key)
    if html is None:
        html = str(build())
        memo.put("f:" + key, html)
    return Markup(html)


def is_anonymous_reader() -> bool:
    """A reader whose page holds nothing of their own: no account, no message waiting."""
    if current_user.is_authenticated:
        return False
    return not get_flashed_messages()  # peeks: a message is shown by the page that renders it


def anonymous_page(key: str, build: Callable[[], str]) -> Response:
    """The whole page for an anonymous reader, from memory, with a strong ETag (304 when the
    reader's copy is current)."""
    etag = "p" + key
    if request.if_none_match and request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        memo = _memo()
        html = memo.get("p:" + key)
        if html is None:
            html = str(build())
            memo.put("p:" + key, html)
        response = Response(html, mimetype="text/html")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"  # keep it, but ask each time (a cheap 304)
    return response
