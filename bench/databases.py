"""Fresh, migrated databases for the benchmark: SQLite files, or PostgreSQL databases of its own."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from eventapp import create_app
from eventapp.extensions import db

POSTGRES_ENV = "BENCH_DATABASE_URL"
# Where the benchmarks that need PostgreSQL (registrations, load) go without $BENCH_DATABASE_URL:
# only the server; each makes and drops a database of its own there.
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Database:
    """Where one benchmark database lives, as the app's configuration needs it."""

    name: str
    url: str
    engine_options: dict

    def config(self) -> dict:
        return {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": self.url,
            "SQLALCHEMY_ENGINE_OPTIONS": self.engine_options,
            "EVENTAPP_BASE_URL": "https://events.example.org",
            "EVENTAPP_UID_DOMAIN": "events.example.org",
            # A cold feed is built by the request it times, whatever its size (the app's own
            # limit would answer 503 past 300 events and leave the rest to the worker).
            "FEED_INLINE_BUILD": 10**9,
        }


def postgres_server() -> str | None:
    """$BENCH_DATABASE_URL or the local server, if it answers; None otherwise."""
    url = os.environ.get(POSTGRES_ENV) or DEFAULT_SERVER
    engine = create_engine(url)
    try:
        engine.connect().close()
    except Exception:  # no server: the benchmark says so and skips
        return None
    finally:
        engine.dispose()
    return url


def backend() -> str:
    return "postgresql" if os.environ.get(POSTGRES_ENV) else "sqlite"


@contextmanager
def fresh_database(size: int, workdir: Path, *, tag: str = "bench") -> Iterator[Database]:
    """An empty database for `size` events; on PostgreSQL a database of its own on the server
    of $BENCH_DATABASE_URL, dropped after.

    `tag` keeps apart databases of the same size (the pages' and the feeds').
    """
    url = os.environ.get(POSTGRES_ENV)
    prefix = "" if tag == "bench" else f"{tag}-"
    if not url:
        yield Database(
            f"{prefix}sqlite-{size}", f"sqlite:///{workdir / f'{tag}-{size}.sqlite'}", {}
        )
        return
    # A URL that names a database of its own (not the server's `postgres`) lends its name to
    # the bench's, so that two people benchmarking on one server never drop each other's.
    named = make_url(url).database
    suffix = "" if named in (None, "", "postgres") else f"_{named}"
    with own_database(url, f"eventapp_bench_{tag}_{size}{suffix}") as own:
        yield Database(f"{prefix}postgresql-{size}", own, {})


@contextmanager
def own_database(url: str, name: str) -> Iterator[str]:
    """A PostgreSQL database the benchmark makes for itself on the server of `url` (created
    empty, dropped after, its connections closed): it writes into no database it did not make.
    Yields its URL."""
    server = make_url(url)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    drop = text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    try:
        with admin.connect() as conn:
            conn.execute(drop)
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(drop)
    finally:
        admin.dispose()


def build_app(database: Database) -> Flask:
    """The application on `database`, with the schema built by the migrations, as in production."""
    app = create_app(database.config())
    with app.app_context():
        # Alembic logs each revision at INFO; the report is what should be read.
        logging.disable(logging.INFO)
        try:
            upgrade()
        finally:
            logging.disable(logging.NOTSET)
    return app


def analyse(app: Flask) -> None:
    """Statistics and visibility map, as autovacuum keeps them on a live PostgreSQL.

    SQLite is left as the application leaves it: nothing there runs ANALYZE.
    """
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            return
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")


def dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
