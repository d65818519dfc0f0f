"""An event's sessions grouped by local day, for its page."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from eventapp.events.models import Event, EventSession


def timetable_days(event: Event) -> list[tuple[date, list[EventSession]]]:
    """Sessions in start order, grouped by the day they start on in the event's zone."""
    zone = event.zone
    ordered = sorted(event.sessions, key=lambda s: (s.start_at, s.id))
    return [
        (day, list(group))
        for day, group in groupby(ordered, key=lambda s: s.start_at.astimezone(zone).date())
    ]
