"""Idempotent demo data: the partnership's sites and bodies, a year of events, and the past year's.

Reference rows are found by their slug (sites, organisations, topics, series), by site and
name (venues) or by name (people); an event is found by its site and its titles, never by its
dates, which move with the day of seeding. Whatever already exists is left as it is, so a
second run adds nothing and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventapp.demo.archive import PAST_EVENTS
from eventapp.demo.attendees import fill_full_event
from eventapp.demo.clock_changes import CLOCK_CHANGE_EVENTS
from eventapp.demo.programme import ONE_OFF_EVENTS
from eventapp.demo.reference_data import ORGANISATIONS, PEOPLE, SERIES, SITES, TOPICS, VENUES
from eventapp.demo.schedule import Calendar, midnight_utc, to_utc
from eventapp.demo.series_talks import series_events
from eventapp.demo.symposia import BIG_EVENTS
from eventapp.events.models import Event, EventSession
from eventapp.events.services import cancel_event, publish_event
from eventapp.reference.models import Organisation, Person, Series, Site, Topic, Venue
from eventapp.settings import Settings

TEXT_FIELDS = tuple(
    f"{field}_{lang}"
    for field in ("title", "summary", "description", "cancel_reason")
    for lang in ("fr", "en")
)
SPEC_FIELDS = {
    "site", "venue", "series", "kind", "status", "language", "day", "time", "end_day",
    "all_day", "hosts", "topics", "speakers", "capacity", "online_url", "registration",
    "sessions", *TEXT_FIELDS,
}  # fmt: skip


def event_specs() -> list[dict]:
    """Every demo event, in the shape `_build_event` reads."""
    return [*series_events(), *CLOCK_CHANGE_EVENTS, *BIG_EVENTS, *ONE_OFF_EVENTS, *PAST_EVENTS]


def event_key(site_id: int, title_fr: str | None, title_en: str | None) -> tuple:
    """What makes a demo event the same one from run to run: not its dates, which move."""
    return (site_id, title_fr or None, title_en or None)


def seed_demo(session: Session, *, now: datetime, settings: Settings) -> int:
    """Load the demo data; returns how many events were added."""
    sites = _ensure_by_slug(session, Site, SITES)
    session.flush()  # venues and events are found by their site's id
    refs = _Refs(
        sites=sites,
        organisations=_ensure_by_slug(
            session, Organisation, ORGANISATIONS, site=lambda slug: sites[slug]
        ),
        topics=_ensure_by_slug(session, Topic, TOPICS),
        series=_ensure_by_slug(
            session, Series, SERIES, site=lambda slug: sites[slug] if slug else None
        ),
        venues=_ensure_venues(session, sites),
        people=_ensure_people(session),
    )

    calendar = Calendar(today=now.astimezone(UTC).date())
    existing = {
        event_key(*row)
        for row in session.execute(select(Event.site_id, Event.title_fr, Event.title_en))
    }
    added = 0
    for spec in event_specs():
        site = refs.sites[spec["site"]]
        key = event_key(site.id, spec.get("title_fr"), spec.get("title_en"))
        if key in existing:
            continue
        event = _build_event(spec, refs, calendar)
        session.add(event)
        _go_live(event, spec.get("status", "published"), now=now, settings=settings)
        existing.add(key)
        added += 1
    session.flush()
    fill_full_event(session, now)
    return added


def _go_live(event: Event, status: str, *, now: datetime, settings: Settings) -> None:
    """Publish, then cancel, through the organisers' services: history, SEQUENCE and signals
    as in real life (a cancelled event was published first, so calendars saw it go)."""
    if status == "draft":
        return
    publish_event(event, now=now, settings=settings)
    if status == "cancelled":
        cancel_event(event, now=now, settings=settings, reason_fr=event.cancel_reason_fr,
                     reason_en=event.cancel_reason_en)  # fmt: skip


@dataclass(frozen=True)
class _Refs:
    """The reference rows by the names the programme uses."""

    sites: dict[str, Site]
    organisations: dict[str, Organisation]
    topics: dict[str, Topic]
    series: dict[str, Series]
    venues: dict[str, Venue]
    people: dict[str, Person]


def _ensure_by_slug(session: Session, model, rows: Iterable[dict], **resolvers) -> dict:
    """The rows of `model` with the given slugs, adding those missing; `resolvers` map
    a field's value in `rows` (a slug) to the object to store in it."""
    rows = list(rows)
    found = {
        obj.slug: obj
        for obj in session.scalars(select(model).where(model.slug.in_([r["slug"] for r in rows])))
    }
    for row in rows:
        if row["slug"] in found:
            continue
        fields = {k: (resolvers[k](v) if k in resolvers else v) for k, v in row.items()}
        obj = model(**fields)
        session.add(obj)
        found[row["slug"]] = obj
    return found


