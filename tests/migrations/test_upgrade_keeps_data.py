"""Upgrading a database that has data keeps it (SQLite rebuilds tables in batch migrations)."""

from __future__ import annotations

import sqlite3

from flask_migrate import upgrade

from eventapp import create_app
from eventapp.extensions import db


def test_upgrading_from_the_first_accounts_schema_keeps_accounts_and_tokens(tmp_path):
    path = tmp_path / "old.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "t"})
    with app.app_context():
        upgrade(revision="cc7387cba8e8")
        db.engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO sites (slug, timezone) VALUES ('s', 'Europe/Paris')")
        conn.execute("INSERT INTO organisations (slug, site_id) VALUES ('o', 1)")
        conn.execute(
            "INSERT INTO users (email, name, language, role, created_at, session_key) "
            "VALUES ('a@b.c', 'A', 'en', 'organiser', '2026-01-01', 'k')"
        )
        conn.execute(
            "INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (1, 'h', '2026-01-01')"
        )
        conn.execute("INSERT INTO user_organisations (user_id, organisation_id) VALUES (1, 1)")
    with app.app_context():
        upgrade()
        db.engine.dispose()
    with sqlite3.connect(path) as conn:
        counts = [
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("users", "api_tokens", "user_organisations")
        ]
    assert counts == [1, 1, 1]


def test_registrations_made_before_the_history_get_their_search_text_and_first_line(tmp_path):
    path = tmp_path / "old.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "t"})
    with app.app_context():
        upgrade(revision="50cdb466decf")
        db.engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO sites (slug, timezone) VALUES ('s', 'Europe/Paris')")
        conn.execute(
            "INSERT INTO events (kind, status, language, site_id, all_day, start_at, end_at, "
            "search_text, sequence, created_at, updated_at) VALUES ('seminar', 'published', "
            "'en', 1, 0, '2027-03-01 13:00', '2027-03-01 15:00', '', 0, '2026-01-01', '2026-01-01')"
        )
        conn.execute(
            "INSERT INTO registrations (event_id, email, name, language, status, created_at, "
            "updated_at, invite_sequence) VALUES (1, 'zoe@example.org', 'Zoé Lefèvre', 'fr', "
            "'waiting', '2026-02-01 10:00:00', '2026-02-02 10:00:00', 0)"
        )
    with app.app_context():
        upgrade()
        db.engine.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT search_text FROM registrations").fetchall() == [
            ("zoe lefevre zoe@example.org",)
        ]
        assert conn.execute(
            "SELECT registration_id, what, at FROM registration_changes"
        ).fetchall() == [(1, "waiting", "2026-02-02 10:00:00")]


def test_people_already_waiting_keep_their_order_in_the_numbered_queue(tmp_path):
    path = tmp_path / "old.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "t"})
    with app.app_context():
        upgrade(revision="b7d41c0e9a2f")
        db.engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO sites (slug, timezone) VALUES ('s', 'Europe/Paris')")
        conn.execute(
            "INSERT INTO events (kind, status, language, site_id, all_day, start_at, end_at, "
            "search_text, sequence, created_at, updated_at) VALUES ('seminar', 'published', "
            "'en', 1, 0, '2027-03-01 13:00', '2027-03-01 15:00', '', 0, '2026-01-01', '2026-01-01')"
        )
        for email, status, since in [
            ("c@example.org", "waiting", "2026-02-03 10:00:00"),
            ("a@example.org", "waiting", "2026-02-01 10:00:00"),
            ("x@example.org", "confirmed", None),
            ("b@example.org", "waiting", "2026-02-02 10:00:00"),
        ]:
            conn.execute(
                "INSERT INTO registrations (event_id, email, name, language, status, created_at, "
                "updated_at, waiting_since, invite_sequence) VALUES (1, ?, '', 'en', ?, "
                "'2026-01-01', '2026-01-01', ?, 0)",
                (email, status, since),
            )
    with app.app_context():
        upgrade()
        db.engine.dispose()
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT email, queue_number FROM registrations ORDER BY id").fetchall()
    assert rows == [
        ("c@example.org", 3), ("a@example.org", 1), ("x@example.org", None), ("b@example.org", 2)
    ]  # fmt: skip
