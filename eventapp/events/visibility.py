"""Who may know that an event exists: the one rule behind every 404 for a draft.

A published or cancelled event is public. A draft is seen only by those who may edit it; for
everyone else it does not exist: pages and API answer 404 for it as for an id never used (a 403
would tell that the draft is there), and no message shows its title. Where the event is public
but the action is not allowed (editing another organisation's published event), the answer is
403, since nothing is given away.
"""

from __future__ import annotations

from typing import Any

from eventapp.accounts.permissions import may_host
from eventapp.events.models import Event
from eventapp.events.queries import VISIBLE


def may_see(user: Any, event: Event) -> bool:
    """Whether `user` (anonymous or None allowed) may know `event` exists."""
    return event.status in VISIBLE or may_host(user, event.organisations)
