"""Helpers the tests import: `from support import need, log_in_as` (tests/ is on the path)."""

from __future__ import annotations

import html
import os
import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event as sa_event

from eventapp.accounts import sessions
from eventapp.extensions import clock, db

REQUIRED = os.environ.get("EVENTAPP_REQUIRE_ALL") == "1"

# Where the app's clock stands when each test's app is made; it moves on from there. Dates the
# tests write are relative to it (the fixtures' 2027 events lie months ahead of it), so the suite
# passes on any day the machine's clock shows: CI proves it by running under faketime.
TEST_NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def wait(seconds: float) -> None:
    """Pause: `time.sleep` fails with EINVAL under libfaketime 0.9.10 when monotonic time is left
    alone (the faked-clock run), while a timed wait on an event works."""
    threading.Event().wait(seconds)


def need(condition: bool, reason: str) -> None:
    """Skip when a real part is missing on this machine; fail instead where CI requires it."""
    if condition:
        return
    if REQUIRED:
        pytest.fail(f"required by CI but missing: {reason}")
    pytest.skip(reason)


def session_secret(user) -> str:
    """A new server-side session for `user` (committed), as logging in makes: its secret."""
    secret = sessions.open_session(user, now=clock.now(), lifetime=timedelta(days=31))
    db.session.commit()
    return secret


def log_in_as(client, user):
    """Sign `client` in as `user`, as logging in does; returns the client."""
    secret = session_secret(user)
    with client.session_transaction() as session:
        session["_user_id"] = secret
        session["_fresh"] = True
    return client


def field_errors(page: str) -> dict[str, str]:
    """The message a page shows next to each field, by field id."""
    found = re.findall(r'<p class="field-error" id="([\w-]+)-error">([^<]*)</p>', page)
    return {name: html.unescape(message) for name, message in found}


def field_value(page: str, name: str) -> str | None:
    """The value a text input or textarea shows (what was typed stays there)."""
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', page)
    if tag:
        value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
        return html.unescape(value.group(1)) if value else ""
    area = re.search(rf'<textarea[^>]*\bname="{name}"[^>]*>\r?\n?([^<]*)</textarea>', page)
    return html.unescape(area.group(1)) if area else None


def statements(client, url: str) -> list[str]:
    """The SQL that one GET of `url` sends (the answer must be a 200)."""
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", record)
    return seen
