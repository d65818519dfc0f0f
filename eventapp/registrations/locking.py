"""The lock that keeps places from being sold twice, taken before anything is counted.

PostgreSQL: `SELECT … FOR UPDATE` on the event, then on the chosen sessions in id order (so two
writers never wait on each other in a cycle). SQLite: the transaction starts IMMEDIATE, holding
the database's write lock, so one writer at a time counts and inserts.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventapp.events.models import Event, EventSession


def lock_places(
    session: Session, event_id: int, session_ids: Iterable[int] = (), *, read: Event | None = None
) -> None:
    """Take the write lock for `event_id` (and its sessions) in the session's transaction.

    `read`: the event, read again as committed once locked (on PostgreSQL by the same statement
    that locks it: one trip less while the lock is held).
    """
    conn = session.connection()
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
