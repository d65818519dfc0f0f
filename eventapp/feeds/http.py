"""HTTP for feeds: strong ETags, Last-Modified, 304s and the right headers."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from threading import Lock

from flask import Response, current_app, request

from eventapp.feeds.fingerprint import current_fingerprint  # part of every ETag

CACHE_CONTROL = "public, max-age=900"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# The bodies a process keeps, by ETag (see `BodyMemo`): a 10,000-event feed is about 7 MB.
BODY_MEMO_BYTES = 64 * 1024 * 1024


def etag_for(*parts: object) -> str:
    # With the fingerprint: new settings, catalogues or builder make new bytes, so a new ETag.
    parts = (current_fingerprint(), *parts)
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    return digest[:40]


def calendar_response(etag: str, last_modified: datetime, body: Callable[[], bytes]) -> Response:
    """A 304 when the client's copy is current, else the calendar `body()` builds."""
    if request.if_none_match:
        # If-None-Match compares weakly (RFC 9110 §13.1.2): a proxy that compresses (nginx with
        # gzip) turns our ETag into W/"…", and its clients send that back.
        fresh = request.if_none_match.contains_weak(etag)
    else:
        since = request.if_modified_since
        fresh = since is not None and last_modified.replace(microsecond=0) <= since
    if fresh:
        response = Response(status=304)
    else:
        response = Response(_memoised(etag, body), content_type=CONTENT_TYPE)
    response.set_etag(etag)
    response.last_modified = last_modified
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


class BodyMemo:
    """Feed bodies this app instance has served, by (ETag, path, query), least recently used out.

    A strong ETag names the bytes: the ETag changes whenever they would (every write bumps the
    feed state the ETag is made from, in the same transaction), so a body kept under an ETag is
    the body any process would build for it. An unchanged feed then costs reading the feed state
    and sending bytes. The path and the raw query are part of the key because the body holds the
    feed's own URL, which the ETag, built from the sorted arguments, does not tell apart.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._bodies: OrderedDict[tuple, bytes] = OrderedDict()
        self._size = 0
        self._lock = Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            data = self._bodies.get(key)
            if data is not None:
                self._bodies.move_to_end(key)
            return data

    def put(self, key: tuple, data: bytes) -> None:
        if len(data) > self.limit:
            return
        with self._lock:
            if key in self._bodies:
                return
            self._bodies[key] = data
            self._size += len(data)
            while self._size > self.limit:
                _, old = self._bodies.popitem(last=False)
                self._size -= len(old)


def _memoised(etag: str, body: Callable[[], bytes]) -> bytes:
    """`body()`, built once per ETag by this app instance (kept per app, not per module, so that
    several apps in one process, on different databases, never share bodies)."""
    memo = current_app.extensions.get("eventapp.feed_bodies")
    if memo is None:
        memo = current_app.extensions.setdefault("eventapp.feed_bodies", BodyMemo(BODY_MEMO_BYTES))
    key = (etag, request.path, request.query_string)
    data = memo.get(key)
    if data is None:
        data = body()
        memo.put(key, data)
    return data


def plain_error(message: str, status: int = 400) -> Response:
    return Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")
