"""Who may do what: small checks on a user, and a view decorator for the admin area."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

from eventapp.extensions import login_manager
from eventapp.reference.models import Organisation


def _signed_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def is_admin(user: Any) -> bool:
    """True for a signed-in admin (anonymous users and None are not)."""
    return _signed_in(user) and user.role == "admin"


def organisation_ids(user: Any) -> set[int]:
    """The ids of the organisations `user` organises for (none for attendees and anonymous)."""
    if not _signed_in(user) or user.role not in ("organiser", "admin"):
        return set()
    return {org.id for org in user.organisations}


def speaks_for(user: Any, organisation: Organisation) -> bool:
    """Whether `user` may commit `organisation` to co-host (or accept its invitation): admins,
    and its own organisers."""
    return is_admin(user) or organisation.id in organisation_ids(user)


def hosts_any(user: Any) -> bool:
    """Whether `user` may host some event at all: admins, and organisers of an organisation
    (no query of an event's hosts is worth making for anyone else)."""
    return is_admin(user) or bool(organisation_ids(user))


def may_host(user: Any, organisations: Iterable[Organisation]) -> bool:
    """The one hosting rule: whether `user` may create or change an event hosted by
    `organisations`. Admins: any; organisers: when one of the hosts is theirs; others never.
    Pass an event's accepted hosts (`Event.organisations`): an invited co-host grants nothing."""
    if is_admin(user):
        return True
    mine = organisation_ids(user)
    if not mine:
        return False  # without reading the hosts (an event's relation not loaded yet)
    return any(org.id in mine for org in organisations)


def admin_required(view: Callable) -> Callable:
    """Anonymous: off to the log-in page (coming back after); signed in but not admin: 403."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _signed_in(current_user):
            return login_manager.unauthorized()
        if not is_admin(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapper
