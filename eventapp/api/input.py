"""JSON bodies of the writing API turned into the editing services' input, a message per field.

The field names are those the API reads. Only the shape of each value is checked here (a string,
a list, a date-time); what the values mean is checked by the services, as for the forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eventapp.api.fields import (
    EVENT_IGNORED,
    EVENT_WRITABLE,
    MAX_INT,
    SESSION_IGNORED,
    SESSION_WRITABLE,
    TEXT_PAIRS,
)
from eventapp.events.checks import InvalidInput
from eventapp.events.editing import EventInput
from eventapp.events.localtime import resolve
from eventapp.events.models import STATUSES, Event, EventSession
from eventapp.events.sessions import SessionInput
from eventapp.extensions import db
from eventapp.i18n import LANGUAGES
from eventapp.reference.models import Site

YEARS = (1900, 2999)

NOT_OBJECT = _l("Send a JSON object, with the header Content-Type: application/json.")
UNKNOWN_FIELD = _l("Unknown field.")
NOT_TEXT = _l("Give a text.")
NUL_IN_TEXT = _l("A text cannot contain NUL characters.")
NOT_PAIR = _l('Give {"fr": ..., "en": ...}, each a text or null.')
NOT_BOOLEAN = _l("Give true or false.")
NOT_COUNT = _l("Give a whole number from 0 to %(n)d, or null.", n=MAX_INT)
NOT_ID = _l("Give an id, or null.")
NOT_SLUGS = _l("Give a list of slugs.")
NOT_IDS = _l("Give a list of ids.")
NOT_MOMENT = _l(
    "Give an ISO 8601 date-time, such as 2027-03-26T14:00 (the site's local time) "
    "or 2027-03-26T14:00+01:00."
)
NOT_A_DAY = _l("An all-day event takes dates, or date-times at local midnight.")
DAY_AFTER = _l("For an all-day event, the end is the day after the last day, as the API shows it.")
NOT_STATUS = _l("Choose draft, published or cancelled.")


@dataclass
class EventRequest:
    """What a body asks of an event: its fields, and perhaps a change of status."""

    data: EventInput
    status: str | None = None
    cancel_reason: dict[str, str | None] = field(default_factory=dict)


def event_request(body: dict, event: Event | None) -> EventRequest:
    """The event `body` describes, over `event`'s current values; raises InvalidInput."""
    errors: dict[str, Any] = {}
    _unknown(body, EVENT_WRITABLE + EVENT_IGNORED, errors)
    data = current_event_input(event) if event is not None else EventInput()
    values: dict[str, Any] = {}
    for name in ("kind", "site", "language"):
        if name in body:
            values[name] = _text(body[name], name, errors, nullable=False)
    for name in ("online_url", "series"):
        if name in body:
            values[name] = _text(body[name], name, errors)
    for name in TEXT_PAIRS:
        if name in body:
            values.update(_pair(body[name], name, errors))
    if "all_day" in body:
        values["all_day"] = _boolean(body["all_day"], "all_day", errors)
    if "venue" in body:
        values["venue_id"] = _id(body["venue"], "venue", errors)
    for name in ("organisations", "topics"):
        if name in body:
            values[name] = _slugs(body[name], name, errors)
    if "speakers" in body:
        values["speakers"] = _ids(body["speakers"], "speakers", errors)
    if "capacity" in body:
        values["capacity"] = _count(body["capacity"], "capacity", errors)
    status = _status(body.get("status"), errors) if "status" in body else None
    reason: dict[str, str | None] = {}
    if "cancel_reason" in body:
        given = _pair(body["cancel_reason"], "cancel_reason", errors)
        reason = {key.removeprefix("cancel_reason_"): text for key, text in given.items()}
    if errors:
        raise InvalidInput(errors)
    data = replace(data, **values)
    _times(body, data, event, errors)
    if errors:
        raise InvalidInput(errors)
    return EventRequest(data, status, reason)


def session_input(body: dict, session: EventSession | None) -> SessionInput:
    """The session `body` describes, over `session`'s current values; raises InvalidInput."""
    errors: dict[str, Any] = {}
    _unknown(body, SESSION_WRITABLE + SESSION_IGNORED, errors)
    data = current_session_input(session) if session is not None else SessionInput()
    values: dict[str, Any] = {}
    if "title" in body:
        values.update(_pair(body["title"], "title", errors))
    if "room" in body:
        values["room"] = _text(body["room"], "room", errors)
    if "speakers" in body:
        values["speakers"] = _ids(body["speakers"], "speakers", errors)
    if "capacity" in body:
        values["capacity"] = _count(body["capacity"], "capacity", errors)
    for name in ("start", "end"):
        if name in body:
            values[name] = _moment(body[name], name, errors)
    if errors:
        raise InvalidInput(errors)
    return replace(data, **values)


def current_event_input(event: Event) -> EventInput:
    """An event's current values as the editing service takes them (what a form would show)."""
    tz = event.site.timezone
    if event.all_day:
        start, end = event.first_day, event.last_day
    else:
        start, end = as_written(event.start_at, tz), as_written(event.end_at, tz)
    return EventInput(
        kind=event.kind, site=event.site.slug, language=event.language,
        title_fr=event.title_fr, title_en=event.title_en,
        summary_fr=event.summary_fr, summary_en=event.summary_en,
        description_fr=event.description_fr, description_en=event.description_en,
        all_day=event.all_day, start=start, end=end, venue_id=event.venue_id,
        online_url=event.online_url, organisations=[o.slug for o in event.organisations],
        topics=[t.slug for t in event.topics], series=event.series.slug if event.series else None,
        speakers=[p.id for p in event.speakers], capacity=event.capacity,
        registration_opens=as_written(event.registration_opens_at, tz),
        registration_closes=as_written(event.registration_closes_at, tz),
    )  # fmt: skip


