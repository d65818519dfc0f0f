"""Flask-Login wiring: sessions name the user and a key that a password change rotates."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from eventapp.accounts.models import User
from eventapp.extensions import db, login_manager


def load_user(value: str) -> User | None:
    user_id, _, key = value.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.session_key == key else None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
