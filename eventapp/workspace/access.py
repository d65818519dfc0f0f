"""Who may use the workspace, and which events they may change."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from eventapp.accounts.permissions import may_host
from eventapp.events.models import Event
from eventapp.events.visibility import may_see
from eventapp.extensions import db, login_manager


def may_use_workspace(user) -> bool:
    """Admins, and organisers who organise for at least one organisation."""
    return bool(getattr(user, "is_authenticated", False)) and (user.is_admin or user.is_organiser)


def workspace_required(view: Callable) -> Callable:
    """Anonymous: off to the log-in page; signed in without the right: 403."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not may_use_workspace(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def editable_event(event_id: int) -> Event:
    """The event the current user may change: 404 when there is none or when they may not see
    it (another organisation's draft, answered as a missing id), 403 when it is public but not
    theirs."""
    event = db.session.get(Event, event_id)
    if event is None or not may_see(current_user, event):
        abort(404)
    if not may_host(current_user, event.organisations):
        abort(403)
    return event
