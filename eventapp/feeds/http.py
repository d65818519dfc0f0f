"""HTTP for feeds: strong ETags, Last-Modified, 304s and the right headers."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from datetime import datetime

from flask import Response, current_app, request
from werkzeug.http import http_date, quote_etag

from eventapp.feeds.fingerprint import current_fingerprint  # part of every ETag
from eventapp.memo import SizedMemo

CACHE_CONTROL = "public, max-age=900"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# The bodies a process keeps, by ETag (a `SizedMemo`): a 10,000-event feed is about 7 MB, its
# gzip about 0.6 MB.
BODY_MEMO_BYTES = 64 * 1024 * 1024
#: Compressed once per body and kept beside it; level 6 (gzip's default) is most of the gain.
GZIP_LEVEL = 6
#: What the ETag of the gzip-encoded bytes adds to the plain one: RFC 9110 (8.8.3) wants a strong
#: ETag to differ between two encodings of a resource, since their bytes differ.
GZIP_ETAG_SUFFIX = "-gz"


def etag_for(*parts: object) -> str:
    # With the fingerprint: new settings, catalogues or builder make new bytes, so a new ETag.
    parts = (current_fingerprint(), *parts)
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    return digest[:40]


def wants_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def calendar_response(etag: str, last_modified: datetime, body: Callable[[], bytes]) -> Response:
    """A 304 when the client's copy is current, else the calendar `body()` builds: gzip-encoded
    (bytes compressed once per body, kept beside the plain ones) for a client that accepts it."""
    compressed = wants_gzip()
    tag = etag + GZIP_ETAG_SUFFIX if compressed else etag
    if request.if_none_match:
        # If-None-Match compares weakly (RFC 9110 §13.1.2): a proxy that compresses (nginx with
        # gzip) turns our ETag into W/"…", and its clients send that back. A client holding the
        # other encoding's bytes of the same body is current too.
        fresh = request.if_none_match.contains_weak(etag) or request.if_none_match.contains_weak(
            etag + GZIP_ETAG_SUFFIX
        )
    else:
        since = request.if_modified_since
        fresh = since is not None and last_modified.replace(microsecond=0) <= since
    if fresh:
        return _not_modified(tag, last_modified)
    plain, packed = _memoised(etag, body, compressed)
    response = Response(packed if compressed else plain, content_type=CONTENT_TYPE)
    if compressed:
        response.headers["Content-Encoding"] = "gzip"
    response.set_etag(tag)
    response.last_modified = last_modified
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.vary.add("Accept-Encoding")
    return response


def _not_modified(tag: str, last_modified: datetime) -> Response:
    """The 304, its headers given at once (what `set_etag`, `last_modified` and `vary.add` make
    one by one on a 200; Werkzeug then drops Last-Modified from a 304): most polls end here."""
    headers = {
        "ETag": quote_etag(tag),
        "Last-Modified": http_date(last_modified),
        "Cache-Control": CACHE_CONTROL,
        "Vary": "Accept-Encoding",
    }
    return Response(status=304, headers=headers)


# The memo's keys: a strong ETag names the bytes (the ETag changes whenever they would: every
# write bumps the feed state the ETag is made from, in the same transaction), so a body kept under
# an ETag is the body any process would build for it, and an unchanged feed costs reading the
# feed state and sending bytes. The path and the raw query are part of the key because the body
# holds the feed's own URL, which the ETag, built from the sorted arguments, does not tell apart.


def _memoised(etag: str, body: Callable[[], bytes], compressed: bool) -> tuple[bytes, bytes | None]:
    """`body()` and, when `compressed`, its gzip bytes, each made once per ETag by this app
    instance (kept per app, not per module, so that several apps in one process, on different
    databases, never share bodies). The gzip bytes carry no time stamp (`mtime=0`): the same
    body always compresses to the same bytes, in any process, as a strong ETag promises."""
    memo = current_app.extensions.get("eventapp.feed_bodies")
    if memo is None:
        memo = current_app.extensions.setdefault("eventapp.feed_bodies", SizedMemo(BODY_MEMO_BYTES))
    key = (etag, request.path, request.query_string)
    data = memo.get(key)
    if data is None:
        data = body()
        memo.put(key, data)
    if not compressed:
        return data, None
    packed = memo.get((*key, "gzip"))
    if packed is None:
        packed = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
        memo.put((*key, "gzip"), packed)
    return data, packed


def plain_error(message: str, status: int = 400) -> Response:
    return Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")