def _ensure_venues(session: Session, sites: dict[str, Site]) -> dict[str, Venue]:
    """The demo venues, found by site and English name, adding those missing."""
    by_name = {
        (venue.site_id, venue.name_en): venue
        for venue in session.scalars(select(Venue).where(Venue.name_en.is_not(None)))
    }
    venues = {}
    for key, row in VENUES.items():
        site = sites[row["site"]]
        venue = by_name.get((site.id, row["name_en"]))
        if venue is None:
            venue = Venue(**{**row, "site": site})
            session.add(venue)
        venues[key] = venue
    return venues


def _ensure_people(session: Session) -> dict[str, Person]:
    """The demo speakers, found by name, adding those missing."""
    found = {
        person.name: person
        for person in session.scalars(
            select(Person).where(Person.name.in_(list(PEOPLE))).order_by(Person.id.desc())
        )
    }  # the lowest id wins when a name is there twice
    for name, affiliation in PEOPLE.items():
        if name not in found:
            found[name] = Person(name=name, affiliation=affiliation)
            session.add(found[name])
    return found


def _build_event(spec: dict, refs: _Refs, calendar: Calendar) -> Event:
    """A new Event (with its sessions) from one specification."""
    unknown = set(spec) - SPEC_FIELDS
    if unknown:
        raise ValueError(f"unknown fields in demo event {spec.get('title_en')!r}: {unknown}")
    site = refs.sites[spec["site"]]
    zone = site.zone
    first_day = calendar.day(spec["day"])
    if spec.get("all_day"):
        start_at = midnight_utc(first_day, zone)
        end_at = midnight_utc(first_day + timedelta(days=spec["all_day"]), zone)
    else:
        start, end = spec["time"]
        start_at = to_utc(first_day, start, zone)
        end_at = to_utc(first_day + timedelta(days=spec.get("end_day", 0)), end, zone)
    venue = refs.venues[spec["venue"]] if spec.get("venue") else None
    if venue is not None and venue.site is not site:
        raise ValueError(f"venue {spec['venue']!r} is not at site {spec['site']!r}")
    event = Event(
        kind=spec["kind"],
        status="draft",  # published (and cancelled) by the services: see _go_live
        language=spec.get("language", "both"),
        site=site,
        venue=venue,
        series=refs.series[spec["series"]] if spec.get("series") else None,
        online_url=spec.get("online_url"),
        all_day=bool(spec.get("all_day")),
        start_at=start_at,
        end_at=end_at,
        capacity=spec.get("capacity"),
        sequence=0,
        organisations=[refs.organisations[slug] for slug in spec.get("hosts", [])],
        topics=[refs.topics[slug] for slug in spec.get("topics", [])],
        speakers=[refs.people[name] for name in spec.get("speakers", [])],
        **{field: spec.get(field) for field in TEXT_FIELDS},
    )
    if "registration" in spec:
        # Days before, at the same wall time: not 24-hour days across a clock change.
        local_start = start_at.astimezone(zone)
        opens_before, closes_before = spec["registration"]
        event.registration_opens_at = (local_start - timedelta(days=opens_before)).astimezone(UTC)
        event.registration_closes_at = (local_start - timedelta(days=closes_before)).astimezone(UTC)
    event.sessions = [
        _build_session(row, first_day, zone, refs) for row in spec.get("sessions", [])
    ]
    return event


def _build_session(row: tuple, first_day, zone, refs: _Refs) -> EventSession:
    day, start, end, room, title_fr, title_en, speakers, capacity = row
    on = first_day + timedelta(days=day)
    return EventSession(
        title_fr=title_fr,
        title_en=title_en,
        start_at=to_utc(on, start, zone),
        end_at=to_utc(on, end, zone),
        room=room,
        capacity=capacity,
        sequence=0,
        speakers=[refs.people[name] for name in speakers],
    )
