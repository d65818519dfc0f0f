"""The last-admin rule, decided and applied in one locked step.

Two admins taking each other's role at the same moment each counted two admins, then each wrote:
none was left. Whatever removes an admin (the role taken back, the account deleted) first takes
the admins' lock, then counts, then writes, and keeps the lock until its transaction ends.

PostgreSQL: `SELECT … FOR UPDATE` on the admins' rows, in id order (two removers never wait on
each other in a cycle). Under READ COMMITTED a row another remover holds is read again once that
remover commits: a row no longer `admin`, or deleted, drops out of the answer. The rows returned
are therefore the admins as they are once the lock is ours, and the count is taken from them, not
from an earlier read (nor from the ORM's copy of the user, loaded before the lock).
SQLite: the transaction starts IMMEDIATE, holding the database's write lock, so one writer at a
time counts and writes (as registrations/locking.py does for places).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventapp.accounts.models import User
from eventapp.extensions import db


def lock_admins(session: Session) -> list[int]:
    """Take the admins' lock in the session's transaction; the admins' ids, read under it."""
    conn = session.connection()
    query = select(User.id).where(User.role == "admin").order_by(User.id)
    if conn.dialect.name == "sqlite":
        # Nothing written yet in this transaction: start it as a writer, waiting for our turn.
        # (Once something is written, the driver already holds the write lock.)
        if not conn.connection.dbapi_connection.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        query = query.with_for_update()
    return list(session.scalars(query))


def is_last_admin(user: User, *, pause: Callable[[], None] | None = None) -> bool:
    """Whether `user` is the only admin left, decided under the admins' lock (held until the
    transaction ends, so the caller's change is part of the same step).

    `pause` runs between the count and the caller's write: a test uses it to force the race.
    """
    admins = lock_admins(db.session)
    if pause is not None:
        pause()
    return admins == [user.id]
