"""Reading events: the filtered, paginated lists and one event with everything its page shows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cache
from math import ceil
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, null, or_, select
from sqlalchemy.orm import selectinload, with_expression

from eventapp.events import search
from eventapp.events.filters import EventFilters
from eventapp.events.models import (
    Event,
    EventSession,
    event_organisations,
    event_speakers,
    event_topics,
    session_speakers,
)
from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation, Series, Site, Topic

LISTED = ("published",)
VISIBLE = ("published", "cancelled")
# Which part of the timeline a list shows: not over yet, over (newest first), or both.
When = Literal["upcoming", "past", "all"]


@dataclass
class Page:
    """One page of a list, and what it takes to link to the others."""

    items: Sequence  # the events (their ids, from `find_page`)
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


PlacesCount = Callable[[datetime], ColumnElement]
_places_count: list[PlacesCount] = []


def count_places_with(count: PlacesCount) -> None:
    """Set how an event's places taken are counted: registrations, which sit above events and
    own the count, give it here when the app starts (so events never import them)."""
    _places_count[:] = [count]


def places_taken(now: datetime) -> ColumnElement:
    """Each event's places taken at `now`, as a correlated count (one query for a whole page)."""
    return _places_count[0](now) if _places_count else null()


def list_options(now: datetime | None = None) -> list:
    """What a list entry shows, loaded in a fixed number of queries whatever the page size."""
    return [
        with_expression(Event.taken, places_taken(now or clock.now())),
        selectinload(Event.site),
        selectinload(Event.venue),
        selectinload(Event.series),
        selectinload(Event.organisations),
        selectinload(Event.topics),
    ]


def filtered(
    filters: EventFilters,
    *,
    now: datetime,
    statuses: Sequence[str] = LISTED,
    cancelled_since: datetime | None = None,
    when: When = "upcoming",
    prefix: bool = True,
) -> Select:
    """The events matching `filters` that end after `now` (unless `from` says otherwise); with
    `when="past"` those over by `now`, with `when="all"` both.

    With `cancelled_since`, a cancelled event is kept only while it ends after that instant.
    """
    stmt = select(Event).where(Event.status.in_(statuses))
    if cancelled_since is not None:
        stmt = stmt.where(or_(Event.status != "cancelled", Event.end_at >= cancelled_since))
    if filters.site:
        stmt = stmt.where(Event.site_id.in_(_ids(Site, filters.site)))
    if filters.type:
        stmt = stmt.where(Event.kind.in_(filters.type))
    if filters.series:
        stmt = stmt.where(Event.series_id.in_(_ids(Series, filters.series)))
    if filters.topic:
        linked = select(event_topics.c.event_id).where(
            event_topics.c.topic_id.in_(_ids(Topic, filters.topic))
        )
        stmt = stmt.where(Event.id.in_(linked))
    if filters.organisation:
        linked = select(event_organisations.c.event_id).where(
            event_organisations.c.organisation_id.in_(_ids(Organisation, filters.organisation)),
            event_organisations.c.accepted_at.is_not(None),  # an invited co-host shows nothing
        )
        stmt = stmt.where(Event.id.in_(linked))
    if filters.speaker:
        stmt = stmt.where(Event.id.in_(speaking(filters.speaker)))
    stmt = search.narrow(stmt, filters.q, prefix=prefix)
    if filters.date_from:
        stmt = stmt.where(_local_bound(Event.end_at, filters.date_from, after=True))
    elif when == "upcoming":
        stmt = stmt.where(Event.end_at >= now)
    if when == "past":
        stmt = stmt.where(Event.end_at < now)
    if filters.date_to:
        stmt = stmt.where(_local_bound(Event.start_at, filters.date_to + timedelta(days=1)))
    return stmt


def list_events(
    filters: EventFilters,
    *,
    now: datetime,
    page: int = 1,
    per_page: int = 20,
    statuses: Sequence[str] = LISTED,
    extra_options: Sequence = (),
    when: When = "upcoming",
) -> Page:
    """A page of matching events with the total count: in start order, the past newest first;
    a search puts the events with every word in their title first, and reads its last word as
    a beginning too when whole words find nothing."""
    found = find_page(filters, now=now, page=page, per_page=per_page, statuses=statuses, when=when)
    return load_page(found, now=now, extra_options=extra_options)


