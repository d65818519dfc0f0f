"""The rows the feeds' blocks are built from, read in four Core statements per chunk of events.

No ORM objects: building 10,000 events' blocks through the ORM (the event, its site, venue,
speakers, sessions and their speakers) cost more than writing them. Here each chunk is the
events with their site's zone and venue (one join), their speakers, their sessions and the
sessions' speakers, each a plain tuple.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Select, select

from eventapp.events.models import Event, EventSession, event_speakers, session_speakers
from eventapp.feeds.content import EventRow, Person, SessionRow
from eventapp.reference.models import Person as PersonModel
from eventapp.reference.models import Site, Venue

_E = Event.__table__.c
EVENT_COLUMNS = (
    _E.id, _E.status, _E.all_day, _E.start_at, _E.end_at, _E.sequence, _E.updated_at,
    Site.__table__.c.timezone, _E.title_fr, _E.title_en, _E.summary_fr, _E.summary_en,
    _E.cancel_reason_fr, _E.cancel_reason_en, _E.online_url,
    (_E.capacity.is_not(None) | _E.registration_opens_at.is_not(None)).label("private_link"),
    _E.source_id, _E.source_uid, _E.venue_id, Venue.__table__.c.name_fr,
    Venue.__table__.c.name_en, Venue.__table__.c.address,
)  # fmt: skip
_S = EventSession.__table__.c
SESSION_COLUMNS = (
    _S.id, _S.event_id, _S.title_fr, _S.title_en, _S.start_at, _S.end_at, _S.room, _S.sequence
)  # fmt: skip
_P = PersonModel.__table__.c


@dataclass
class Chunk:
    """Some events' rows: each event, and by event (or session) id their speakers and sessions."""

    events: list[EventRow]
    speakers: dict[int, list[Person]]
    sessions: dict[int, list[SessionRow]]
    session_speakers: dict[int, list[Person]]


def load(conn: Connection, ids: list[int], *, sessions: bool = True) -> Chunk:
    """The rows of the events `ids` (a chunk: a few hundred, sorted), in id order; without
    their sessions unless `sessions`."""
    wanted = set(ids)
    events = [
        EventRow(*row)
        for row in conn.execute(
            select(*EVENT_COLUMNS)
            .join(Site.__table__, Site.__table__.c.id == _E.site_id)
            .outerjoin(Venue.__table__, Venue.__table__.c.id == _E.venue_id)
            .where(within(_E.id, ids))
            .order_by(_E.id)
        ).all()
        if row[0] in wanted
    ]
    link = event_speakers.c
    speakers = _people(
        conn,
        select(link.event_id, _P.name, _P.affiliation)
        .join(PersonModel.__table__, _P.id == link.person_id)
        .where(within(link.event_id, ids))
        .order_by(link.id),
    )
    if not sessions:
        return Chunk(events, speakers, {}, {})
    by_event: dict[int, list[SessionRow]] = {}
    for row in conn.execute(
        select(*SESSION_COLUMNS).where(within(_S.event_id, ids)).order_by(_S.start_at, _S.id)
    ).all():
        by_event.setdefault(row[1], []).append(SessionRow(*row))
    link = session_speakers.c
    by_session = _people(
        conn,
        select(link.event_session_id, _P.name, _P.affiliation)
        .join(PersonModel.__table__, _P.id == link.person_id)
        .join(EventSession.__table__, _S.id == link.event_session_id)
        .where(within(_S.event_id, ids))
        .order_by(link.id),
    )
    return Chunk(events, speakers, by_event, by_session)


def within(column: ColumnElement[int], ids: list[int]) -> ColumnElement[bool]:
    """`column` among the sorted `ids`: as a range when they are dense (a cold build's chunks),
    since each value of an IN list costs more to bind than the few other rows a range reads
    (`load` keeps the events asked for, and what it read of others goes unused)."""
    if ids[-1] - ids[0] < 2 * len(ids):
        return column.between(ids[0], ids[-1])
    return column.in_(ids)


def _people(conn: Connection, stmt: Select) -> dict[int, list[Person]]:
    """Name and affiliation of the people `stmt` selects (owner id, name, affiliation), by owner,
    in the order they were listed."""
    found: dict[int, list[Person]] = {}
    for owner_id, name, affiliation in conn.execute(stmt).all():
        found.setdefault(owner_id, []).append((name, affiliation))
    return found
