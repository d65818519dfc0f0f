"""The secret in a personal feed's address: derived, never stored, changed to revoke.

The token is `<user id>.<MAC>`, the MAC an HMAC-SHA256 under the app's secret key of the user id
and the user's feed stamp (`feed_token_hash`). So the address can be shown whenever it is
asked for (reading writes nothing), the database alone does not reveal it, and making a new
one (a new random stamp) kills the old. Addresses made before tokens were derived were random,
with only their hash kept in that column: they keep working until a new one is made.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from sqlalchemy import select

from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.i18n import LANGUAGES
from eventapp.settings import Settings

MAX_ID_DIGITS = 18  # an id that fits the column: a longer one is no user's


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _mac(user_id: int, stamp: str | None, secret: str) -> str:
    message = f"personal-feed:{user_id}:{stamp or ''}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def feed_token(user: User, *, secret: str) -> str:
    """`user`'s current personal feed token, derived from what is stored (nothing is written)."""
    return f"{user.id}.{_mac(user.id, user.feed_token_hash, secret)}"


def new_feed_token(user: User, *, secret: str) -> str:
    """A new personal feed token for `user`; the previous one stops working."""
    user.feed_token_hash = secrets.token_hex(32)
    db.session.flush()
    return feed_token(user, secret=secret)


def user_for_feed_token(token: str, *, secret: str) -> User | None:
    """The owner of a current feed token, or None."""
    if not token or len(token) > 100:
        return None
    user_id, dot, mac = token.partition(".")
    if dot:
        if not (user_id.isascii() and user_id.isdigit() and len(user_id) <= MAX_ID_DIGITS):
            return None
        user = db.session.get(User, int(user_id))
        # compare_digest takes ASCII only: an address typed with other characters is no token.
        if user is None or not mac.isascii():
            return None
        expected = _mac(user.id, user.feed_token_hash, secret)
        return user if hmac.compare_digest(mac, expected) else None
    # A random token from before: only its hash was kept.
    return db.session.scalar(select(User).where(User.feed_token_hash == _digest(token)))


def feed_path(token: str, lang: str) -> str:
    return f"/feeds/{lang}/personal/{token}.ics"


def feed_urls(token: str, *, settings: Settings) -> dict[str, str]:
    """The personal feed's absolute address in each language."""
    return {lang: settings.absolute(feed_path(token, lang)) for lang in LANGUAGES}