def find_page(
    filters: EventFilters,
    *,
    now: datetime,
    page: int = 1,
    per_page: int = 20,
    statuses: Sequence[str] = LISTED,
    when: When = "upcoming",
) -> Page:
    """The page `list_events` gives, with the events' ids as its items (nothing loaded yet)."""
    dates = (
        (Event.start_at.desc(), Event.id.desc()) if when == "past" else (Event.start_at, Event.id)
    )
    for prefix in (False, True) if search.words(filters.q) else (True,):
        stmt = filtered(filters, now=now, statuses=statuses, when=when, prefix=prefix)
        rank = search.title_first(filters.q, prefix=prefix)
        order = dates if rank is None else (rank, *dates)
        page_ids, total = _page_ids(stmt, order, page, per_page, together=rank is not None)
        if total:
            break
    return Page(items=list(page_ids), total=total, page=page, per_page=per_page)


def load_page(found: Page, *, now: datetime, extra_options: Sequence = ()) -> Page:
    """The events of a page of ids (`find_page`), in its order, with what a list shows."""
    loaded = db.session.scalars(
        select(Event).where(Event.id.in_(found.items)).options(*list_options(now), *extra_options)
    ).all()
    by_id = {event.id: event for event in loaded}
    items = [by_id[event_id] for event_id in found.items if event_id in by_id]
    return Page(items=items, total=found.total, page=found.page, per_page=found.per_page)


def next_end(now: datetime) -> datetime | None:
    """The next instant a visible event ends: until then no list moves an event between its
    upcoming and past views (on the index of status and end)."""
    return db.session.scalar(next_end_statement(), {"now": now})


@cache
def next_end_statement() -> Select:
    """`next_end`'s statement, built once, with a `now` parameter (kept pages read it on every
    request, with the data version: `pagecache.page_key(..., now=)`)."""
    return select(func.min(Event.end_at)).where(
        Event.status.in_(VISIBLE), Event.end_at >= bindparam("now")
    )


def _page_ids(
    stmt: Select, order: Sequence, page: int, per_page: int, *, together: bool
) -> tuple[Sequence[int], int]:
    """The ids of one page, in order, and the number of matching events.

    Choose the page by id first, then read only its rows: sorting whole rows would read every
    matching event, and an index on (status, end_at, start_at) answers the ids on its own. A
    search ranks every match anyway, so there the count rides along with the page (one pass
    over the matches, not two)."""
    ids = stmt.with_only_columns(Event.id).order_by(*order)
    ids = ids.limit(per_page).offset((page - 1) * per_page)
    if together:
        rows = db.session.execute(ids.add_columns(func.count().over())).all()
        if rows or page == 1:
            return [row[0] for row in rows], rows[0][1] if rows else 0
    else:
        rows = [(event_id,) for event_id in db.session.scalars(ids)]
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    return [row[0] for row in rows], total


def speaker_events(person_id: int) -> Sequence[Event]:
    """The published and cancelled events where a person speaks, in start order."""
    return db.session.scalars(
        select(Event)
        .where(Event.id.in_(speaking([person_id])), Event.status.in_(VISIBLE))
        .options(selectinload(Event.site))
        .order_by(Event.start_at, Event.id)
    ).all()


def get_event(event_id: int, *, statuses: Sequence[str] = VISIBLE) -> Event | None:
    """One visible event with its timetable, speakers and places, in a fixed number of queries."""
    return db.session.scalars(
        select(Event)
        .where(Event.id == event_id, Event.status.in_(statuses))
        .options(
            *list_options(),
            selectinload(Event.speakers),
            selectinload(Event.sessions).selectinload(EventSession.speakers),
        )
    ).first()


def speaking(person_ids: Sequence[int]) -> Select:
    """The ids of the events where one of `person_ids` speaks, at the event or in a session."""
    return (
        select(event_speakers.c.event_id)
        .where(event_speakers.c.person_id.in_(person_ids))
        .union(
            select(EventSession.event_id)
            .join(session_speakers, session_speakers.c.event_session_id == EventSession.id)
            .where(session_speakers.c.person_id.in_(person_ids))
        )
    )


def _ids(model, slugs: Sequence[str]) -> Select:
    return select(model.id).where(model.slug.in_(slugs))


def _local_bound(column, day, *, after: bool = False) -> ColumnElement[bool]:
    """`column` compared with local midnight of `day` in each site's own zone."""
    clauses = []
    for site_id, tz in db.session.execute(select(Site.id, Site.timezone)):
        midnight = datetime.combine(day, time(), tzinfo=ZoneInfo(tz))
        bound = column > midnight if after else column < midnight
        clauses.append(and_(Event.site_id == site_id, bound))
    return or_(*clauses) if clauses else column.is_(None)
