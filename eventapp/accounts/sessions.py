"""Server-side sessions: one row per signed-in browser, so that the server can end any of them.

The browser's cookie carries a random secret; the table keeps only its SHA-256 hash (as for API
tokens), so a copy of the table opens no session. Log-out deletes the row, and a replayed cookie
then finds nothing. A row unseen for longer than the session lifetime is dead, and deleted at the
next log-in of anyone: rows never pile up beyond the browsers active within one lifetime.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from eventapp.accounts.models import User, UserSession
from eventapp.extensions import db

# `last_seen_at` is written at most this often: a request costs one indexed read, not a write.
SEEN_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class Found:
    """A live session: its row's id, its user and when it was last seen."""

    id: int
    user: User
    last_seen_at: datetime

    def due_for_note(self, now: datetime) -> bool:
        return now - self.last_seen_at >= SEEN_EVERY


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def open_session(user: User, *, now: datetime, lifetime: timedelta) -> str:
    """A new session for `user` (the dead ones of everyone are deleted); returns its secret."""
    purge_stale(now=now, lifetime=lifetime)
    secret = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(user_id=user.id, token_hash=digest(secret), created_at=now, last_seen_at=now)
    )
    db.session.flush()
    return secret


def find_session(secret: str, *, now: datetime, lifetime: timedelta) -> Found | None:
    """The live session whose cookie holds `secret`, with its user, in one indexed read."""
    row = db.session.execute(
        select(UserSession.id, UserSession.last_seen_at, UserSession.created_at, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == digest(secret))
    ).first()
    if row is None:
        return None
    seen = row.last_seen_at or row.created_at
    if now - seen > lifetime:
        return None
    return Found(row.id, row.User, seen)


def close_session(session_id: int) -> None:
    """End one session: its cookie opens nothing any more."""
    db.session.execute(delete(UserSession).where(UserSession.id == session_id))


def close_sessions(user: User, *, keep: int | None = None) -> int:
    """End every session of `user` but `keep` (the browser that asked); returns how many."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        query = query.where(UserSession.id != keep)
    return db.session.execute(query).rowcount or 0


def count_sessions(user: User, *, now: datetime, lifetime: timedelta) -> int:
    """How many browsers are signed in as `user`."""
    return db.session.scalar(
        select(func.count(UserSession.id)).where(
            UserSession.user_id == user.id, _last_seen() >= now - lifetime
        )
    )


def purge_stale(*, now: datetime, lifetime: timedelta) -> int:
    """Delete the sessions unseen for longer than `lifetime`; returns how many."""
    stale = _last_seen() < now - lifetime
    return db.session.execute(delete(UserSession).where(stale)).rowcount or 0


def _last_seen():
    return func.coalesce(UserSession.last_seen_at, UserSession.created_at)
