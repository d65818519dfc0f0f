"""Imported events belong to their source: it provides their times, place, online link, status
and the texts in its language, which organisers change at the source. Detaching an event makes
it an ordinary event that the sync leaves alone."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_babel import lazy_gettext as _l

from eventapp.accounts.models import User
from eventapp.accounts.permissions import may_host
from eventapp.events import history, signals
from eventapp.events.errors import EventError, NotAllowed
from eventapp.events.models import Event
from eventapp.events.ownership import Owner
from eventapp.extensions import db
from eventapp.imports.models import Source

NOT_IMPORTED = _l("This event does not come from an imported calendar.")


def is_followed(event: Event) -> bool:
    """Whether the event's source still provides it (imported, not detached)."""
    return event.source_id is not None and event.source_detached_at is None


def provided_fields(source: Source) -> frozenset[str]:
    """The event fields that `source`'s sync writes (see upsert._values), and the status."""
    lang = source.language
    return frozenset({
        "start_at", "end_at", "all_day", "site_id", "venue_id", "online_url", "status",
        f"title_{lang}", f"description_{lang}",
    })  # fmt: skip


def owner(event: Event, **_extra: object) -> Owner | None:
    """The answer to `signals.event_owner`: the source of an event it still provides."""
    if not is_followed(event):
        return None
    source = db.session.get(Source, event.source_id)
    return None if source is None else Owner(source.name, provided_fields(source))


def detach_event(event: Event, *, actor: User, now: datetime) -> Event:
    """Make an imported event an ordinary one: editable in full here; its source's later syncs
    neither change it, nor cancel it when it leaves the feed, nor import its item again."""
    if not may_host(actor, event.organisations):
        raise NotAllowed()
    if not is_followed(event):
        raise EventError(NOT_IMPORTED)
    source = db.session.get(Source, event.source_id)
    event.source_detached_at = now
    history.record(event.id, actor, "detached", {"source": [source.name if source else None, None]},
                   now=now)  # fmt: skip
    db.session.flush()
    return event


def init_app(app: Flask) -> None:
    signals.event_owner.connect(owner)
