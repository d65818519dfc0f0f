"""Events and sessions as written: the field names the API shows, turned into the editing
services' input over the current values. The shape is checked here; what the values mean (a
known venue, an end after the start) is checked by the services, as for the forms."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from flask_babel import lazy_gettext as _l
from pydantic import ConfigDict, Field
from sqlalchemy import select

from eventapp import bounds
from eventapp.api import types as t
from eventapp.api.validation import Invalid, Says, service_values
from eventapp.events.editing import EventInput
from eventapp.events.localtime import as_written, local_day
from eventapp.events.models import Event, EventSession
from eventapp.events.sessions import SessionInput
from eventapp.extensions import db
from eventapp.reference.models import Site

NOT_A_DAY = _l("An all-day event takes dates, or date-times at local midnight.")
DAY_AFTER = _l("For an all-day event, the end is the day after the last day, as the API shows it.")
HOSTS = _l("Choose at least one host organisation.")
TIMES = (
    "ISO 8601. With a UTC offset it is that instant; without one, the wall time in the site's "
    "zone. A wall time skipped when the clocks go forward is refused (400 naming the field); "
    "one that occurs twice (clocks going back) means its first occurrence."
)
ALL_DAY = (
    " For an all-day event, `start` is its first day and `end` the day after its last day, "
    "each a date or local midnight: exactly what the API shows."
)
STATUS = (
    "Changing it goes through the life cycle: `published` publishes a draft, `draft` takes a "
    "published event back to draft, `cancelled` cancels a published event (with "
    "`cancel_reason`). A cancelled event stays cancelled."
)
TitleInput = t.pair("TitleInput", bounds.MAX_TITLE, "A language left out keeps its text.")
TextInput = t.pair("TextInput", bounds.MAX_TEXT, "A language left out keeps its text.")
ReasonInput = t.pair("ReasonInput", bounds.MAX_REASON, "A language left out keeps its text.")
NewTitleInput = t.pair(
    "NewTitleInput", bounds.MAX_TITLE, "At least one language is written.", written=True
)
Title = Annotated[
    TitleInput,
    Field(description="At least one language is required."),
    Says(t.NOT_PAIR, missing=t.TITLE_MISSING),
]
NewTitle = Annotated[NewTitleInput, *Title.__metadata__]
Text = Annotated[TextInput, Says(t.NOT_PAIR)]
Room = t.text(bounds.MAX_ROOM)
When = Annotated[t.Moment, Field(description=TIMES + ALL_DAY)]
Starts = Annotated[When, Says(t.NOT_MOMENT, missing=_l("Give the start."))]
Ends = Annotated[When, Says(t.NOT_MOMENT, missing=_l("Give the end."))]
Hosts = Annotated[
    t.Slugs,
    Field(description="Host organisations' slugs."),
    Says(t.NOT_SLUGS, missing=HOSTS, too_short=HOSTS),
]
SiteOf = Annotated[t.SiteSlug, Field(description="The site's slug; it sets the time zone.")]
Venue = Annotated[
    t.IdOrRef, Field(description="A venue of the site; null for an online-only event.")
]
Series = Annotated[t.Slug | None, Field(description="The series' slug."), Says(t.NOT_TEXT)]
Reason = Annotated[
    ReasonInput,
    Field(description="Shown on the page; used when the request cancels the event."),
    Says(t.NOT_PAIR),
]
PAIRS = ("title", "summary", "description")
PLAIN = ("kind", "site", "language", "online_url", "series", "all_day", "organisations", "topics",
         "speakers", "capacity")  # fmt: skip
SHOWN = (
    "id", "timezone", "url", "ics", "places_left", "sequence", "updated_at", "sessions", "source",
)  # fmt: skip
VENUE_OR_LINK = {"anyOf": [
    {"required": ["venue"], "properties": {"venue": {"not": {"type": "null"}}}},
    {"required": ["online_url"], "properties": {"online_url": {"type": "string"}}},
]}  # fmt: skip


class EventWrite(t.computed(*SHOWN, "warnings")):
    """An event as sent: the field names the API shows. PATCH: only the fields given change, the
    others keep their values; in a `{"fr", "en"}` text a language left out keeps its text, null
    clears it. Computed fields and `sessions` are accepted and ignored, so an event read can be
    written back unchanged; any other field is refused (400)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"title": {"en": "Fair ranking"}, "start": "2027-03-26T14:00", "end": "2027-03-26T16:00"}
    ]})  # fmt: skip
    # A default here is never validated nor used: only the fields given count.
    kind: t.Kind = None
    status: Annotated[t.Status, Field(description=STATUS)] = None
    site: SiteOf = None
    all_day: t.Boolean = None
    start: When = None
    end: When = None
    title: Title = None
    summary: Text = None
    description: Annotated[Text, Field(description="Markdown.")] = None
    language: t.Language = None
    venue: Venue = None
    online_url: t.WebUrl = None
    organisations: Annotated[Hosts, Field(min_length=1)] = []
    topics: Annotated[t.Slugs, Field(description="Topic slugs.")] = []
    series: Series = None
    speakers: t.Speakers = []
    capacity: Annotated[t.Count, Field(description="Null for no limit.")] = None
    registration_opens: t.Moment | None = None
    registration_closes: t.Moment | None = None
    cancel_reason: Reason = None


