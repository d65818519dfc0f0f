"""Reading events: the filtered, paginated lists and one event with everything its page shows."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cache
from math import ceil
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    func,
    literal_column,
    null,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import joinedload, selectinload, with_expression

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
# How far a searched page counts its matches (past the events up to the page it shows): beyond,
# it says "more than", since counting thousands of matches exactly costs what ranking them does.
SEARCH_COUNT = 100
# A part of a search with more matches than this walks the events in order (see `search.part`).
_MANY = 100
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
    # The count stopped at `total`: there are more than `total` events (a capped search).
    more: bool = False

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.more or self.page < self.pages


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
    search_part: str | None = None,
    walk: bool = False,
) -> Select:
    """The events matching `filters` that end after `now` (unless `from` says otherwise); with
    `when="past"` those over by `now`, with `when="all"` both.

    With `cancelled_since`, a cancelled event is kept only while it ends after that instant.
    With `search_part`, only that part of the search's matches (`search.part`; `walk` when
    they are many and the caller reads them in date order).
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
    if search_part is None:
        stmt = search.narrow(stmt, filters.q, prefix=prefix)
    else:
        stmt = search.part(stmt, filters.q or "", search_part, prefix=prefix, walk=walk)
    if filters.date_from:
        stmt = stmt.where(_local_bound(Event.end_at, filters.date_from, after=True))
    elif when == "upcoming":
        stmt = stmt.where(_unselective(Event.end_at >= now) if walk else Event.end_at >= now)
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
    count_up_to: int | None = None,
) -> Page:
    """A page of matching events with the total count: in start order, the past newest first;
    a search puts the events with every word in their title first, and reads its last word as
    a beginning too when whole words find nothing.

    With `count_up_to`, a search counts its matches only that far past the events before this
    page; over it, the page says there are `more` (an exact count costs what ranking them all
    does). Without it the count is exact."""
    found = find_page(
        filters, now=now, page=page, per_page=per_page, statuses=statuses, when=when,
        count_up_to=count_up_to,
    )  # fmt: skip
    return load_page(found, now=now, extra_options=extra_options)


def find_page(
    filters: EventFilters,
    *,
    now: datetime,
    page: int = 1,
    per_page: int = 20,
    statuses: Sequence[str] = LISTED,
    when: When = "upcoming",
    count_up_to: int | None = None,
) -> Page:
    """The page `list_events` gives, with the events' ids as its items (nothing loaded yet)."""
    dates = (
        (Event.start_at.desc(), Event.id.desc()) if when == "past" else (Event.start_at, Event.id)
    )
    offset = (page - 1) * per_page
    if not search.words(filters.q):
        stmt = filtered(filters, now=now, statuses=statuses, when=when)
        page_ids, more = _page_ids(stmt, dates, offset, per_page), False
        total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    else:
        page_ids, total, more = _searched_ids(
            filters, now=now, statuses=statuses, when=when, order=dates, offset=offset,
            per_page=per_page,
            limit=None if count_up_to is None else offset + max(count_up_to, per_page) + 1,
        )  # fmt: skip
    return Page(items=page_ids, total=total, page=page, per_page=per_page, more=more)


def load_page(found: Page, *, now: datetime, extra_options: Sequence = ()) -> Page:
    """The events of a page of ids (`find_page`), in its order, with what a list shows."""
    loaded = db.session.scalars(
        select(Event).where(Event.id.in_(found.items)).options(*list_options(now), *extra_options)
    ).all()
    by_id = {event.id: event for event in loaded}
    items = [by_id[event_id] for event_id in found.items if event_id in by_id]
    return Page(
        items=items, total=found.total, page=found.page, per_page=found.per_page, more=found.more
    )


def _searched_ids(
    filters: EventFilters, *, order: Sequence, offset: int, per_page: int, limit: int | None, **kw
) -> tuple[list[int], int, bool]:
    """One page of a search's ids, its count (up to `limit`) and whether it stopped there.

    Title matches come first, then the others, each in the list's order: each part is counted
    (up to `limit`), then read from where the page starts in it. The whole words are tried
    first, the last word as a beginning too only when they find nothing."""
    with _counting_through_indexes():
        counts, prefix = _search_counts(filters, limit, **kw)
    ids: list[int] = []
    start = offset
    for which in (search.TITLE, search.BODY):
        if start < counts[which] and len(ids) < per_page:
            walk = counts[which] > _MANY
            matches = filtered(filters, prefix=prefix, search_part=which, walk=walk, **kw)
            ids += _page_ids(matches, order, start, per_page - len(ids))
        start = max(0, start - counts[which])
    more = limit is not None and any(n >= limit for n in counts.values())
    total = limit - 1 if more else sum(counts.values())
    return ids, total, more


