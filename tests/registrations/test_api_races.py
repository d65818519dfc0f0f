"""The last places fought over through the API, from threads, each its own app (as servers).

The API reads the event by the statement that locks it (`services.event_to_register`); the race
is forced by a pause between the count and the write. With the lock, exactly the capacity is
confirmed and each waiting position is given once; without it, the event is oversold.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from own_app import in_own_app
from sqlalchemy import select

from eventapp.accounts import services as accounts
from eventapp.accounts.models import ApiToken
from eventapp.extensions import clock, db
from eventapp.registrations import services
from eventapp.registrations.models import Registration

CAPACITY, PEOPLE, PAUSE, OPEN_PAUSE = 3, 8, 0.05, 0.5


@pytest.fixture
def rush(make_event, make_user, database_url):
    """An event with CAPACITY places, and a function that has PEOPLE register at once."""
    event = make_event(capacity=CAPACITY, start=datetime(2027, 3, 3, 14, 0))
    tokens = [
        accounts.create_token(make_user(f"api-racer{n}@example.org"), now=clock.now())
        for n in range(PEOPLE)
    ]
    # The racers' apps keep this app's time (the suite's clock, not the machine's, which may be
    # years ahead: the run under faketime). Each token was used a moment ago by that clock: the
    # race writes no last use, which on SQLite would take the write lock before the event is read.
    now = clock.now()
    for token in db.session.scalars(select(ApiToken)):
        token.last_used_at = now
    db.session.commit()
    barrier = threading.Barrier(PEOPLE)

    def post(n: int) -> str:
        from flask import current_app

        def work() -> str:
            headers = {"Authorization": f"Bearer {tokens[n]}"}
            barrier.wait(timeout=60)
            answer = current_app.test_client().post(
                f"/api/v1/events/{event.id}/registrations", headers=headers
            )
            body = answer.get_json()
            return f"{answer.status_code} {body.get('status')} {body.get('position')}"

        return in_own_app(
            database_url, work, EVENTAPP_BASE_URL="https://events.example.org",
            EVENTAPP_CLOCK_START=now,
        )  # fmt: skip

    def run() -> list[str]:
        with ThreadPoolExecutor(PEOPLE) as pool:
            return list(pool.map(post, range(PEOPLE)))

    return event.id, run


def _paused(monkeypatch, seconds: float) -> None:
    """Every request waits `seconds` between counting the places and writing its own."""
    count = services.tally

    def tally_then_wait(*args, **kwargs):
        counted = count(*args, **kwargs)
        threading.Event().wait(seconds)
        return counted

    monkeypatch.setattr(services, "tally", tally_then_wait)


def _places(event_id: int) -> list[tuple[str, int | None]]:
    db.session.expire_all()
    rows = db.session.execute(
        select(Registration.status, Registration.queue_number).where(
            Registration.event_id == event_id
        )
    )
    return sorted(rows.all(), key=lambda row: (row[0], row[1] or 0))


def test_through_the_api_the_last_places_are_never_sold_twice(rush, monkeypatch):
    event_id, run = rush
    _paused(monkeypatch, PAUSE)
    answers = run()
    assert all(a.startswith("201 ") for a in answers), answers
    waiting = PEOPLE - CAPACITY
    assert sorted(answers) == sorted(
        ["201 confirmed None"] * CAPACITY + [f"201 waiting {p}" for p in range(1, waiting + 1)]
    )
    places = _places(event_id)
    assert [s for s, _ in places].count("confirmed") == CAPACITY
    assert [n for s, n in places if s == "waiting"] == list(range(1, waiting + 1))


def test_through_the_api_without_the_lock_the_race_oversells(rush, monkeypatch):
    # Proof that the test above can fail: the event read without its lock, none taken after.
    event_id, run = rush
    _paused(monkeypatch, OPEN_PAUSE)
    monkeypatch.setattr(services, "lock_places", lambda *args, **kwargs: None)
    monkeypatch.setattr(
        services, "locked_event", lambda session, event_id, statuses: session.get(
            services.Event, event_id
        )
    )  # fmt: skip
    run()
    assert [s for s, _ in _places(event_id)].count("confirmed") > CAPACITY
