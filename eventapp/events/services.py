"""Changing events: the one place where moving, relocating, cancelling and deleting happen.

Each significant change adds 1 to the event's SEQUENCE and moves its `updated_at`, so that
calendars that subscribed replace their copy. Services flush; the caller commits.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.reference.models import Venue


class EventError(Exception):
    """A change the event's state does not allow; `message` is translatable."""

    status = 409

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


class NotADraft(EventError):
    status = 409


class InvalidChange(EventError):
    status = 400


def _significant(event: Event, now: datetime) -> None:
    event.sequence = (event.sequence or 0) + 1
    event.updated_at = now


def publish_event(event: Event, *, now: datetime) -> Event:
    """Make a draft visible in lists, pages, the API and feeds."""
    if event.status != "draft":
        raise NotADraft(_l("Only a draft can be published."))
    event.status = "published"
    _significant(event, now)
    db.session.flush()
    return event


def move_event(
    event: Event, *, start_at: datetime, end_at: datetime, now: datetime, with_sessions: bool = True
) -> Event:
    """Re-time an event (and shift its sessions by the same amount)."""
    if end_at < start_at:
        raise InvalidChange(_l("The end must not be before the start."))
    if event.is_cancelled:
        raise InvalidChange(_l("A cancelled event cannot be moved."))
    shift = start_at - event.start_at
    event.start_at, event.end_at = start_at, end_at
    if with_sessions and shift:
        for session in event.sessions:
            session.start_at += shift
            session.end_at += shift
            session.sequence += 1
            session.updated_at = now
    _significant(event, now)
    db.session.flush()
    return event


def relocate_event(
    event: Event, *, venue: Venue | None, now: datetime, online_url: str | None = None
) -> Event:
    """Move an event to another venue of its site, or online (no venue)."""
    if venue is not None and venue.site_id != event.site_id:
        raise InvalidChange(_l("The venue must be at the event's site."))
    if venue is None and not (online_url or event.online_url):
        raise InvalidChange(_l("An event without a venue needs an online link."))
    event.venue = venue
    if online_url is not None:
        event.online_url = online_url or None
    _significant(event, now)
    db.session.flush()
    return event


def cancel_event(
    event: Event, *, now: datetime, reason_fr: str | None = None, reason_en: str | None = None
) -> Event:
    """Cancel a published event: it stays visible, marked cancelled, with its reason."""
    if event.status != "published":
        raise InvalidChange(_l("Only a published event can be cancelled."))
    event.status = "cancelled"
    event.cancel_reason_fr, event.cancel_reason_en = reason_fr or None, reason_en or None
    _significant(event, now)
    db.session.flush()
    return event


def delete_event(event: Event) -> None:
    """Delete a draft; published and cancelled events are cancelled, never deleted."""
    if event.status != "draft":
        raise NotADraft(_l("Only a draft can be deleted; cancel a published event instead."))
    db.session.delete(event)
    db.session.flush()