def _search_counts(filters: EventFilters, limit: int | None, **kw) -> tuple[dict[str, int], bool]:
    """How many title matches and other matches (each up to `limit`), and whether the last
    word was read as a beginning too (only when the whole words find nothing)."""
    for prefix in (False, True):
        # The title matches are counted, then all matches, the title's count further: the
        # others are the difference (a title match is a match), and no count has to tell
        # every match of a common word from a title match.
        titles = _count(filtered(filters, prefix=prefix, search_part=search.TITLE, **kw), limit)
        if limit is not None and titles >= limit:
            counts = {search.TITLE: titles, search.BODY: 0}
            break
        further = None if limit is None else titles + limit
        found = _count(filtered(filters, prefix=prefix, search_part=search.ANY, **kw), further)
        counts = {search.TITLE: titles, search.BODY: found - titles}
        if found:
            break
    return counts, prefix


@contextmanager
def _counting_through_indexes() -> Iterator[None]:
    """On PostgreSQL, the documents read only through their GIN indexes while a search counts:
    under a LIMIT the planner hopes to meet enough matches early, in table or key order, and a
    word found nowhere (or a beginning, whose estimate is pessimistic) then reads every
    document. The indexes give the matches at once, and the LIMIT stops the reading of their
    rows (bitmap scans only: no sequential scan, no walk of a B-tree)."""
    if db.session.get_bind().dialect.name != "postgresql":
        yield
        return
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    db.session.execute(text("SET LOCAL enable_indexscan = off"))
    try:
        yield
    finally:
        db.session.execute(text("RESET enable_seqscan"))
        db.session.execute(text("RESET enable_indexscan"))


def _count(stmt: Select, limit: int | None) -> int:
    """How many rows `stmt` gives, counting no further than `limit`."""
    rows = stmt.with_only_columns(Event.id)
    if limit is not None:
        rows = rows.limit(limit)
    return db.session.scalar(select(func.count()).select_from(rows.subquery())) or 0


def next_end(now: datetime) -> datetime | None:
    """The next instant a visible event ends: until then no list moves an event between its
    upcoming and past views (on the index of status and end)."""
    return db.session.scalar(next_end_statement(), {"now": now})


@cache
def next_end_statement() -> Select:
    """`next_end`'s statement, built once, with a `now` parameter (kept pages read it on every
    request, with the data version: `pagecache.page_key(..., now=)`).

    One minimum per status, then the least of them: each is the first entry of the (status,
    end) index past `now`, one index probe. A minimum over `status IN (...)` is not: the index
    gives each status's ends in order, not all of them, so PostgreSQL read every upcoming
    event's end (about 11 ms at 50,000 events, on every list page, kept or not)."""
    now = bindparam("now")
    firsts = union_all(
        *(
            select(func.min(Event.end_at).label("end_at")).where(
                Event.status == status, Event.end_at >= now
            )
            for status in VISIBLE
        )
    ).subquery("firsts")
    return select(func.min(firsts.c.end_at))


def _page_ids(stmt: Select, order: Sequence, offset: int, size: int) -> list[int]:
    """The ids of one page, in order.

    Choose the page by id first, then read only its rows: sorting whole rows would read every
    matching event, and an index on (status, end_at, start_at) answers the ids on its own."""
    ids = stmt.with_only_columns(Event.id).order_by(*order).limit(size).offset(offset)
    return list(db.session.scalars(ids))


def _unselective(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """`condition`, told to SQLite as true of nearly every row: when a search walks events in
    start order, the index of end dates must not look the cheaper way in (it would read and sort
    every upcoming event). PostgreSQL's planner has statistics of its own."""
    if db.session.get_bind().dialect.name != "sqlite":
        return condition
    return func.likelihood(condition, literal_column("0.99"))


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


def event_row(event_id: int, *, statuses: Sequence[str] = VISIBLE) -> Event | None:
    """One visible event with its site, venue and places, and nothing else (a reader's own parts of
    its page need no more; any relation they touch loads on its own)."""
    return db.session.scalars(
        select(Event)
        .where(Event.id == event_id, Event.status.in_(statuses))
        .options(
            with_expression(Event.taken, places_taken(clock.now())),
            joinedload(Event.site),
            joinedload(Event.venue),
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