def current_session_input(session: EventSession) -> SessionInput:
    """A session's current values as the timetable service takes them."""
    tz = session.event.site.timezone
    return SessionInput(
        title_fr=session.title_fr, title_en=session.title_en,
        start=as_written(session.start_at, tz), end=as_written(session.end_at, tz),
        room=session.room, capacity=session.capacity, speakers=[p.id for p in session.speakers],
    )  # fmt: skip


def as_written(instant: datetime | None, tz: str) -> datetime | None:
    """The local wall time of `instant`, or the instant itself when that wall time would not
    lead back to it (the second of a repeated hour)."""
    if instant is None:
        return None
    local = instant.astimezone(ZoneInfo(tz))
    wall = local.replace(tzinfo=None)
    return wall if resolve(wall, tz).instant == instant else local


# --- times ---------------------------------------------------------------------------------------


def _times(body: dict, data: EventInput, event: Event | None, errors: dict) -> None:
    """Parse the body's times in place, once the event's site and all_day are known."""
    tz = _zone(data.site)
    for name in ("start", "end"):
        if name in body:
            value = _moment(body[name], name, errors)
            if data.all_day and value is not None:
                value = _day(value, tz, name, errors)
                if name == "end" and value is not None:
                    value -= timedelta(days=1)  # the API shows the midnight after the last day
            setattr(data, name, value)
        elif not data.all_day and type(getattr(data, name)) is date:
            # An all-day event becoming a timed one: from midnight to midnight.
            day = getattr(data, name) + timedelta(days=1 if name == "end" else 0)
            setattr(data, name, datetime.combine(day, time()))
    for name in ("registration_opens", "registration_closes"):
        if name in body:
            setattr(data, name, _moment(body[name], name, errors))
    start, end = data.start, data.end
    if data.all_day and "end" in body and _dates(start, end) and end < start:
        errors["end"] = DAY_AFTER


def _dates(*values: Any) -> bool:
    return all(type(v) is date for v in values)


def _zone(slug: str) -> str | None:
    return db.session.scalar(select(Site.timezone).where(Site.slug == slug)) if slug else None


def _moment(value: Any, name: str, errors: dict) -> datetime | None:
    """An ISO 8601 date-time (a date means its midnight), with or without an offset."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or not YEARS[0] <= parsed.year <= YEARS[1]:
        errors[name] = NOT_MOMENT
        return None
    return parsed


def _day(value: datetime, tz: str | None, name: str, errors: dict) -> date | None:
    """The local day an all-day event's date or local-midnight date-time names."""
    local = value.astimezone(ZoneInfo(tz)) if value.tzinfo and tz else value
    if local.time() != time():
        errors[name] = NOT_A_DAY
        return None
    return local.date()


# --- shapes --------------------------------------------------------------------------------------


def _unknown(body: dict, known: tuple[str, ...], errors: dict) -> None:
    for name in body:
        if name not in known:
            errors[str(name)] = UNKNOWN_FIELD


def _text(value: Any, name: str, errors: dict, *, nullable: bool = True) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        errors[name] = NOT_TEXT
        return None
    if "\x00" in value:
        errors[name] = NUL_IN_TEXT
        return None
    return value


def _pair(value: Any, name: str, errors: dict) -> dict[str, str | None]:
    """`{"fr", "en"}` as `name_fr` and `name_en`; a language left out keeps its current text."""
    if not isinstance(value, dict) or not set(value) <= set(LANGUAGES):
        errors[name] = NOT_PAIR
        return {}
    found = {}
    for lang, text in value.items():
        found[f"{name}_{lang}"] = _text(text, f"{name}.{lang}", errors)
    return found


def _boolean(value: Any, name: str, errors: dict) -> bool:
    if not isinstance(value, bool):
        errors[name] = NOT_BOOLEAN
        return False
    return value


def _integer(value: Any) -> int | None:
    """A JSON integer in range (not a boolean, not 2.0), else None."""
    if isinstance(value, int) and not isinstance(value, bool) and -MAX_INT <= value <= MAX_INT:
        return value
    return None


def _count(value: Any, name: str, errors: dict) -> int | None:
    if value is None:
        return None
    number = _integer(value)
    if number is None:
        errors[name] = NOT_COUNT
    return number


def _id(value: Any, name: str, errors: dict) -> int | None:
    """An id, or an object with one (as the API shows a venue or a speaker)."""
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("id")
    number = _integer(value)
    if number is None or number < 1:
        errors[name] = NOT_ID
        return None
    return number


def _slugs(value: Any, name: str, errors: dict) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors[name] = NOT_SLUGS
        return []
    if any("\x00" in v for v in value):
        errors[name] = NUL_IN_TEXT
        return []
    return value


def _ids(value: Any, name: str, errors: dict) -> list[int]:
    if not isinstance(value, list):
        errors[name] = NOT_IDS
        return []
    found = []
    for item in value:
        number = _id(item, name, errors) if item is not None else None
        if number is None:
            errors[name] = NOT_IDS
            return []
        found.append(number)
    return found


def _status(value: Any, errors: dict) -> str | None:
    if value not in STATUSES:
        errors["status"] = NOT_STATUS
        return None
    return value
