"""Links that put our events into people's calendars: feed addresses and Google's template."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from urllib.parse import urlencode

from eventapp.events.models import Event

GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"


@dataclass(frozen=True)
class FeedLinks:
    """The two ways to subscribe: one click (webcal://) and an address to paste (https://)."""

    https: str
    webcal: str


def feed_links(path: str, args: dict | None = None, *, base_url: str) -> FeedLinks:
    """Absolute links to the feed at `path` (e.g. `/feeds/en/events.ics`) with `args`."""
    query = urlencode(args or {}, doseq=True)
    url = base_url + path + (f"?{query}" if query else "")
    webcal = "webcal://" + url.split("://", 1)[1]
    return FeedLinks(https=url, webcal=webcal)


def google_calendar_url(event: Event, lang: str, title: str, page_url: str) -> str:
    """Google Calendar's 'add event' page, filled in with the event."""
    if event.all_day:
        dates = f"{event.first_day:%Y%m%d}/{event.local_end.date():%Y%m%d}"
    else:
        start, end = event.start_at.astimezone(UTC), event.end_at.astimezone(UTC)
        dates = f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"
    location = ""
    if event.venue is not None:
        name = event.venue.localised("name", lang).text
        location = ", ".join(p for p in (name, event.venue.address) if p)
    params = {
        "action": "TEMPLATE",
        "text": title,
        "dates": dates,
        "details": page_url,
        "location": location,
        "ctz": event.site.timezone,
    }
    return f"{GOOGLE_TEMPLATE}?{urlencode(params)}"
