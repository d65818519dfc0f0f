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
