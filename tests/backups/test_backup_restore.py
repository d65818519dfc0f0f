"""`backup` during a registration rush, then `restore` into a fresh database: every registration
committed before the backup began is there, and the copy is whole (SQLite's integrity check, or
`pg_restore --list`). On the database the run uses: SQLite, or PostgreSQL with TEST_DATABASE_URL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
import time
from contextlib import closing

import pytest
from own_app import _MAKING_APPS
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from support import TEST_NOW, need, wait

from eventapp import create_app
from eventapp.events.models import Event
from eventapp.extensions import clock, db
from eventapp.registrations import services
from eventapp.registrations.models import Registration
from eventapp.settings import settings_of

WRITERS, EACH = 3, 15


def rush(database_url: str, event_id: int, writer: int, committed: list, stop: threading.Event):
    """Register people one commit at a time; note each id with the moment its commit returned."""
    with _MAKING_APPS:
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "t",
             "EVENTAPP_CLOCK_START": TEST_NOW}
        )  # fmt: skip
    with app.app_context():
        try:
            for n in range(EACH):
                if stop.is_set():
                    break
                event = db.session.get(Event, event_id)
                who = services.Attendee(f"w{writer}.{n}@example.org", f"Writer {writer}.{n}")
                reg = services.register(event, who, now=clock.now(), settings=settings_of(app))
                db.session.commit()
                committed.append((reg.id, time.monotonic()))
        except Exception as err:  # the test fails on it
            committed.append((None, repr(err)))
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def fresh_database(database_url, tmp_path):
    """The URL of an empty database of the same kind, dropped afterwards."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    name = f"{url.database}_restored"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_a_backup_taken_during_a_rush_restores_every_earlier_registration(
    app, runner, make_event, database_url, fresh_database, tmp_path
):
    postgres = make_url(database_url).get_backend_name() != "sqlite"
    if postgres:
        need(shutil.which("pg_dump") is not None, "pg_dump (postgresql-client) is not installed")
    event_id = make_event(capacity=1000).id
    committed: list[tuple[int, float]] = []
    stop = threading.Event()
    writers = [
        threading.Thread(target=rush, args=(database_url, event_id, n, committed, stop))
        for n in range(WRITERS)
    ]
    for writer in writers:
        writer.start()
    deadline = time.monotonic() + 60
    while len(committed) < WRITERS * EACH // 3 and time.monotonic() < deadline:
        wait(0.01)  # the rush is under way
    began = time.monotonic()
    path = tmp_path / "events.backup"
    result = runner.invoke(args=["backup", str(path)])
    for writer in writers:
        writer.join()
    assert [why for reg_id, why in committed if reg_id is None] == []
    assert result.exit_code == 0, result.output
    before = {reg_id for reg_id, at in committed if at < began}
    assert len(before) >= WRITERS * EACH // 3

    if postgres:
        listed = subprocess.run(["pg_restore", "--list", str(path)], capture_output=True)
        assert listed.returncode == 0 and b"TABLE DATA public registrations" in listed.stdout
    else:
        with closing(sqlite3.connect(path)) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    restored = create_app({"SQLALCHEMY_DATABASE_URI": fresh_database, "SECRET_KEY": "t"})
    with restored.app_context():  # the command runs in the app context it finds
        done = restored.test_cli_runner().invoke(args=["restore", str(path)])
        assert done.exit_code == 0, done.output
        ids = set(
            db.session.scalars(select(Registration.id).where(Registration.event_id == event_id))
        )
        db.engine.dispose()
    assert before <= ids
    assert ids <= {reg_id for reg_id, _ in committed}  # nothing invented either


def test_restore_refuses_a_database_holding_data_unless_told(app, runner, make_event, tmp_path):
    postgres = db.engine.url.get_backend_name() != "sqlite"
    if postgres:
        need(shutil.which("pg_dump") is not None, "pg_dump (postgresql-client) is not installed")
    make_event(title_en="Kept")
    path = tmp_path / "events.backup"
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0
    make_event(title_en="Made after the backup")
    refused = runner.invoke(args=["restore", str(path)])
    assert refused.exit_code != 0 and "--yes" in refused.output
    db.session.remove()
    titles = set(db.session.scalars(select(Event.title_en)))
    assert titles == {"Kept", "Made after the backup"}
    assert runner.invoke(args=["restore", str(path), "--yes"]).exit_code == 0
    db.session.remove()
    assert set(db.session.scalars(select(Event.title_en))) == {"Kept"}


def test_a_damaged_backup_is_refused_and_the_database_left_alone(app, runner, make_event, tmp_path):
    make_event(title_en="Kept")
    path = tmp_path / "damaged.backup"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200 + b"not a database")
    refused = runner.invoke(args=["restore", str(path), "--yes"])
    assert refused.exit_code != 0
    db.session.remove()
    assert set(db.session.scalars(select(Event.title_en))) == {"Kept"}
