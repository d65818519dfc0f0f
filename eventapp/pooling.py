"""Pooled connections checked before use, without a round trip to the server on each checkout.

`pool_pre_ping` sent a `SELECT 1` before every use of a pooled connection: one round trip per
request, the largest part of a 304's own work. What it guards against is a connection the server
has dropped while it sat in the pool (PostgreSQL restarted, `pg_terminate_backend`, an idle
timeout): without a check, the request that draws it fails. Two cheaper checks keep that promise:

- a server that ends a connection says so (a FATAL message, then the end of the stream): the
  socket of an idle connection becomes readable, which a poll of it with no wait shows, in the
  process and with no round trip. Nothing else arrives on an idle connection that the app uses.
- a connection idle in the pool for more than `DB_PING_IDLE_SECONDS` is also pinged, as before:
  a server that vanished without closing (a network cut) leaves a socket that tells nothing.

Either way the pool is told by `DisconnectionError` from its "checkout" event (SQLAlchemy's
pessimistic-disconnect pattern) and draws a new connection for the same checkout. SQLite needs
none of it (a file, no server to lose).
"""

from __future__ import annotations

import select
import time

from flask import Flask
from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError, InvalidatePoolError

from eventapp.extensions import db

_CHECKED_IN = "eventapp.checked_in_at"  # in the connection record's info: time.monotonic()


def init_app(app: Flask) -> None:
    """Watch the connections of each of the app's engines that talks to a server."""
    idle = float(app.config["DB_PING_IDLE_SECONDS"])
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name != "sqlite":
                watch(engine, idle_seconds=idle)


def watch(engine: Engine, *, idle_seconds: float) -> None:
    """Check each connection `engine`'s pool hands out: refused if the server closed it, pinged
    if it sat idle for more than `idle_seconds`."""
    dialect = engine.dialect

    def checked_in(dbapi_connection, record) -> None:
        if dbapi_connection is not None:  # None: the connection was invalidated
            record.info[_CHECKED_IN] = time.monotonic()

    def checkout(dbapi_connection, record, proxy) -> None:
        since = record.info.pop(_CHECKED_IN, None)
        if since is None:  # a new connection: just opened, nothing to check
            return
        closed = closed_by_server(dbapi_connection)
        if closed:
            raise DisconnectionError("the server closed this connection while it was idle")
        idle = closed is None or time.monotonic() - since > idle_seconds
        if idle and not _answers(dialect, dbapi_connection):
            # As pre-ping did: a server that stopped answering one connection has likely lost
            # them all (a restart), so every connection checked in before now is replaced.
            raise InvalidatePoolError("an idle connection did not answer a ping")

    event.listen(engine, "checkin", checked_in)
    event.listen(engine, "checkout", checkout)


def closed_by_server(dbapi_connection) -> bool | None:
    """Whether the server has sent something on this idle connection (its goodbye, or the end
    of the stream), seen without waiting; None for a driver that shows no socket (then the
    connection is pinged at every checkout, as pre-ping did)."""
    fileno = getattr(dbapi_connection, "fileno", None)
    if fileno is None:
        return None
    try:
        fd = fileno()
    except Exception:  # the driver already knows the connection is closed
        return True
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLPRI)
    return bool(poller.poll(0))


def _answers(dialect, dbapi_connection) -> bool:
    try:
        dialect.do_ping(dbapi_connection)
        dbapi_connection.rollback()  # hand it over idle, as the pool keeps it
    except dialect.loaded_dbapi.Error as err:
        if dialect.is_disconnect(err, dbapi_connection, None):
            return False
        raise
    return True
