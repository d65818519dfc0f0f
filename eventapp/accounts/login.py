"""Flask-Login wiring on server-side sessions (see sessions.py).

Flask-Login keeps in the signed session cookie what the user loader is given back on every
request: here the session's secret, never the user's id. The loader finds the session's row (one
indexed read, joined to its user) or there is no user. Flask-Login's "remember me" cookie, unused
today, would carry the same secret and so go through the same loader.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask, current_app, g, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, user_logged_out
from sqlalchemy import update

from eventapp.accounts import sessions
from eventapp.accounts.models import User, UserSession
from eventapp.extensions import clock, db, login_manager

_CURRENT = "user_session_id"  # in `g`: the row of this request's session


def lifetime() -> timedelta:
    """How long a session may go unseen: Flask's PERMANENT_SESSION_LIFETIME."""
    return current_app.permanent_session_lifetime


def current_session_id() -> int | None:
    """The row of the session this request came with, once the user is loaded."""
    return g.get(_CURRENT)


def sign_in(user: User) -> None:
    """Log this browser in as `user`: a new server-side session, a new cookie, a new CSRF token.

    Nothing of the session before survives (no fixation), and the session the browser had, if
    any, is ended on the server too. The caller commits.
    """
    previous = g.pop(_CURRENT, None)
    if previous is not None:
        sessions.close_session(previous)
    secret = sessions.open_session(user, now=clock.now(), lifetime=lifetime())
    session.clear()  # the CSRF token, `next`, flashed messages of the anonymous visit: all go
    g.pop("csrf_token", None)  # Flask-WTF's copy of the old token for this request
    login_user(user)
    # Flask-Login wrote the user's id; the loader is to be given the session's secret instead.
    session["_user_id"] = secret


def load_user(secret: str) -> User | None:
    now = clock.now()
    found = sessions.find_session(secret, now=now, lifetime=lifetime())
    if found is None:
        return None
    setattr(g, _CURRENT, found.id)
    if found.due_for_note(now):
        _note_seen(found.id, now)
    return found.user


def _note_seen(session_id: int, now: datetime) -> None:
    # Its own short transaction: the request's work is not committed with it, nor waited on.
    with db.engine.begin() as connection:
        connection.execute(
            update(UserSession).where(UserSession.id == session_id).values(last_seen_at=now)
        )


def _end_session(app: Flask, user=None, **extra) -> None:
    """Log-out (from any view) deletes the session's row: the same cookie opens nothing after."""
    session_id = g.pop(_CURRENT, None)
    if session_id is not None:
        sessions.close_session(session_id)
        db.session.commit()


def _load_first() -> None:
    # Load the user before the view writes anything: the loader's own small transaction then
    # never waits on the request's (SQLite allows one writer).
    if "_user_id" in session and request.endpoint != "static":
        current_user._get_current_object()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    user_logged_out.connect(_end_session, app)
    app.before_request(_load_first)
