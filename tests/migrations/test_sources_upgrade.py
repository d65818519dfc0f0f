"""The imported calendars' migration rebuilds the events table on SQLite: nothing is lost."""

from __future__ import annotations

import sqlite3

from flask_migrate import upgrade

from eventapp import create_app
from eventapp.extensions import db

BEFORE_SOURCES = "d3a8f61c2b47"


def test_upgrading_keeps_events_and_never_gives_a_deleted_event_s_id_again(tmp_path):
    path = tmp_path / "old.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "t"})
    with app.app_context():
        upgrade(revision=BEFORE_SOURCES)
        db.engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO sites (slug, timezone) VALUES ('s', 'Europe/Paris')")
        for _ in range(3):
            conn.execute(
                "INSERT INTO events (kind, status, language, site_id, all_day, start_at, end_at,"
                " search_text, sequence, created_at, updated_at) VALUES ('seminar', 'published',"
                " 'en', 1, 0, '2027-01-01 10:00', '2027-01-01 11:00', '', 0, '2026-01-01',"
                " '2026-01-01')"
            )
        conn.execute("DELETE FROM events WHERE id = 3")
    with app.app_context():
        upgrade()
        db.engine.dispose()
    with sqlite3.connect(path) as conn:
        assert [row[0] for row in conn.execute("SELECT id FROM events ORDER BY id")] == [1, 2]
        conn.execute(
            "INSERT INTO events (kind, status, language, site_id, all_day, start_at, end_at,"
            " search_text, sequence, created_at, updated_at) VALUES ('seminar', 'draft', 'en', 1,"
            " 0, '2027-01-02 10:00', '2027-01-02 11:00', '', 0, '2026-01-01', '2026-01-01')"
        )
        assert conn.execute("SELECT max(id) FROM events").fetchone()[0] == 4
