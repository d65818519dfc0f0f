"""The signed token of an unsubscribe link: whose follows it ends, and which (or all).

The token is a signature, not a row: it stays valid as long as the secret key, so a link in an
old mail still works (RFC 8058 asks the one-click link to keep working), and it can do nothing
but remove follows. Clicking it twice removes nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

from eventapp.follows.models import KINDS

SALT = "unfollow"
ALL = "all"


@dataclass(frozen=True)
class Unsubscribe:
    """What a link ends: the person's follows `pairs` (kind, id), or all of them (None)."""

    user_id: int
    pairs: tuple[tuple[str, int], ...] | None


def make_token(secret: str, user_id: int, pairs: list[tuple[str, int]] | None) -> str:
    """The token ending `pairs` of `user_id`'s follows (None: all of them)."""
    payload = ALL if pairs is None else [[kind, tid] for kind, tid in sorted(pairs)]
    return URLSafeSerializer(secret, salt=SALT).dumps([user_id, payload])


def read_token(secret: str, token: str) -> Unsubscribe | None:
    """What a valid token ends, else None (tampered, or not one of ours)."""
    try:
        user_id, payload = URLSafeSerializer(secret, salt=SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        return None
    if payload == ALL:
        return Unsubscribe(user_id, None)
    if not isinstance(payload, list):
        return None
    pairs = []
    for item in payload:
        if not (isinstance(item, list) and len(item) == 2 and item[0] in KINDS):
            return None
        if not isinstance(item[1], int) or isinstance(item[1], bool):
            return None
        pairs.append((item[0], item[1]))
    return Unsubscribe(user_id, tuple(pairs))
