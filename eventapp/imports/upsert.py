"""A source's items written as events: created, updated, cancelled or left alone, one by one.

Moves and cancellations go through the events services, so an imported event that moves or is
withdrawn gets a higher SEQUENCE and its registrants are told, as for an event edited here.
Only the fields a feed provides are written (times, the title and description in the source's
language, the venue, the online link, the page); what organisers added (capacity, topics,
sessions, the other language's texts) is never touched. Unchanged items write nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from eventapp.bounds import MAX_TEXT
from eventapp.events import history, signals
from eventapp.events.models import Event
from eventapp.events.services import cancel_event, move_event, restore_event
from eventapp.extensions import db
from eventapp.imports.models import Source
from eventapp.imports.parse import AHEAD, Item, Parsed
from eventapp.reference.models import Series, Venue
from eventapp.settings import Settings
from eventapp.text import fold, slugify

# The first line of a description that carries a place no venue of the site matched (stored
# data in the source's language, not an interface string).
PLACE_LABEL = {"fr": "Lieu : ", "en": "Where: "}
NEVER_IMPORTED = "Cancelled in the feed before it was ever imported."
DUPLICATE = "Another event of the feed has the same UID and recurrence id; the first is kept."


def apply_items(source: Source, parsed: Parsed, *, now: datetime, settings: Settings) -> dict:
    """Upsert `parsed` as `source`'s events; returns the counts and the skipped items."""
    counts = {"created": 0, "updated": 0, "cancelled": 0, "unchanged": 0}
    skipped = list(parsed.skipped)
    existing = {
        (event.source_uid, event.source_recurrence_id or ""): event
        for event in db.session.scalars(select(Event).where(Event.source_id == source.id))
    }
    venues = db.session.scalars(select(Venue).where(Venue.site_id == source.site_id)).all()
    seen: set[tuple[str, str]] = set()
    made_series: dict[str, Series] = {}
    for item in parsed.items:
        key = (item.uid, item.recurrence_id)
        if key in seen:
            skipped.append((item.uid, DUPLICATE))
            continue
        seen.add(key)
        values = _values(item, source, venues)
        event = existing.get(key)
        if event is not None and event.source_detached_at is not None:
            counts["unchanged"] += 1  # an ordinary event now: the feed's changes are not ours
        elif event is not None:
            counts[_update(event, item, values, source, now=now, settings=settings)] += 1
        elif item.cancelled and not source.publish:
            skipped.append((item.uid, NEVER_IMPORTED))
        else:
            series = source.series or _series_of(source, item, made_series)
            _create(source, item, values, series, now=now, settings=settings)
            counts["created"] += 1
    # An item skipped this time (unreadable dates…) keeps its event as it was.
    troubled = {uid for uid, _ in skipped}
    kept = seen | {key for key in existing if key[0] in troubled}
    for key, event in existing.items():
        if key not in kept and _withdrawn(event, now):
            _cancel(event, now=now, settings=settings)
            counts["cancelled"] += 1
    return {**counts, "skipped": skipped}


def _values(item: Item, source: Source, venues: list[Venue]) -> dict:
    """The event's fields that the feed provides, as they would be stored."""
    lang = source.language
    venue = _venue(item.location, venues)
    description = item.description
    place = item.location if venue is None and item.location != item.online_url else None
    if place:
        description = f"{PLACE_LABEL[lang]}{place}" + (f"\n\n{description}" if description else "")
    return {
        "start_at": item.start_at,
        "end_at": item.end_at,
        "all_day": item.all_day,
        f"title_{lang}": item.title or source.name,
        f"description_{lang}": description[:MAX_TEXT] if description else None,
        "venue": venue,
        "online_url": item.online_url,
        "source_url": item.url,
    }


def _venue(location: str | None, venues: list[Venue]) -> Venue | None:
    """The site's venue that LOCATION names (alone, or before a comma and an address)."""
    place = fold(location).strip()
    if not place:
        return None
    for venue in venues:
        for name in (venue.name_fr, venue.name_en):
            folded = fold(name).strip()
            if folded and (place == folded or place.startswith(folded + ",")):
                return venue
    return None


def _series_of(source: Source, item: Item, found: dict[str, Series]) -> Series | None:
    """For an occurrence of a recurring event, when the source names no series: the series of
    the site with its title (the recurring event's SUMMARY, else the source's name), made on
    demand at the source's site."""
    if item.series is None:
        return None
    title = item.series or source.name
    if title in found:
        return found[title]
    column = getattr(Series, f"title_{source.language}")
    query = select(Series).where(Series.site_id == source.site_id, column == title)
    series = db.session.scalars(query.order_by(Series.id).limit(1)).first()
    if series is None:
        series = Series(site=source.site, **{f"title_{source.language}": title})
        series.slug = _free_slug(slugify(title) or "series")
        db.session.add(series)
        db.session.flush()
    found[title] = series
    return series


