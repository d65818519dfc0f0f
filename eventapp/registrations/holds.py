"""Guests' holds that ran out: the places they kept go to the people waiting (the worker's job).

A hold stops counting the moment it runs out (places.py), but nobody would take the place until
someone else registered or cancelled. The worker looks, every few seconds, for holds that ran out
and promotes the first in line under the event's lock, with the usual mail. Two workers at once
are safe: the second takes the lock after the first committed, counts again and finds no place.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registrations import services
from eventapp.registrations.models import Registration
from eventapp.settings import Settings


def _ran_out(now: datetime):
    return (
        Registration.status == "pending",
        Registration.hold_until.is_not(None),
        Registration.hold_until <= now,
    )


def events_with_expired_holds(now: datetime) -> list[int]:
    """The events where a guest's hold has run out at `now` and was not dealt with yet."""
    return list(
        db.session.scalars(
            select(Registration.event_id).where(*_ran_out(now)).distinct().order_by("event_id")
        )
    )


def release_expired_holds(
    event_id: int, *, now: datetime, settings: Settings
) -> list[Registration]:
    """Give the places of the event's run-out holds to those waiting; returns who got one.

    The guests stay pending without a hold: confirming later places them only if a place is
    still free (services.confirm_guest).
    """
    event = db.session.get(Event, event_id)
    promoted = services.promote(event, now=now, settings=settings)  # takes the event's lock
    db.session.execute(
        update(Registration)
        .where(Registration.event_id == event_id, *_ran_out(now))
        .values(hold_until=None)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return promoted
