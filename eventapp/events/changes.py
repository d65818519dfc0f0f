"""Invariants kept at every flush, whatever code changed an event.

- `search_text` is the folded copy of the texts, so search is blind to case and accents anywhere.
- A significant change (time, place, status) adds 1 to `sequence`; any change a calendar shows
  moves `updated_at` (a feed's LAST-MODIFIED): the capacity and the registration window do not.
  Services set both themselves with their injected clock; this only catches what they did not.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from eventapp.events.models import Event, EventSession
from eventapp.extensions import clock
from eventapp.text import fold

SEARCHED_FIELDS = ("title", "summary", "description")
# What no calendar shows: changing only these leaves `updated_at` and the feeds' ETags alone
# (a service that moves `updated_at` itself says that something shown changed).
NOT_IN_CALENDARS = frozenset(
    {"capacity", "registration_opens_at", "registration_closes_at", "search_text"}
)
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
