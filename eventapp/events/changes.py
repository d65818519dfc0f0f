"""Invariants kept at every flush, whatever code changed an event.

- `search_text` is the folded copy of the texts, so search is blind to case and accents anywhere.
- The search index (events/search.py) holds, after every flush, the document of each event as
  it now is: a change to an event, its sessions, or a speaker, topic, series, organisation or
  venue it shows rewrites the documents concerned, in the same transaction.
- A significant change (time, place, status) adds 1 to `sequence`; any change a calendar shows
  moves `updated_at` (a feed's LAST-MODIFIED): the capacity and the registration window do not.
  Services set both themselves with their injected clock; this only catches what they did not.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from eventapp.events import search
from eventapp.events.models import Event, EventSession
from eventapp.extensions import clock
from eventapp.text import fold

SEARCHED_FIELDS = ("title", "summary", "description")
# What no calendar shows: changing only these leaves `updated_at` and the feeds' ETags alone
# (a service that moves `updated_at` itself says that something shown changed).
NOT_IN_CALENDARS = frozenset(
    {"capacity", "registration_opens_at", "registration_closes_at", "search_text"}
)
# In `session.info`: the events whose search documents the flush under way must rewrite.
REINDEX = "events.search_reindex"
SIGNIFICANT = {
    Event: ("start_at", "end_at", "all_day", "site_id", "venue_id", "venue", "site", "status"),
    EventSession: ("start_at", "end_at", "room"),
}


def search_text(obj: Event) -> str:
    """The folded text that `q` searches."""
    parts = (getattr(obj, f"{f}_{lang}") for f in SEARCHED_FIELDS for lang in ("fr", "en"))
    return fold(" ".join(p for p in parts if p))


def _changed(obj, names) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names if name in state.attrs)


def shown_change(obj) -> bool:
    """Whether `obj` (an event or a session) has a pending change that a calendar shows."""
    if not isinstance(obj, Event):
        return True
    state = inspect(obj)
    return any(
        attr.history.has_changes() for attr in state.attrs if attr.key not in NOT_IN_CALENDARS
    )


def _stamp(obj) -> None:
    state = inspect(obj)
    if not state.attrs.updated_at.history.has_changes() and shown_change(obj):
        obj.updated_at = clock.now()
    significant = SIGNIFICANT[type(obj)]
    if _changed(obj, significant) and not state.attrs.sequence.history.has_changes():
        obj.sequence = (obj.sequence or 0) + 1


@event.listens_for(Session, "before_flush")
def _keep_invariants(session: Session, flush_context, instances) -> None:
    for obj in session.new:
        if isinstance(obj, Event):
            obj.search_text = search_text(obj)
    for obj in session.dirty:
        if isinstance(obj, Event | EventSession) and session.is_modified(obj):
            if isinstance(obj, Event):
                obj.search_text = search_text(obj)
            _stamp(obj)
    _note_search_changes(session)


def _searched_change(session: Session, obj) -> bool:
    names = search.SEARCHED.get(type(obj))
    if names is None:
        return False
    return obj in session.new or obj in session.deleted or _changed(obj, names)


def _note_search_changes(session: Session) -> None:
    """What the flush will change in the search documents; the events a renamed or deleted
    speaker, topic, series, organisation or venue shows are found now, while its links last."""
    noted = session.info.setdefault(REINDEX, [])
    conn = None
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not _searched_change(session, obj):
            continue
        if isinstance(obj, Event | EventSession):
            noted.append(obj)  # a new one has no id before the flush
        elif obj not in session.new:
            conn = conn or session.connection()
            noted.extend(conn.scalars(search.showing(obj)))


@event.listens_for(Session, "after_flush")
def _reindex(session: Session, flush_context) -> None:
    noted = session.info.pop(REINDEX, None)
    if not noted:
        return
    ids = set()
    for item in noted:
        if isinstance(item, Event):
            ids.add(item.id)
        elif isinstance(item, EventSession):
            event_id = item.event_id
            if event_id is None and item.event is not None:
                event_id = item.event.id
            ids.add(event_id)
        else:
            ids.add(item)
    search.index_events(session.connection(), ids - {None})


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(REINDEX, None)
