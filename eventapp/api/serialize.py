"""Events as the API shows them (contract.md)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from eventapp.events.models import Event, EventSession
from eventapp.i18n import LANGUAGES
from eventapp.reference.models import Person
from eventapp.urls import absolute


def iso(value: datetime | None, tz: ZoneInfo) -> str | None:
    """ISO 8601 with the local UTC offset of `tz`."""
    return value.astimezone(tz).isoformat() if value else None


def event_links(event: Event) -> tuple[dict[str, str], dict[str, str]]:
    """The event's page and its iCalendar feed, in each language."""
    from eventapp.templating import event_url

    pages = {lang: absolute(event_url(event, lang)) for lang in LANGUAGES}
    feeds = {lang: absolute(f"/feeds/{lang}/events/{event.id}.ics") for lang in LANGUAGES}
    return pages, feeds


def event_json(event: Event) -> dict:
    """Every field of the contract for one event."""
    zone = event.zone
    pages, feeds = event_links(event)
    venue = event.venue
    return {
        "id": event.id,
        "kind": event.kind,
        "status": event.status,
        "site": event.site.slug,
        "timezone": event.site.timezone,
        "all_day": event.all_day,
        "start": iso(event.start_at, zone),
        "end": iso(event.end_at, zone),
        "title": event.pair("title"),
        "summary": event.pair("summary"),
        "description": event.pair("description"),
        "url": pages,
        "ics": feeds,
        "capacity": event.capacity,
        "places_left": event.places_left,
        "language": event.language,
        "venue": None
        if venue is None
        else {"id": venue.id, "name": venue.pair("name"), "address": venue.address},
        # With registration, the link is for confirmed attendees (their invitation and pages).
        "online_url": None if event.online_link_private else event.online_url,
        "organisations": [o.slug for o in event.organisations],
        "topics": [t.slug for t in event.topics],
        "series": event.series.slug if event.series else None,
        "registration_opens": iso(event.registration_opens_at, zone),
        "registration_closes": iso(event.registration_closes_at, zone),
        "speakers": [person_json(p) for p in event.speakers],
        "cancel_reason": event.pair("cancel_reason"),
        "sequence": event.sequence,
        "updated_at": iso(event.updated_at, zone),
        "sessions": [session_json(s, zone) for s in event.sessions],
    }


def session_json(session: EventSession, zone: ZoneInfo) -> dict:
    """One session of the timetable, its times in the event's zone."""
    return {
        "id": session.id,
        "title": session.pair("title"),
        "start": iso(session.start_at, zone),
        "end": iso(session.end_at, zone),
        "room": session.room,
        "speakers": [person_json(p) for p in session.speakers],
        "capacity": session.capacity,
    }


def person_json(person: Person) -> dict:
    """A speaker."""
    return {"id": person.id, "name": person.name, "affiliation": person.affiliation}
