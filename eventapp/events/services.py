"""Changing events: the one place where publishing, moving, cancelling and deleting happen.

Each significant change adds 1 to the event's SEQUENCE and moves its `updated_at`, so that
calendars that subscribed replace their copy. Services flush; the caller commits.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from eventapp.accounts.models import User
from eventapp.accounts.permissions import may_host
from eventapp.events import history, hosts, signals
from eventapp.events.checks import order_error
from eventapp.events.errors import EventError, InvalidChange, NotADraft, NotAllowed
from eventapp.events.models import Event, EventSession
from eventapp.events.ownership import check_unowned
from eventapp.events.placing import Placing
from eventapp.extensions import db
from eventapp.settings import Settings

# Re-exported: callers (the API, the workspace) have long caught them from here.
__all__ = ["EventError", "InvalidChange", "NotADraft"]


def _significant(event: Event, now: datetime) -> None:
    event.sequence = (event.sequence or 0) + 1
    event.updated_at = now


def _allowed(event: Event, actor: User | None, changes: tuple[str, ...] = ()) -> None:
    # No actor means the platform itself (commands, tests, an imported calendar's sync); a
    # person must host the event, and leave what its source provides to its source.
    if actor is not None and not may_host(actor, event.organisations):
        raise NotAllowed()
    if actor is not None and changes:
        check_unowned(event, changes)


def _record(event: Event, actor: User | None, action: str, changes: dict, now: datetime) -> None:
    db.session.flush()
    history.record(event.id, actor, action, changes, now=now)


def publish_event(
    event: Event, *, now: datetime, settings: Settings, actor: User | None = None
) -> Event:
    """Make a draft visible in lists, pages, the API and feeds; its followers hear of it."""
    _allowed(event, actor)
    if event.status != "draft":
        raise NotADraft(_l("Only a draft can be published."))
    event.status = "published"
    _significant(event, now)
    _record(event, actor, "published", {"status": ["draft", "published"]}, now)
    signals.event_published.send(event, now=now, settings=settings)
    return event


def unpublish_event(event: Event, *, now: datetime, actor: User | None = None) -> Event:
    """Take a published event back to draft: it leaves the lists, the API and the feeds."""
    _allowed(event, actor)
    if event.status != "published":
        raise InvalidChange(_l("Only a published event can be unpublished."))
    event.status = "draft"
    _significant(event, now)
    _record(event, actor, "unpublished", {"status": ["published", "draft"]}, now)
    return event


def move_event(
    event: Event,
    *,
    start_at: datetime,
    end_at: datetime,
    now: datetime,
    settings: Settings,
    with_sessions: bool = True,
    actor: User | None = None,
) -> Event:
    """Re-time an event (and shift its sessions by the same amount)."""
    _allowed(event, actor, ("start_at", "end_at"))
    signals.event_changing.send(event, now=now, settings=settings)
    before = [event.start_at.isoformat(), event.end_at.isoformat()]
    placing = Placing.of(event)
    problem = order_error(start_at, end_at)
    if problem is not None:
        raise InvalidChange(problem, {"end": problem})
    if event.is_cancelled:
        raise InvalidChange(_l("A cancelled event cannot be moved."))
    shift = start_at - event.start_at
    sessions = list(event.sessions)  # loaded before the change, so no autoflush happens midway
    event.start_at, event.end_at = start_at, end_at
    if with_sessions and shift:
        for session in sessions:
            session.start_at += shift
            session.end_at += shift
            session.sequence += 1
            session.updated_at = now
    _significant(event, now)
    _record(event, actor, "moved", {"times": [before, [start_at.isoformat(), end_at.isoformat()]]},
            now)  # fmt: skip
    signals.event_moved.send(
        event, now=now, settings=settings, changes=["end_at", "start_at"], before=placing
    )
    return event


def cancel_event(
    event: Event,
    *,
    now: datetime,
    settings: Settings,
    reason_fr: str | None = None,
    reason_en: str | None = None,
    actor: User | None = None,
) -> Event:
    """Cancel a published event: it stays visible, marked cancelled, with its reason."""
    _allowed(event, actor, ("status",))
    if event.status != "published":
        raise InvalidChange(_l("Only a published event can be cancelled."))
    signals.event_changing.send(event, now=now, settings=settings)
    event.status = "cancelled"
    event.cancel_reason_fr, event.cancel_reason_en = reason_fr or None, reason_en or None
    _significant(event, now)
    _record(event, actor, "cancelled", {"status": ["published", "cancelled"]}, now)
    signals.event_cancelled.send(event, now=now, settings=settings)
    return event


def restore_event(event: Event, *, now: datetime, actor: User | None = None) -> Event:
    """Bring a cancelled event back (its calendar lists it again): published, a new SEQUENCE."""
    _allowed(event, actor, ("status",))
    if event.status != "cancelled":
        raise InvalidChange(_l("Only a cancelled event can be restored."))
    event.status = "published"
    event.cancel_reason_fr = event.cancel_reason_en = None
    _significant(event, now)
    _record(event, actor, "restored", {"status": ["cancelled", "published"]}, now)
    return event


def delete_event(event: Event, *, actor: User | None = None) -> None:
    """Delete a draft; published and cancelled events are cancelled, never deleted."""
    _allowed(event, actor)
    if event.status != "draft":
        raise NotADraft(_l("Only a draft can be deleted; cancel a published event instead."))
    db.session.delete(event)
    db.session.flush()


def duplicate_event(
    event: Event, *, start_at: datetime, now: datetime, actor: User | None = None
) -> Event:
    """A draft copy of `event` starting at `start_at` (the next meeting of a series)."""
    _allowed(event, actor)
    shift = start_at - event.start_at
    copy = Event(
        status="draft", created_at=now, updated_at=now, start_at=start_at,
        end_at=event.end_at + shift, site=event.site, venue=event.venue, series=event.series,
        # The platform's own copies keep the hosts; a person's copy names them again below.
        organisations=list(event.organisations) if actor is None else [],
        topics=list(event.topics),
        speakers=list(event.speakers),
        **{name: getattr(event, name) for name in _COPIED},
    )  # fmt: skip
    for session in event.sessions:
        copy.sessions.append(
            EventSession(
                title_fr=session.title_fr, title_en=session.title_en, room=session.room,
                capacity=session.capacity, start_at=session.start_at + shift,
                end_at=session.end_at + shift, speakers=list(session.speakers), updated_at=now,
            )
        )  # fmt: skip
    db.session.add(copy)
    _record(copy, actor, "created", {"copied_from": [None, event.id]}, now)
    if actor is not None:
        # A co-host consented to the original, not to the copy: it is invited again.
        hosts.name_hosts(copy, [*event.organisations, *event.invited], actor=actor, now=now)
    return copy


_COPIED = (
    "kind", "language", "online_url", "all_day", "title_fr", "title_en", "summary_fr",
    "summary_en", "description_fr", "description_en", "capacity",
)  # fmt: skip
