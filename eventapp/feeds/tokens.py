"""The secret in a personal feed's address: random, stored only as a hash, replaced to revoke."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.i18n import LANGUAGES
from eventapp.urls import absolute


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_feed_token(user: User) -> str:
    """A new personal feed token for `user`; the previous one stops working. Shown this once."""
    token = secrets.token_urlsafe(32)
    user.feed_token_hash = _digest(token)
    db.session.flush()
    return token


def user_for_feed_token(token: str) -> User | None:
    """The owner of a current feed token, or None."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(User).where(User.feed_token_hash == _digest(token)))


def feed_path(token: str, lang: str) -> str:
    return f"/feeds/{lang}/personal/{token}.ics"


def feed_urls(token: str) -> dict[str, str]:
    """The personal feed's absolute address in each language."""
    return {lang: absolute(feed_path(token, lang)) for lang in LANGUAGES}
