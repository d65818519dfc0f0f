"""An API token's last use is written at most once a minute, so that reads do not queue behind
SQLite's write lock (issue 12, item 7)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, select, text

from eventapp.accounts import services
from eventapp.accounts.models import ApiToken
from eventapp.extensions import clock, db


def last_used() -> object:
    db.session.expire_all()
    return db.session.scalar(select(ApiToken.last_used_at))


def token_writes(statements: list[str]) -> object:
    """What shows the token's row was written: on SQLite the UPDATEs sent; on PostgreSQL, where
    the update rides in the token's read and writes only when due, the row's version."""
    if db.engine.dialect.name == "postgresql":
        db.session.rollback()
        return db.session.scalar(text("SELECT xmin::text FROM api_tokens"))
    return sum(1 for s in statements if s.lstrip().upper().startswith("UPDATE API_TOKENS"))


def test_two_reads_within_a_minute_write_the_last_use_once(app, client, make_user):
    user = make_user("reader@example.org")
    headers = {"Authorization": f"Bearer {services.create_token(user, now=clock.now())}"}
    db.session.commit()
    statements: list[str] = []

    def note(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        before = token_writes(statements)
        assert client.get("/api/v1/me", headers=headers).status_code == 200
        first, written = last_used(), token_writes(statements)
        assert written != before
        clock.advance(timedelta(seconds=50))
        assert client.get("/api/v1/me", headers=headers).status_code == 200
        assert token_writes(statements) == written
        assert last_used() == first

        clock.advance(timedelta(seconds=15))  # a minute and more since it was written
        assert client.get("/api/v1/me", headers=headers).status_code == 200
        assert token_writes(statements) != written
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert last_used() > first + timedelta(minutes=1)