def _free_slug(base: str) -> str:
    """`base`, or `base-2`, `base-3`… : the first no series has."""
    taken = set(db.session.scalars(select(Series.slug).where(Series.slug.like(f"{base[:50]}%"))))
    slug, n = base[:60], 1
    while slug in taken:
        n += 1
        slug = f"{base[:50]}-{n}"
    return slug


def _create(
    source: Source,
    item: Item,
    values: dict,
    series: Series | None,
    *,
    now: datetime,
    settings: Settings,
) -> Event:
    days = (item.end_at - item.start_at) / timedelta(days=1)
    event = Event(
        kind="workshop" if item.all_day and days > 1 else "seminar",
        status="cancelled" if item.cancelled else ("published" if source.publish else "draft"),
        language=source.language, site=source.site, series=series,
        created_at=now, updated_at=now, source_id=source.id, source_uid=item.uid,
        source_recurrence_id=item.recurrence_id,
        registration_opens_at=now if source.registration else None,
        **values,
    )  # fmt: skip
    event.organisations = [source.organisation]
    event.topics = list(source.topics)
    db.session.add(event)
    db.session.flush()
    history.record(event.id, None, "imported", {"source": [None, source.name]}, now=now)
    if event.status == "published":  # published at once: as an organiser's publishing would
        signals.event_published.send(event, now=now, settings=settings)
    return event


def _update(
    event: Event, item: Item, values: dict, source: Source, *, now: datetime, settings: Settings
) -> str:
    """Bring one event in line with its item; returns 'updated', 'cancelled' or 'unchanged'."""
    changed = {name: value for name, value in values.items() if _differs(event, name, value)}
    outcome = "unchanged"
    if event.status == "cancelled" and not item.cancelled:
        _restore(event, source, now=now)
        outcome = "updated"
    times = {name: changed.pop(name) for name in ("start_at", "end_at") if name in changed}
    if changed:
        before = {name: _show(_current(event, name)) for name in changed}
        for name, value in changed.items():
            setattr(event, name, value)
        event.updated_at = now
        diff = {name: [before[name], _show(value)] for name, value in changed.items()}
        history.record(event.id, None, "imported", diff, now=now)
        outcome = "updated"
    if times:
        start_at, end_at = times.get("start_at", event.start_at), times.get("end_at", event.end_at)
        if event.status == "published":
            move_event(event, start_at=start_at, end_at=end_at, now=now, settings=settings)
        else:
            event.start_at, event.end_at = start_at, end_at
            event.sequence, event.updated_at = (event.sequence or 0) + 1, now
        outcome = "updated"
    elif "venue" in changed and event.status == "published":
        signals.event_moved.send(event, now=now, settings=settings, changes=["venue_id"])
    if item.cancelled and event.status != "cancelled":
        _cancel(event, now=now, settings=settings)
        outcome = "cancelled"
    return outcome


def _restore(event: Event, source: Source, *, now: datetime) -> None:
    """A cancelled event listed again: published again, or a draft again when its source waits
    for an organiser (nothing is published that no organiser published)."""
    if source.publish:
        restore_event(event, now=now)
        return
    event.status = "draft"
    event.sequence, event.updated_at = (event.sequence or 0) + 1, now
    history.record(event.id, None, "restored", {"status": ["cancelled", "draft"]}, now=now)


def has_events_to_come(source: Source, now: datetime) -> bool:
    """Whether the source has events, not cancelled, still to come inside the window."""
    query = select(Event.id).where(
        Event.source_id == source.id, Event.status != "cancelled",
        Event.source_detached_at.is_(None),
        Event.start_at >= now, Event.start_at <= now + AHEAD,
    ).limit(1)  # fmt: skip
    return db.session.scalar(query) is not None


def _withdrawn(event: Event, now: datetime) -> bool:
    """An event gone from its feed is cancelled if it was still to come inside the window (and
    still follows its source: a detached event is an ordinary event)."""
    followed = event.source_detached_at is None
    return followed and event.status != "cancelled" and now <= event.start_at <= now + AHEAD


def _cancel(event: Event, *, now: datetime, settings: Settings) -> None:
    if event.status == "published":
        cancel_event(event, now=now, settings=settings)
    else:  # a draft nobody saw: no one to tell
        event.status = "cancelled"
        event.sequence, event.updated_at = (event.sequence or 0) + 1, now
        history.record(event.id, None, "cancelled", {"status": ["draft", "cancelled"]}, now=now)


def _current(event: Event, name: str):
    return event.venue_id if name == "venue" else getattr(event, name)


def _differs(event: Event, name: str, value) -> bool:
    if name == "venue":
        return event.venue_id != (value.id if value is not None else None)
    return getattr(event, name) != value


def _show(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Venue):
        return str(value.id)
    return value.isoformat() if isinstance(value, datetime) else str(value)
