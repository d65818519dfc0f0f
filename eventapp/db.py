"""Declarative base with a naming convention, and a timezone-aware UTC datetime type.

Every text column keeps only what a text may hold, whoever writes it (a form, the API, a
command, an import): a `String` column is one line (line breaks become a space, other control
characters go), a `Text` column keeps its line breaks and loses the other control characters. The
forms and the API refuse a NUL byte with a message first; this is the rule of the rows themselves.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from sqlalchemy import DateTime, Engine, MetaData, String, Text, event
from sqlalchemy.orm import DeclarativeBase, Mapper
from sqlalchemy.types import TypeDecorator

from eventapp.bounds import one_line, printable

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """An instant: stored in UTC (naive on SQLite), always returned timezone-aware in UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC instant")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


@event.listens_for(Mapper, "mapper_configured")
def _clean_texts(mapper: Mapper, cls: type) -> None:
    """Each text attribute of each model cleans what is set on it (see the module's notes)."""
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if not isinstance(column.type, String):
            continue
        clean = printable if isinstance(column.type, Text) else one_line
        event.listen(getattr(cls, prop.key), "set", _cleaner(clean), retval=True)


def _cleaner(clean):
    def on_set(target, value, oldvalue, initiator):
        return clean(value) if isinstance(value, str) else value

    return on_set


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """Make SQLite enforce foreign keys (and so ON DELETE CASCADE) and wait on a busy lock."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
    cursor.close()
