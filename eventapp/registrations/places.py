"""Counting places: confirmed registrations and guests' holds that have not run out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    case,
    func,
    or_,
    select,
)

from eventapp.events.models import Event, EventSession
from eventapp.extensions import db
from eventapp.registrations.models import Registration, RegistrationSession


def holds_place(now: datetime):
    """The registrations that take a place at `now`."""
    return or_(
        Registration.status == "confirmed",
        and_(Registration.status == "pending", Registration.hold_until > now),
    )


def taken(event_id: int, now: datetime) -> int:
    """Places of the event taken at `now`."""
    return db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.event_id == event_id, holds_place(now)
        )
    )


@dataclass(frozen=True)
class Tally:
    """What registering someone reads of an event once it holds the event's lock."""

    taken: int  # places taken
    waiting: int  # people on the waiting list
    last_number: int  # the highest queue number given (0 when none was)
    existing: int | None  # the id of the address's registration, if it has one


def tally(event_id: int, email: str, now: datetime) -> Tally:
    """The places taken, the queue and the address's registration, in one statement (call it
    under the lock: on PostgreSQL a statement that starts once the lock is held sees every
    registration committed before)."""
    params = {"event": event_id, "email": email.strip().lower(), "now": now}
    conn = db.session.connection()  # a Core statement: none of the ORM's execution hooks
    taken_, waiting, last, existing = conn.execute(_tally_statement(), params).one()
    return Tally(taken_, waiting, last or 0, existing)


@cache
def _tally_statement() -> Select:
    event, email, now = bindparam("event"), bindparam("email"), bindparam("now")
    mine = select(Registration.id).where(
        Registration.event_id == event, Registration.email == email
    )
    return select(
        func.count(case((holds_place(now), 1))),
        func.count(case((Registration.status == "waiting", 1))),
        func.max(Registration.queue_number),
        mine.scalar_subquery(),
    ).where(Registration.event_id == event)


def held_unconfirmed(event_id: int, now: datetime) -> list[str]:
    """The addresses of the guests who hold a place at `now` without having confirmed it."""
    return list(
        db.session.scalars(
            select(Registration.email).where(
                Registration.event_id == event_id,
                Registration.status == "pending",
                Registration.hold_until > now,
            )
        )
    )


def taken_by_each_event(now: datetime) -> ColumnElement:
    """Places taken at `now` of the event in the enclosing query, as a correlated count."""
    return (
        select(func.count(Registration.id))
        .where(Registration.event_id == Event.id, holds_place(now))
        .correlate(Event)
        .scalar_subquery()
    )


def taken_by_session(session_ids: Iterable[int], now: datetime) -> dict[int, int]:
    """Confirmed places of several sessions (of registrations that hold their event place)."""
    ids = list(session_ids)
    if not ids:
        return {}
    rows = db.session.execute(_by_session(now, RegistrationSession.session_id.in_(ids)))
    return dict(rows.all())


def _by_session(now, *where: ColumnElement[bool]) -> Select:
    """Confirmed places of each session among `where` (of registrations that hold a place)."""
    return (
        select(RegistrationSession.session_id, func.count(RegistrationSession.id))
        .join(Registration, Registration.id == RegistrationSession.registration_id)
        .where(RegistrationSession.status == "confirmed", holds_place(now), *where)
        .group_by(RegistrationSession.session_id)
    )


def next_in_queue(event_id: int) -> int:
    """The number of the next person to join the event's waiting list (call under the lock)."""
    last = db.session.scalar(
        select(func.max(Registration.queue_number)).where(Registration.event_id == event_id)
    )
    return (last or 0) + 1


def shown_state(conn: Connection, event_ids: Iterable[int], now: datetime) -> tuple:
    """What pages show of these events' registration at `now`, as a value to key them by: each
    event's status, capacity, window (where `now` stands in it) and places taken, and each of
    its sessions' places taken. Capacity and window move no data version (calendars do not show
    them), and a guest's hold runs out with the clock alone, so pages read these on each request:
    one small query on the registrations' index (two when a session has places of its own),
    whatever the number of events."""
    ids = sorted(set(event_ids))
    if not ids:
        return ()
    events, sessions = _shown_statements()
    rows = tuple(tuple(row) for row in conn.execute(events, {"ids": ids, "now": now}))
    # Most events have no session with places of its own: then the second query is not asked.
    counted = [row[0] for row in rows if row[-1]]
    if not counted:
        return rows, ()
    params = {"ids": counted, "now": now}
    return rows, tuple(tuple(row) for row in conn.execute(sessions, params))


@cache
def _shown_statements() -> tuple[Select, Select]:
    """Built once, with parameters: they run on every request for a kept page, and building
    such statements costs several times running them."""
    now, ids = bindparam("now"), bindparam("ids", expanding=True)
    events = (
        select(
            Event.id, Event.status, Event.capacity,
            Event.end_at <= now,
            and_(Event.registration_opens_at.is_not(None), Event.registration_opens_at > now),
            and_(Event.registration_closes_at.is_not(None), Event.registration_closes_at <= now),
            Event.registration_opens_at, Event.registration_closes_at, taken_by_each_event(now),
            select(EventSession.id).where(
                EventSession.event_id == Event.id, EventSession.capacity.is_not(None)
            ).exists(),
        )
        .where(Event.id.in_(ids))
        .order_by(Event.id)
    )  # fmt: skip
    sessions = _by_session(now, Registration.event_id.in_(ids)).order_by(
        RegistrationSession.session_id
    )
    return events, sessions
