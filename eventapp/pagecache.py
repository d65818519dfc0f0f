"""Pages kept like feeds: built once per version of the published data, then served from memory.

What a list shows (its filters, its cards, its counts) depends only on the published data, the
language and the query. The data version the feeds keep (`feed_state`, moved in the same
transaction as any change a list shows) and the next instant at which an event ends (when an
upcoming list loses it and the archive gains it) name that data exactly, so a fragment kept
under them is the one any process would build now: no change is ever shown late.

- `fragment(key, build)` keeps the reader-independent part of a page (a list's filters and
  cards) for everyone, signed in or not;
- `fragments(keys, build)` does it for many at once (the cards of a list, `data_key` each);
- `anonymous_page(key, build)` keeps a whole page for readers with no account and no message
  waiting, whose page holds nothing of their own, and answers it with a strong ETag and 304;
  a page with a form keeps a mark where its CSRF token goes, and each reader gets their own
  token there (such a page has no ETag: the token in a reader's copy ages);
- `joined_page(key, build, parts)` keeps a page's body for every other reader (signed in, or
  with a message waiting) with a mark where each of the reader's own parts goes (`hole`: their
  account links, messages, registration box, Edit button), and joins in the parts `parts`
  renders for this reader, small, per request;
- `answer(key, build, mimetype)` keeps a response body that is everyone's (the API's lists).

Registration is not in the data version (calendars do not show places, capacity or windows),
so the pages that show it add `places_state(event ids, now)` to their key: registrations
register how it is read, as the feeds register the data version.

Each process keeps its own memo (`current_app.extensions`), bounded in bytes, least recently
used out: a new version simply stops matching the old entries. The deployment's code, templates
and catalogues are part of every key, so a deploy never serves a page made by the previous one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TypeVar

from flask import Response, current_app, g, get_flashed_messages, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import Connection

from eventapp.extensions import db
from eventapp.memo import SizedMemo

MEMO_BYTES = 32 * 1024 * 1024
# In app.extensions: (conn[, now]) -> a hashable version (with `now`, and the next end then).
VERSION_READER = "eventapp.data_version"
# In app.extensions: (conn, event ids, now) -> hashable.
PLACES_READER = "eventapp.places_state"
_READS = "pagecache_reads"  # in `g`: the request's autocommit connection
_VERSION = "pagecache_version"  # in `g`: the data version `data_key` read
_UNREAD = object()
# Where `fragments` keeps its pieces in the memo (apart from whole lists and pages: the search
# benchmark forgets those and keeps these for its figure with cards kept).
PIECE = "c:"
# Where a kept page's CSRF token goes: a string no page holds otherwise (NUL never reaches HTML).
TOKEN_MARK = "\x00csrf-token\x00"
K = TypeVar("K")
_HOLES = "pagecache_holes"  # in `g` while a body with holes for the reader's parts is built
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


def init_app(app, version_reader: Callable[..., object]) -> None:
    """Set how the data version is read (the feeds keep it), and close each request's reads;
    templates mark a reader's own parts with `reader_hole` (see `_macros/reader.html`)."""
    app.extensions[VERSION_READER] = version_reader
    app.teardown_appcontext(_close_reads)
    app.jinja_env.globals["reader_hole"] = hole


def reads() -> Connection:
    """This request's connection for the reads that decide whether a kept answer will do (the
    data version, the places), in autocommit: no BEGIN and no ROLLBACK go to the server around
    them, which for a kept page or a 304 is most of its round trips. One per request, closed at
    its end. What a request builds after them it reads through the session, later, so never
    older than the version it is kept under."""
    conn = g.get(_READS)
    if conn is None:
        conn = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        setattr(g, _READS, conn)
    return conn


def _close_reads(_exc: BaseException | None = None) -> None:
    conn = g.pop(_READS, None)
    if conn is not None:
        conn.close()


def register_places_reader(
    app, reader: Callable[[Connection, Iterable[int], datetime], object]
) -> None:
    """Set how the registration state of events is read (registrations register it)."""
    app.extensions[PLACES_READER] = reader


def places_state(event_ids: Iterable[int], now: datetime) -> object:
    """What pages show of these events' registration at `now`, as part of a key."""
    reader = current_app.extensions.get(PLACES_READER)
    return reader(reads(), event_ids, now) if reader else None


