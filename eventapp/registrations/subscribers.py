"""What registrations do when events change, as the events package announces it (signals.py).

Registrations sit above events: they import events, never the other way round. Each receiver
works in the sender's session and transaction, with the sender's clock and settings.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask

from eventapp import pagecache
from eventapp.events import queries, signals
from eventapp.events.models import Event
from eventapp.events.placing import Placing
from eventapp.extensions import db
from eventapp.mail import deferred
from eventapp.registrations import links, notify, places, services
from eventapp.settings import Settings


def write_out_decided(event: Event, *, settings: Settings, **_: object) -> None:
    """Mail decided earlier in this transaction shows the event as it was then."""
    deferred.render_pending(db.session, settings)


def tell_moved(
    event: Event, *, now: datetime, settings: Settings, before: Placing | None = None, **_: object
) -> None:
    """Confirmed registrants get the news, old and new, and an updated invitation; links last
    till the end."""
    links.follow_event(event.id, event.end_at)
    notify.event_changed(event, now=now, settings=settings, action="changed", before=before)


def tell_cancelled(event: Event, *, now: datetime, settings: Settings, **_: object) -> None:
    """Confirmed registrants get the news and the invitation's cancellation."""
    notify.event_changed(event, now=now, settings=settings, action="cancelled")


def promote_waiting(event: Event, *, now: datetime, settings: Settings, **_: object) -> None:
    """More room goes to the people waiting, first come first served."""
    services.promote(event, now=now, settings=settings)


def init_app(app: Flask) -> None:
    # Connecting the same receiver again is a no-op: several apps in a process hear once.
    signals.event_changing.connect(write_out_decided)
    signals.event_moved.connect(tell_moved)
    signals.event_cancelled.connect(tell_cancelled)
    signals.event_capacity_changed.connect(promote_waiting)
    queries.count_places_with(places.taken_by_each_event)
    pagecache.register_places_reader(app, places.shown_state)
