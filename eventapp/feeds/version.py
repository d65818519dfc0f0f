"""The feed state's version read for a conditional request, on the driver's own connection.

A calendar's poll of an unchanged feed is a 304: one read of the one `feed_state` row, then a few
headers. Read through SQLAlchemy (a `Connection` made and put in autocommit, the statement's
execution context, its result) that read cost about twice the driver's own round trip. Here it
is the round trip and little else: a connection drawn from the app's pool (so `pooling.py`'s
checks at checkout still replace one the server closed), one fixed text on a cursor of the
driver's (psycopg prepares it on the server after a few runs on a connection), in autocommit on
PostgreSQL so that no BEGIN and no ROLLBACK go to the server, the column read as its type reads
it (`changed_at` aware, in UTC), the connection handed back as the pool expects it.

It reads committed data, as the ordinary read did: a change is in a 304's answer as soon as its
transaction has committed (the version moves in that transaction). Any error of the driver
invalidates the connection and the read is made again the ordinary way (`fallback()`, then
`tracking.feed_version`), which succeeds or fails as it always did: a server that is down gives
the same error and the same answer as before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import Dialect

from eventapp.feeds.models import FeedState
from eventapp.feeds.tracking import FEED_STATE_ID, feed_version

_TABLE = FeedState.__table__
SQL = f"SELECT version, changed_at FROM {_TABLE.name} WHERE id = {FEED_STATE_ID:d}"


@cache
def _changed_at(dialect: Dialect) -> Callable[[object], datetime | None]:
    """What the column's type does to a value the driver returns (None: nothing)."""
    process = _TABLE.c.changed_at.type.dialect_impl(dialect).result_processor(dialect, None)
    return process or (lambda value: value)


def read(engine: Engine, fallback: Callable[[], Connection]) -> tuple[int, datetime | None]:
    """The current version and the instant of the last change (as `tracking.feed_version`)."""
    dialect = engine.dialect
    pooled = engine.raw_connection()
    try:
        row = _fetch(pooled.dbapi_connection, autocommit=dialect.name != "sqlite")
    except dialect.loaded_dbapi.Error:
        pooled.invalidate()  # whatever went wrong, this connection is not reused
        pooled.close()
        return feed_version(fallback())
    pooled.close()
    if row is None:
        return 0, None
    return row[0], _changed_at(dialect)(row[1])


def _fetch(connection, *, autocommit: bool):
    if not autocommit:  # SQLite: a SELECT begins no transaction
        return _one(connection)
    connection.autocommit = True  # a client-side setting: nothing is sent
    try:
        return _one(connection)
    finally:
        connection.autocommit = False  # as the pool hands connections out


def _one(connection):
    cursor = connection.cursor()
    try:
        cursor.execute(SQL)
        return cursor.fetchone()
    finally:
        cursor.close()
