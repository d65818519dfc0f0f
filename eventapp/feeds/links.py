"""Links that put our events into people's calendars: feed addresses, Google's and Outlook's
"new event" pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from urllib.parse import urlencode

from eventapp.events.models import Event

GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"
#: Outlook's "new event" pages: Outlook.com (personal accounts) and Office 365 (work and school).
OUTLOOK_TEMPLATES = {
    "outlook": "https://outlook.live.com/calendar/0/deeplink/compose",
    "office": "https://outlook.office.com/calendar/0/deeplink/compose",
}


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
    params = {
        "action": "TEMPLATE",
        "text": title,
        "dates": dates,
        "details": page_url,
        "location": _location(event, lang),
        "ctz": event.site.timezone,
    }
    return f"{GOOGLE_TEMPLATE}?{urlencode(params)}"


def _location(event: Event, lang: str) -> str:
    if event.venue is None:
        return ""
    name = event.venue.localised("name", lang).text
    return ", ".join(p for p in (name, event.venue.address) if p)


def outlook_calendar_url(event: Event, lang: str, title: str, page_url: str, *, kind: str) -> str:
    """Outlook.com's (`kind="outlook"`) or Office 365's (`kind="office"`) new-event page, filled
    in with the event: instants in UTC, or whole days (end exclusive) for an all-day event."""
    if event.all_day:
        start, end = event.first_day.isoformat(), event.local_end.date().isoformat()
    else:
        start = event.start_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        end = event.end_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": start,
        "enddt": end,
        "body": page_url,
        "location": _location(event, lang),
    }
    if event.all_day:
        params["allday"] = "true"
    return f"{OUTLOOK_TEMPLATES[kind]}?{urlencode(params)}"
