"""Who may know that a registration exists: the person who holds it, and the event's hosts and
admins (who see it in the list of registrants). For anyone else the API answers 404, as for an id
never used: a 403 would tell that someone is registered under that id."""

from __future__ import annotations

from typing import Any

from eventapp.accounts.permissions import may_host
from eventapp.registrations.mine import owned
from eventapp.registrations.models import Registration


def may_see(user: Any, reg: Registration) -> bool:
    """Whether `user` may know `reg` exists."""
    return may_host(user, reg.event.organisations) or owned(user, reg.id) is not None
