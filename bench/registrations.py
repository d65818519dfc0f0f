"""Registrations under contention: 8 clients at once, against plain inserts, on PostgreSQL
(a database of its own on the server) and on SQLite (a file in a temporary directory).

Each client registers one person per transaction through the real service (lock, count,
insert, the mail decided) and commits; the mail with its invitation is rendered after the commit
by the same client, as a request does. The baseline is the same clients doing one plain INSERT
per transaction into a table of the same database, in the same run.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy import func, select, text

from bench import databases
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage
from eventapp.reference.models import Organisation, Site
from eventapp.registrations import services
from eventapp.registrations.models import Registration
from eventapp.settings import current_settings

CLIENTS, PER_CLIENT = 8, 50
TARGET = 0.3  # issue 15: a registration rush at >= 0.3 of the plain-INSERT rate
DATABASE = "eventapp_bench_registrations"  # made for the run on the server, dropped after


def _event(app: Flask, capacity: int, now: datetime, *, plain: bool = True) -> int:
    with app.app_context():
        site = db.session.scalar(select(Site)) or Site(
            slug="paris-saclay", name_en="Paris-Saclay", timezone="Europe/Paris"
        )
        org = db.session.scalar(select(Organisation)) or Organisation(
            slug="hec-paris", name_en="HEC Paris", site=site
        )
        event = Event(
            kind="seminar", status="published", language="en", site=site, title_en="Bench",
            start_at=now + timedelta(days=30), end_at=now + timedelta(days=30, hours=2),
            online_url="https://meet.example.org/b", capacity=capacity, organisations=[org],
        )  # fmt: skip
        db.session.add(event)
        key = "serial" if db.engine.dialect.name == "postgresql" else "integer"
        if plain:
            db.session.execute(text(f"CREATE TABLE bench_plain (id {key} PRIMARY KEY, email text)"))
        db.session.commit()
        return event.id


_APP: Flask | None = None


def _start(config: dict) -> None:
    """Each client is a process with its own app, as several app servers would be."""
    global _APP
    from eventapp import create_app

    _APP = create_app(config)


def _ready(_: int) -> None:
    with _APP.app_context():
        db.session.execute(text("SELECT 1"))
        db.session.remove()
    time.sleep(0.2)  # every process takes one, so all are up before timing starts


def _register(args: tuple[int, int, datetime]) -> None:
    event_id, client, now = args
    app = _APP
    for i in range(PER_CLIENT):
        with app.app_context():
            event = db.session.get(Event, event_id)
            email = f"c{client}-{i}-e{event_id}@example.org"
            who = services.Attendee(email=email, name=f"Client {client}")
            services.register(event, who, now=now, settings=current_settings())
            db.session.commit()
            db.session.remove()


def _insert(client: int) -> None:
    app = _APP
    for i in range(PER_CLIENT):
        with app.app_context():
            db.session.execute(
                text("INSERT INTO bench_plain (email) VALUES (:e)"), {"e": f"c{client}-{i}"}
            )
            db.session.commit()
            db.session.remove()


def _timed(pool: ProcessPoolExecutor, work, args: list) -> float:
    list(pool.map(_ready, range(CLIENTS)))
    began = time.perf_counter()
    list(pool.map(work, args))
    return time.perf_counter() - began


def run() -> None:
    """Measure and print, on PostgreSQL (skipped with a message when no server answers) and
    on SQLite."""
    url = databases.postgres_server()
    if url is None:
        print("\nregistrations: PostgreSQL skipped (no server at $BENCH_DATABASE_URL or localhost)")
    else:
        with databases.own_database(url, DATABASE) as own:
            _rush(databases.Database("postgresql-registrations", own, {}))
    with tempfile.TemporaryDirectory(prefix="bench-registrations-") as workdir:
        _rush(databases.Database("sqlite-registrations", f"sqlite:///{workdir}/rush.sqlite", {}))


def _rush(database: databases.Database) -> None:
    app = databases.build_app(database)
    try:
        now = datetime.now(UTC)
        total = CLIENTS * PER_CLIENT
        after, worker = _event(app, total // 2, now), _event(app, total // 2, now, plain=False)
        config = database.config()
        with _pool(dict(config, MAIL_RENDER_AFTER_COMMIT=True)) as pool:
            plain_s = _timed(pool, _insert, list(range(CLIENTS)))
            after_s = _timed(pool, _register, [(after, c, now) for c in range(CLIENTS)])
        with _pool(dict(config, MAIL_RENDER_AFTER_COMMIT=False)) as pool:
            worker_s = _timed(pool, _register, [(worker, c, now) for c in range(CLIENTS)])
        with app.app_context():
            backend = "PostgreSQL" if db.engine.dialect.name == "postgresql" else "SQLite"
            outcomes = [_outcome(after), _outcome(worker)]
    finally:
        databases.dispose(app)
    print(f"\nRegistrations on {backend}: {CLIENTS} concurrent client processes, "
          f"{PER_CLIENT} each, one transaction per registration")  # fmt: skip
    print(f"  plain INSERT + commit          {total / plain_s:8.0f} /s   ({plain_s:.2f} s)")
    modes = ("mail rendered after the commit", "mail rendered by the worker")
    for mode, seconds, (counts, mails) in zip(modes, (after_s, worker_s), outcomes, strict=True):
        _print(mode, total, plain_s, seconds, counts, mails)


def _pool(config: dict) -> ProcessPoolExecutor:
    spawn = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(CLIENTS, mp_context=spawn, initializer=_start, initargs=(config,))


def _outcome(event_id: int) -> tuple[dict, tuple[int, int]]:
    """The event's registrations by status, and its mails: how many, how many unrendered."""
    counts = dict(db.session.execute(
        select(Registration.status, func.count())
        .where(Registration.event_id == event_id)
        .group_by(Registration.status)
    ).all())  # fmt: skip
    mails = db.session.execute(
        select(func.count(), func.count(OutboxMessage.render_kind)).where(
            OutboxMessage.recipient.like(f"%-e{event_id}@example.org")
        )
    ).one()
    return counts, tuple(mails)


def _print(
    mode: str, total: int, plain_s: float, seconds: float, counts: dict, mails: tuple[int, int]
) -> None:
    right = counts == {"confirmed": total // 2, "waiting": total - total // 2}
    mailed, unrendered = mails
    ratio = plain_s / seconds
    verdict = "PASS" if ratio >= TARGET else "OVER TARGET"
    print(f"  register, {mode}:")
    print(f"    {total / seconds:8.0f} /s ({seconds:.2f} s), / plain inserts: {ratio:.2f}"
          f"   (target >= {TARGET}: {verdict})")  # fmt: skip
    print(f"    places: {counts} — capacity {total // 2}: {'right' if right else 'WRONG'}")
    print(f"    mails: {mailed} for {total} registrations, {unrendered} left for the worker")
