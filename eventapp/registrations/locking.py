"""The lock that keeps places from being sold twice, taken before anything is counted.

PostgreSQL: `SELECT … FOR UPDATE` on the event, then on the chosen sessions in id order (so two
writers never wait on each other in a cycle). SQLite: the transaction starts IMMEDIATE, holding
the database's write lock, so one writer at a time counts and inserts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from sqlalchemy import Connection, Select, bindparam, select
from sqlalchemy.orm import Session

from eventapp.events.models import Event, EventSession

# In session.info: (the transaction's connection, which is new for each transaction, the id of
# the event locked in it).
_LOCKED = "eventapp.locked_event"


def locked_event(session: Session, event_id: int, statuses: Sequence[str]) -> Event | None:
    """The event, if its status is one of `statuses`, read as committed once its write lock is
    held: on PostgreSQL the read is the lock (`SELECT … FOR UPDATE`), so that registering reads
    the event once. `lock_places` then takes no second lock on it in this transaction."""
    conn = session.connection()
    params = {"event": event_id, "statuses": list(statuses)}
    if conn.dialect.name == "sqlite":
        lock_places(session, event_id)  # the write lock first, then the read
        event = session.scalar(_event_statement(locking=False), params)
    else:
        event = session.scalar(_event_statement(locking=True), params)
    if event is not None:
        session.info[_LOCKED] = (conn, event_id)
    return event


@cache
def _event_statement(*, locking: bool) -> Select:
    """The event `:event` if its status is among `:statuses`, as committed (built once)."""
    query = select(Event).where(
        Event.id == bindparam("event"), Event.status.in_(bindparam("statuses", expanding=True))
    )
    if locking:
        query = query.with_for_update(of=Event)
    return query.execution_options(populate_existing=True)


def _already_locked(session: Session, conn: Connection, event_id: int) -> bool:
    """Whether `locked_event` read and locked `event_id` in the transaction of `conn`."""
    mark = session.info.get(_LOCKED)
    return mark is not None and mark[0] is conn and mark[1] == event_id


def lock_places(
    session: Session, event_id: int, session_ids: Iterable[int] = (), *, read: Event | None = None
) -> None:
    """Take the write lock for `event_id` (and its sessions) in the session's transaction.

    `read`: the event, read again as committed once locked (on PostgreSQL by the same statement
    that locks it: one trip less while the lock is held). Nothing is read or locked again for
    an event `locked_event` gave in this transaction (but its sessions are locked).
    """
    conn = session.connection()
    if _already_locked(session, conn, event_id):
        if conn.dialect.name != "sqlite":
            _lock_sessions(session, session_ids)
        return
    if conn.dialect.name == "sqlite":
        driver = conn.connection.dbapi_connection
        # Nothing written yet in this transaction: start it as a writer, waiting for our turn.
        # (Once something is written, the driver already holds the write lock.)
        if not driver.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        if read is not None:
            session.refresh(read)
        return
    if read is None:
        session.execute(select(Event.id).where(Event.id == event_id).with_for_update())
    else:
        session.execute(
            select(Event)
            .where(Event.id == event_id)
            .with_for_update(of=Event)
            .execution_options(populate_existing=True)
        )
    _lock_sessions(session, session_ids)


def _lock_sessions(session: Session, session_ids: Iterable[int]) -> None:
    ids = sorted(set(session_ids))
    if ids:
        session.execute(
            select(EventSession.id)
            .where(EventSession.id.in_(ids))
            .order_by(EventSession.id)
            .with_for_update()
        )
