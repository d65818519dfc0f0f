"""The last places, fought over at once from threads and from processes: never sold twice.

The race is forced: `pause` holds every request between counting and writing. With the lock,
exactly the capacity is confirmed and everyone else waits; without it, the event is oversold.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial

import pytest
from race_worker import register_once
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.registrations.models import Registration

CAPACITY, PEOPLE, PAUSE = 3, 10, 0.05
# Without the lock nothing serialises the requests: workers meet at a barrier, then a longer
# pause makes sure each has counted before any has written.
OPEN_PAUSE = 0.5


def outcome(event_id: int) -> dict[str, int]:
    db.session.expire_all()
    rows = db.session.execute(
        select(Registration.status, func.count(Registration.id))
        .where(Registration.event_id == event_id)
        .group_by(Registration.status)
    )
    return dict(rows.all())


@pytest.fixture
def last_places(make_event, database_url):
    from datetime import datetime

    event = make_event(capacity=CAPACITY, start=datetime(2027, 3, 3, 14, 0))
    return partial(register_once, database_url, event.id), event.id


def run_threads(register, lock: bool) -> list[str]:
    pause, barrier = (PAUSE if lock else OPEN_PAUSE), threading.Barrier(PEOPLE)
    with ThreadPoolExecutor(PEOPLE) as pool:
        return list(pool.map(lambda n: register(n, pause, lock, barrier), range(PEOPLE)))


def run_processes(register, lock: bool) -> list[str]:
    pause = PAUSE if lock else OPEN_PAUSE
    spawn = multiprocessing.get_context("spawn")
    with spawn.Manager() as manager, ProcessPoolExecutor(PEOPLE, mp_context=spawn) as pool:
        barrier = manager.Barrier(PEOPLE)
        futures = [pool.submit(register, n, pause, lock, barrier) for n in range(PEOPLE)]
        return [f.result() for f in futures]


@pytest.mark.parametrize("run", [run_threads, run_processes], ids=["threads", "processes"])
def test_exactly_the_capacity_is_confirmed_and_nobody_is_lost(last_places, run):
    register, event_id = last_places
    statuses = run(register, lock=True)
    assert not [s for s in statuses if s.startswith("error")], statuses
    assert sorted(statuses) == ["confirmed"] * CAPACITY + ["waiting"] * (PEOPLE - CAPACITY)
    assert outcome(event_id) == {"confirmed": CAPACITY, "waiting": PEOPLE - CAPACITY}


@pytest.mark.parametrize("run", [run_threads, run_processes], ids=["threads", "processes"])
def test_without_the_lock_the_same_race_oversells(last_places, run, monkeypatch):
    # Proof that the test above can fail: the pause alone lets everyone count the same places.
    from eventapp.registrations import services

    monkeypatch.setattr(services, "lock_places", lambda *args, **kwargs: None)
    register, event_id = last_places
    statuses = run(register, lock=False)
    assert outcome(event_id).get("confirmed", 0) > CAPACITY, statuses


@pytest.mark.parametrize("run", [run_threads, run_processes], ids=["threads", "processes"])
def test_unconfirmed_guests_at_once_hold_no_more_than_their_share(last_places, run):
    register, _event_id = last_places
    statuses = run(partial(register, guest=True), lock=True)
    assert sorted(statuses) == ["pending"] * (PEOPLE - 2) + ["pending-held"] * 2, statuses
