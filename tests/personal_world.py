"""A person with an account, their events, and a search of the whole database for their traces.

Fixtures for tests/personal (its conftest imports them), in the world of tests/world.py.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from eventapp.accounts.models import User
from eventapp.accounts.services import create_token, create_user
from eventapp.events.models import EventSession
from eventapp.extensions import clock, db
from eventapp.mail import inline
from eventapp.mail.models import OutboxMessage
from eventapp.registrations import services

PASSWORD = "correct horse battery"
ADDRESS = "zephyrine.q@example.org"
NAME = "Zéphyrine Quintavalle"
# Every form the person's name may take: as typed, folded for search, or in part.
NEEDLES = (ADDRESS, NAME, "zephyrine", "Quintavalle")
START = datetime(2027, 3, 26, 14, 0)  # Paris wall time of the events to come
PAST = datetime(2026, 11, 20, 14, 0)  # an event over before the tests' clock (2026-12-01)


@pytest.fixture
def person(world) -> User:
    """Zéphyrine: a French-speaking attendee with a password; `login("person")` logs her in."""
    user = create_user(
        ADDRESS, PASSWORD, now=clock.now(), name=NAME, language="fr",
        affiliation="Institut Ω", confirmed=True,
    )  # fmt: skip
    db.session.commit()
    world.users["person"] = user
    return user


@pytest.fixture
def bearer(app):
    """The Authorization header of a new API token of `user`."""

    def make(user: User) -> dict[str, str]:
        token = create_token(user, now=clock.now())
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def full_event(hosted, world, settings):
    """An event to come with one place and a session, and who holds it / waits for it."""

    def make(holder: services.Attendee, *, guest: bool = False):
        event = hosted(start=START, capacity=1)
        event.sessions.append(
            EventSession(title_en="Workshop", title_fr="Atelier", start_at=event.start_at,
                         end_at=event.end_at, capacity=5)
        )  # fmt: skip
        db.session.commit()
        now = clock.now()
        reg = services.register(
            event, holder, now=now, settings=settings, guest=guest,
            session_ids=[event.sessions[0].id],
        )  # fmt: skip
        if guest:
            services.confirm_guest(reg, now=now, settings=settings)
        waiting = services.register(
            event, services.Attendee.of(world.users["attendee"]), now=now, settings=settings
        )
        db.session.commit()
        assert (reg.status, waiting.status) == ("confirmed", "waiting")
        return event, reg, waiting

    return make


@pytest.fixture
def attended_past_event(hosted, world, settings):
    """`who` registered for an event that is over, and was checked in by the organiser."""

    def make(who: services.Attendee):
        event = hosted(start=PAST, capacity=10)
        before = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
        reg = services.register(event, who, now=before, settings=settings)
        reg.attended_at, reg.attended_by = event.start_at, world.users["organiser"]
        db.session.commit()
        return event, reg

    return make


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@pytest.fixture
def traces(app):
    """Where any of `needles` still is: (table, column) of every row of every table that holds
    one, case-blind, whatever the column's type (text, JSON, binary)."""

    def find(*needles: str) -> list[tuple[str, str]]:
        db.session.commit()  # a fresh read of what the requests committed
        wanted = [needle.casefold() for needle in needles]
        found = []
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(select(table)).mappings():
                for column in table.columns:
                    text = _as_text(row[column.name]).casefold()
                    if any(needle in text for needle in wanted):
                        found.append((table.name, column.name))
        return found

    return find


@pytest.fixture
def worker_delivers(app, monkeypatch):
    """Mail waits in the outbox for `send-mail`, as in production: without MAIL_SERVER the
    tests' app would write it to the log at the end of each request (mail/inline.py)."""
    hooks = [f for f in app.after_request_funcs[None] if f is not inline._deliver_to_log]
    monkeypatch.setitem(app.after_request_funcs, None, hooks)


def mail_to(address: str) -> list[OutboxMessage]:
    """The outbox's messages to `address`, as committed."""
    db.session.expire_all()
    query = select(OutboxMessage).where(OutboxMessage.recipient == address.lower())
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def deliver(app, runner, smtp_server):
    """Run `send-mail` against a real SMTP server (tests/mail's); returns what it accepted."""
    handler, port = smtp_server()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    return handler