class EventCreate(EventWrite):
    """A new event: fields left out take their default (`kind` seminar, `language` en, `status`
    draft, `all_day` false, empty lists and nulls). It needs a venue or an online link."""

    model_config = ConfigDict(json_schema_extra={**VENUE_OR_LINK, "examples": [{
        "site": "paris-saclay", "title": {"fr": "Classement équitable", "en": "Fair ranking"},
        "start": "2027-03-26T14:00", "end": "2027-03-26T16:00", "organisations": ["hec-paris"],
        "online_url": "https://meet.example.org/fair-ranking"}]})  # fmt: skip
    site: SiteOf
    start: Starts
    end: Ends
    title: NewTitle
    organisations: Annotated[Hosts, Field(min_length=1)]


@dataclass
class EventRequest:
    """What a body asks of an event: its fields, and perhaps a change of status."""

    data: EventInput
    status: str | None = None
    cancel_reason: dict[str, str | None] = field(default_factory=dict)


def event_request(body: EventWrite, event: Event | None) -> EventRequest:
    """The event `body` describes, over `event`'s current values; raises Invalid."""
    data = current_event_input(event) if event is not None else EventInput()
    values = service_values(body, PLAIN, PAIRS)
    if "venue" in body.model_fields_set:
        values["venue_id"] = body.venue
    reason = body.cancel_reason
    texts = {lang: getattr(reason, lang) for lang in reason.model_fields_set} if reason else {}
    data = replace(data, **values)
    _times(body, data)
    return EventRequest(data, body.status, texts)


def current_event_input(event: Event) -> EventInput:
    """An event's current values as the editing service takes them (what a form would show)."""
    tz = event.site.timezone
    if event.all_day:
        start, end = event.first_day, event.last_day
    else:
        start, end = as_written(event.start_at, tz), as_written(event.end_at, tz)
    return EventInput(
        kind=event.kind, site=event.site.slug, language=event.language,
        **{f"{p}_{lang}": getattr(event, f"{p}_{lang}") for p in PAIRS for lang in ("fr", "en")},
        all_day=event.all_day, start=start, end=end, venue_id=event.venue_id,
        online_url=event.online_url,
        # A PATCH that does not name the hosts keeps the invited ones invited.
        organisations=[o.slug for o in (*event.organisations, *event.invited)],
        topics=[t.slug for t in event.topics], series=event.series.slug if event.series else None,
        speakers=[p.id for p in event.speakers], capacity=event.capacity,
        registration_opens=as_written(event.registration_opens_at, tz),
        registration_closes=as_written(event.registration_closes_at, tz),
    )  # fmt: skip


def _times(body: EventWrite, data: EventInput) -> None:
    """The body's times in place, once the event's site and all_day are known."""
    given, errors = body.model_fields_set, {}
    tz = db.session.scalar(select(Site.timezone).where(Site.slug == data.site))
    for name in ("start", "end"):
        value = getattr(body, name)
        if name in given and data.all_day and value is not None:
            value = local_day(value, tz)
            if value is None:
                errors[name] = str(NOT_A_DAY)
            elif name == "end":
                value -= timedelta(days=1)  # the API shows the midnight after the last day
        elif name not in given and not data.all_day and type(getattr(data, name)) is date:
            # An all-day event becoming a timed one: from midnight to midnight.
            day = getattr(data, name) + timedelta(days=1 if name == "end" else 0)
            value = datetime.combine(day, time())
        elif name not in given:
            continue
        setattr(data, name, value)
    for name in ("registration_opens", "registration_closes"):
        if name in given:
            setattr(data, name, getattr(body, name))
    start, end = data.start, data.end
    checked = data.all_day and "end" in given and "end" not in errors and _dates(start, end)
    if checked and end < start:
        errors["end"] = str(DAY_AFTER)
    if errors:
        raise Invalid(errors)


def _dates(*values: Any) -> bool:
    return all(type(v) is date for v in values)


class SessionWrite(t.computed("id", "event", "warnings")):
    """A session as sent. PATCH: only the fields given change. It must lie within its event's
    times."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"title": {"en": "Opening talk"},
                              "room": "Amphi A"}]})  # fmt: skip

    title: Title = None
    start: t.Moment = None
    end: t.Moment = None
    room: Room = None
    speakers: t.Speakers = []
    capacity: t.Count = None


class SessionCreate(SessionWrite):
    """A new session: title, start and end are required."""

    model_config = ConfigDict(json_schema_extra=None)  # no example: its times depend on the event

    title: NewTitle
    start: Annotated[t.Moment, Says(t.NOT_MOMENT, missing=_l("Give the start."))]
    end: Annotated[t.Moment, Says(t.NOT_MOMENT, missing=_l("Give the end."))]


def session_input(body: SessionWrite, session: EventSession | None) -> SessionInput:
    """The session `body` describes, over `session`'s current values."""
    data = current_session_input(session) if session is not None else SessionInput()
    names = ("room", "speakers", "capacity", "start", "end")
    return replace(data, **service_values(body, names, ("title",)))


def current_session_input(session: EventSession) -> SessionInput:
    """A session's current values as the timetable service takes them."""
    tz = session.event.site.timezone
    return SessionInput(
        title_fr=session.title_fr, title_en=session.title_en,
        start=as_written(session.start_at, tz), end=as_written(session.end_at, tz),
        room=session.room, capacity=session.capacity, speakers=[p.id for p in session.speakers],
    )  # fmt: skip
