"""A registration made from its own process (or thread), as a second server would make it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from own_app import in_own_app


def register_once(
    database_url: str,
    event_id: int,
    n: int,
    pause: float,
    lock: bool,
    barrier=None,
    guest: bool = False,
) -> str:
    """Register person `n` for the event through a fresh app; returns the status or the error
    (a `guest`'s status is `pending-held` or `pending` as they hold a place or not).

    With a `barrier`, every worker starts registering at the same moment, however long each
    took to start: the race is then certain, not a matter of timing.
    """
    from flask import current_app

    from eventapp.events.models import Event
    from eventapp.extensions import db
    from eventapp.registrations import services
    from eventapp.settings import settings_of

    if not lock:  # the test that proves the race is real takes the lock out
        services.lock_places = lambda *args, **kwargs: None

    def work() -> str:
        if barrier is not None:
            barrier.wait(timeout=120)
        event = db.session.get(Event, event_id)
        who = services.Attendee(email=f"racer{n}@example.org", name=f"Racer {n}")
        reg = services.register(
            event, who, settings=settings_of(current_app), now=datetime(2027, 1, 10, tzinfo=UTC),
            pause=lambda: threading.Event().wait(pause),  # as support.wait
            guest=guest,
        )  # fmt: skip
        return reg.status + ("-held" if reg.hold_until else "")

    return in_own_app(database_url, work, EVENTAPP_BASE_URL="https://events.example.org")
