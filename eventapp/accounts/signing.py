"""Signed, expiring links for e-mail confirmation and password reset (no table needed)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

CONFIRM_SALT = "confirm-email"
RESET_SALT = "reset-password"
CONFIRM_MAX_AGE = 7 * 24 * 3600
RESET_MAX_AGE = 2 * 3600


def _fingerprint(password_hash: str | None) -> str:
    # A reset link dies once the password it was made for has changed: it is single-use.
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:16]


def _serializer(secret: str, salt: str, now: datetime) -> URLSafeTimedSerializer:
    """A serializer whose timestamps come from the app's clock (`now`), not the system's."""

    class Signer(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(now.timestamp())

    return URLSafeTimedSerializer(secret, salt=salt, signer=Signer)


def make_token(
    secret: str, salt: str, user_id: int, password_hash: str | None, *, now: datetime
) -> str:
    return _serializer(secret, salt, now).dumps([user_id, _fingerprint(password_hash)])


def read_token(
    secret: str, salt: str, token: str, max_age: int, *, now: datetime
) -> tuple[int, str] | None:
    """(user id, password fingerprint) from a valid link, else None."""
    try:
        user_id, fingerprint = _serializer(secret, salt, now).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(fingerprint, str):
        return None
    return user_id, fingerprint


def fingerprint_matches(password_hash: str | None, fingerprint: str) -> bool:
    return _fingerprint(password_hash) == fingerprint
