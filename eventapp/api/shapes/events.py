"""Events and their timetable as the API shows them (contract.md), and the list's query."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, WithJsonSchema

from eventapp import bounds
from eventapp.api.shapes.common import Links, LocalisedText, PageQuery, Uri, page_of
from eventapp.api.shapes.reference import Speaker, Venue
from eventapp.api.validation import Shape
from eventapp.events.models import DELIVERY_LANGUAGES, KINDS, STATUSES, EventSession
from eventapp.events.models import Event as EventRow
from eventapp.events.queries import When
from eventapp.i18n import LANGUAGES
from eventapp.urls import absolute

Instant = Annotated[str, Field(json_schema_extra={"format": "date-time"})]
Count = Annotated[int | None, Field(ge=0, description="Null when there is no limit.")]


def iso(value: datetime | None, tz: ZoneInfo) -> str | None:
    """ISO 8601 with the local UTC offset of `tz`, in whole minutes as RFC 3339 has them (a
    local mean time before the zones' standard time, Paris until 1911, has seconds)."""
    if value is None:
        return None
    offset = value.astimezone(tz).utcoffset() or timedelta()
    if offset.total_seconds() % 60:
        tz = timezone(timedelta(minutes=round(offset.total_seconds() / 60)))  # type: ignore[assignment]
    return value.astimezone(tz).isoformat()


class Session(Shape):
    """One slot of the timetable: a talk, a panel, a breakout workshop."""

    id: int
    title: LocalisedText
    start: Instant
    end: Instant
    room: str | None
    speakers: list[Speaker]
    capacity: Annotated[int | None, Field(ge=0)]

    @classmethod
    def of(cls, session: EventSession, zone: ZoneInfo) -> dict:
        return {
            "id": session.id, "title": session.pair("title"),
            "start": iso(session.start_at, zone), "end": iso(session.end_at, zone),
            "room": session.room, "speakers": [Speaker.of(p) for p in session.speakers],
            "capacity": session.capacity,
        }  # fmt: skip


class SessionDetail(Session):
    """A session and the id of its event."""

    event: int

    @classmethod
    def of(cls, session: EventSession, zone: ZoneInfo | None = None) -> dict:
        return {**Session.of(session, session.event.zone), "event": session.event_id}


class SourceRef(Shape):
    """Where an imported event comes from: its source, its UID there and its page there."""

    id: int
    uid: str
    url: Annotated[Uri | None, Field(description="The event's page at its source, if given.")]

    @classmethod
    def of(cls, event: EventRow) -> dict | None:
        if event.source_id is None or event.source_detached_at is not None:
            return None  # made here, or detached from its source: an ordinary event
        return {"id": event.source_id, "uid": event.source_uid, "url": event.source_url}


ALL_DAY = "For an all-day event, local midnight"


class Event(Shape):
    """An event; times carry the local UTC offset of its site's zone."""

    id: int
    kind: Literal[KINDS]  # type: ignore[valid-type]
    status: Annotated[
        Literal[STATUSES],  # type: ignore[valid-type]
        Field(description="`draft` is never shown to readers who may not edit the event."),
    ]
    site: Annotated[str, Field(description="The site's slug.")]
    timezone: Annotated[str, Field(description="The site's IANA time zone.")]
    all_day: bool
    start: Annotated[Instant, Field(description=f"{ALL_DAY} of its first day.")]
    end: Annotated[Instant, Field(description=f"{ALL_DAY} of the day after its last day.")]
    title: LocalisedText
    summary: LocalisedText
    description: Annotated[LocalisedText, Field(description="Markdown.")]
    url: Annotated[Links, Field(description="The event's page.")]
    ics: Annotated[Links, Field(description="The event's iCalendar file.")]
    capacity: Count
    places_left: Count
    language: Literal[DELIVERY_LANGUAGES]  # type: ignore[valid-type]
    venue: Annotated[Venue | None, Field(description="Null for an online-only event.")]
    online_url: Uri | None
    organisations: Annotated[list[str], Field(description="Slugs of the host organisations.")]
    topics: Annotated[list[str], Field(description="Topic slugs.")]
    series: Annotated[str | None, Field(description="The series' slug.")]
    registration_opens: Instant | None
    registration_closes: Instant | None
    speakers: Annotated[list[Speaker], Field(description="Of the event.")]
    cancel_reason: Annotated[
        LocalisedText, Field(description="Why a cancelled event was cancelled (null otherwise).")
    ]
    sequence: Annotated[int, Field(ge=0)]
    updated_at: Instant
    sessions: list[Session]
    source: Annotated[
        SourceRef | None,
        Field(description="The imported calendar the event comes from; null if made here."),
    ]

    @classmethod
    def of(cls, event: EventRow) -> dict:
        """Every field of the contract for one event."""
        from eventapp.templating import event_url  # the templating layer imports the API's users

        zone, venue = event.zone, event.venue
        return {
            "id": event.id, "kind": event.kind, "status": event.status,
            "site": event.site.slug, "timezone": event.site.timezone, "all_day": event.all_day,
            "start": iso(event.start_at, zone), "end": iso(event.end_at, zone),
            **{name: event.pair(name) for name in ("title", "summary", "description")},
            "url": {lang: absolute(event_url(event, lang)) for lang in LANGUAGES},
            "ics": {lang: absolute(f"/feeds/{lang}/events/{event.id}.ics") for lang in LANGUAGES},
            "capacity": event.capacity, "places_left": event.places_left,
            "language": event.language,
            "venue": None if venue is None
            else {"id": venue.id, "name": venue.pair("name"), "address": venue.address},
            # With registration, the link is for confirmed attendees (their invitation and pages).
            "online_url": None if event.online_link_private else event.online_url,
            "organisations": [o.slug for o in event.organisations],
            "topics": [t.slug for t in event.topics],
            "series": event.series.slug if event.series else None,
            "registration_opens": iso(event.registration_opens_at, zone),
            "registration_closes": iso(event.registration_closes_at, zone),
            "speakers": [Speaker.of(p) for p in event.speakers],
            "cancel_reason": event.pair("cancel_reason"), "sequence": event.sequence,
            "updated_at": iso(event.updated_at, zone),
            "sessions": [Session.of(s, zone) for s in event.sessions],
            "source": SourceRef.of(event),
        }  # fmt: skip


class SpeakerEvent(Shape):
    """An event where a person speaks, at the event itself or in one of its sessions."""

    id: int
    kind: Literal[KINDS]  # type: ignore[valid-type]
    status: Annotated[str, Field(description="`published` or `cancelled`.")]
    site: Annotated[str, Field(description="The site's slug.")]
    start: Instant
    end: Instant
    title: LocalisedText
    url: Annotated[Links, Field(description="The event's page.")]

    @classmethod
    def of(cls, event: EventRow) -> dict:
        from eventapp.templating import event_url  # as in Event.of

        zone = event.zone
        return {
            "id": event.id, "kind": event.kind, "status": event.status, "site": event.site.slug,
            "start": iso(event.start_at, zone), "end": iso(event.end_at, zone),
            "title": event.pair("title"),
            "url": {lang: absolute(event_url(event, lang)) for lang in LANGUAGES},
        }  # fmt: skip


class SpeakerDetail(Speaker):
    """A speaker, and the published and cancelled events where they speak, past and upcoming."""

    events: Annotated[
        list[SpeakerEvent], Field(description="In start order; `start` tells past from upcoming.")
    ]

    @classmethod
    def of(cls, person: Any, events: Any = ()) -> dict:
        return {**Speaker.of(person), "events": [SpeakerEvent.of(e) for e in events]}


Warnings = Annotated[
    list[str],
    Field(
        description="What is worth knowing but not refused (a venue or room in use at the same "
        "time, a repeated hour), in the language of `Accept-Language`."
    ),
]


class EventWritten(Event):
    """The event as read, and warnings."""

    warnings: Warnings


class SessionWritten(SessionDetail):
    """A session, and warnings."""

    warnings: Warnings


EventList = page_of(Event, "One page of a list of events.")


def _documented(schema: dict, description: str) -> Any:
    """A query argument taken as text here (`events.filters` judges it, as for the pages and
    the feeds), documented with the values that make sense."""
    return WithJsonSchema({**schema, "description": description})


def _filter(description: str, items: dict | None = None) -> Any:
    schema = {"type": "array", "items": items or {"type": "string"}}
    return Annotated[
        list[str],
        _documented(schema, description),
        Field(json_schema_extra={"style": "form", "explode": True}),
    ]


DATE = {"type": "string", "format": "date"}
ON_DAY = "ISO date, read in each event's own time zone."


class EventQuery(PageQuery):
    """The list filters shared with the pages and the feeds, and the page."""

    site: _filter("Site slug (`paris-saclay`, `oxford`, `cambridge`).") = []
    type: _filter("Kind of event.", {"type": "string", "enum": list(KINDS)}) = []
    topic: _filter("Topic slug.") = []
    series: _filter("Series slug.") = []
    organisation: _filter("Slug of a host organisation.") = []
    q: Annotated[
        str,
        _documented(
            {"type": "string", "maxLength": bounds.MAX_QUERY},
            "Words to find in title, summary or description, blind to case and accents.",
        ),
    ] = ""
    date_from: Annotated[
        str,
        _documented(DATE, f"Events still running on or after this local day. {ON_DAY}"),
        Field(alias="from"),
    ] = ""
    date_to: Annotated[
        str,
        _documented(DATE, f"Events starting on or before this local day. {ON_DAY}"),
        Field(alias="to"),
    ] = ""
    when: Annotated[
        When,
        Field(
            description="`upcoming`: events not yet over, in start order; `past`: events over, "
            "newest first; `all`: both, in start order."
        ),
    ] = "upcoming"
