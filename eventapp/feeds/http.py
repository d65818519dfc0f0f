"""HTTP for feeds: strong ETags, Last-Modified, 304s and the right headers."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime

from flask import Response, request

CACHE_CONTROL = "public, max-age=900"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# Part of every ETag: change it when the builder's output changes for the same data.
BUILDER_VERSION = "1"


def etag_for(*parts: object) -> str:
    digest = hashlib.sha256("|".join(map(str, (BUILDER_VERSION, *parts))).encode()).hexdigest()
    return digest[:40]


def calendar_response(etag: str, last_modified: datetime, body: Callable[[], bytes]) -> Response:
    """A 304 when the client's copy is current, else the calendar `body()` builds."""
    if request.if_none_match:
        fresh = request.if_none_match.contains(etag)
    else:
        since = request.if_modified_since
        fresh = since is not None and last_modified.replace(microsecond=0) <= since
    response = Response(status=304) if fresh else Response(body(), content_type=CONTENT_TYPE)
    response.set_etag(etag)
    response.last_modified = last_modified
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def plain_error(message: str, status: int = 400) -> Response:
    return Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")