def page_key(*parts: object, now: datetime | None = None) -> str:
    """A key for what `parts` name, under the current data version and deployment; with `now`,
    for a list of events at `now` (the next end of an event is part of the version then)."""
    reader = current_app.extensions.get(VERSION_READER)
    version = (reader(reads()) if now is None else reader(reads(), now)) if reader else None
    text = "|".join(map(repr, (deployment_digest(), version, *parts)))
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def data_key(*parts: object) -> str:
    """A key for what `parts` name under the data version alone (no `now`) and deployment: the
    version is read once per request, whatever the number of keys."""
    version = g.get(_VERSION, _UNREAD)
    if version is _UNREAD:
        reader = current_app.extensions.get(VERSION_READER)
        version = reader(reads()) if reader else None
        setattr(g, _VERSION, version)
    text = "|".join(map(repr, (deployment_digest(), version, *parts)))
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def subkey(key: str, *parts: object) -> str:
    """A key for what `parts` add to what `key` names (no second read of the data version)."""
    return hashlib.sha256("|".join(map(repr, (key, *parts))).encode()).hexdigest()[:40]


def kept_ids(key: str, find: Callable[[], tuple[list[int], int]]) -> tuple[list[int], int]:
    """The ids of a page and the number of matches, as `find()` gives them, kept under `key`."""
    memo = _memo()
    text = memo.get("i:" + key)
    if text is None:
        ids, total = find()
        text = f"{total}:{','.join(map(str, ids))}"
        memo.put("i:" + key, text)
    total, _, ids = text.partition(":")
    return [int(i) for i in ids.split(",") if i], int(total)


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


def fragments(
    keys: Mapping[K, str], build: Callable[[list[K]], Mapping[K, str]]
) -> dict[K, Markup]:
    """`fragment` for many at once: the HTML of each of `keys`, those this process does not
    keep yet made by one call of `build(their names)` (a name it omits has no fragment)."""
    memo = _memo()
    found = {name: memo.get(PIECE + key) for name, key in keys.items()}
    missing = [name for name, html in found.items() if html is None]
    if missing:
        for name, html in build(missing).items():
            found[name] = str(html)
            memo.put(PIECE + keys[name], found[name])
    return {name: Markup(html) for name, html in found.items() if html is not None}


def is_anonymous_reader() -> bool:
    """A reader whose page holds nothing of their own: no account, no message waiting."""
    if current_user.is_authenticated:
        return False
    return not get_flashed_messages()  # peeks: a message is shown by the page that renders it


def anonymous_page(key: str, build: Callable[[], str]) -> Response:
    """The whole page for an anonymous reader, from memory, with a strong ETag (304 when the
    reader's copy is current); a page with a form gets this reader's own CSRF token."""
    etag = "p" + key
    memo = _memo()
    html = memo.get("p:" + key)
    if html is None:
        html = _marked(str(build()))
        memo.put("p:" + key, html)
    if TOKEN_MARK in html:
        return Response(html.replace(TOKEN_MARK, generate_csrf()), mimetype="text/html")
    if request.if_none_match and request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        response = Response(html, mimetype="text/html")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"  # keep it, but ask each time (a cheap 304)
    return response


def hole(name: str) -> Markup | None:
    """The mark of the reader's part `name` in a body being kept by `joined_page`; None when
    the page is built whole, for one reader, and the part is rendered in place."""
    return Markup(f"\x00part:{name}\x00") if g.get(_HOLES) else None


def joined_page(key: str, build: Callable[[], str], parts: Mapping[str, Callable[[], str]]) -> str:
    """The page `build()` makes, kept under `key` with holes for the reader's own parts, and
    those parts as `parts` renders them for this reader (only those the page has), joined."""
    memo = _memo()
    html = memo.get("b:" + key)
    if html is None:
        setattr(g, _HOLES, True)
        try:
            html = _marked(str(build()))
        finally:
            g.pop(_HOLES, None)
        memo.put("b:" + key, html)
    pieces = html.split("\x00part:")
    page = [pieces[0]]
    for piece in pieces[1:]:
        name, _, rest = piece.partition("\x00")
        page += (str(parts[name]()), rest)
    joined = "".join(page)
    return joined.replace(TOKEN_MARK, generate_csrf()) if TOKEN_MARK in joined else joined


def _marked(html: str) -> str:
    """`html` with the CSRF token its build used (if any) replaced by the mark."""
    token = generate_csrf() if "csrf_token" in html else None
    return html.replace(token, TOKEN_MARK) if token else html


def answer(key: str, build: Callable[[], str], mimetype: str) -> Response:
    """A body that is the same for every reader, kept, with a strong ETag (and 304)."""
    etag = "a" + key
    if request.if_none_match and request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        memo = _memo()
        body = memo.get("a:" + key)
        if body is None:
            body = build()
            memo.put("a:" + key, body)
        response = Response(body, mimetype=mimetype)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response
