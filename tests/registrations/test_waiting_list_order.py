"""The waiting list's order: the order in which registrations got the lock, not their clocks.

The queue is tested with distinct times (the same instant for everyone would hide an order
flipped), and with a race forced so that two registrations pass the lock in the reverse order
of the clocks they read: everyone is told a distinct position, and places go in that order.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from own_app import in_own_app
from sqlalchemy import select
from support import wait

from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage
from eventapp.registrants.queries import waiting_positions
from eventapp.registrations import services
from eventapp.registrations.models import Registration
from eventapp.registrations.notify import position

PROMOTED = "A place is yours"


def told(email: str) -> list[str]:
    """What the person was told, mail by mail: 'waiting 2', 'promoted', …"""
    db.session.expire_all()
    bodies = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == email.lower())
        .order_by(OutboxMessage.id)
    )
    said = []
    for mail in bodies:
        number = re.search(r"you are number (\d+) on the waiting list", mail.body_text)
        said.append(f"waiting {number.group(1)}" if number else mail.subject.split(" — ")[0])
    return said


def test_places_go_to_the_earliest_in_the_queue(small_event, person, now, settings):
    at = [now + timedelta(minutes=n) for n in range(5)]
    regs = [
        services.register(small_event, person(n), now=at[n], settings=settings) for n in range(5)
    ]
    db.session.commit()
    assert [position(r) for r in regs] == [None, None, 1, 2, 3]
    assert [told(r.email)[0] for r in regs[2:]] == ["waiting 1", "waiting 2", "waiting 3"]

    services.cancel(regs[0], now=now + timedelta(hours=1), settings=settings)
    db.session.commit()
    assert [r.status for r in regs] == ["cancelled", "confirmed", "confirmed", "waiting", "waiting"]
    assert told(regs[2].email)[-1] == PROMOTED
    assert [position(r) for r in regs[3:]] == [1, 2]
    assert waiting_positions(small_event.id) == {regs[3].id: 1, regs[4].id: 2}

    services.cancel(regs[1], now=now + timedelta(hours=2), settings=settings)
    db.session.commit()
    assert [r.status for r in regs[3:]] == ["confirmed", "waiting"]
    assert position(regs[4]) == 1


def test_leaving_the_queue_and_coming_back_goes_to_the_end(small_event, person, now, settings):
    regs = [
        services.register(small_event, person(n), now=now + timedelta(minutes=n), settings=settings)
        for n in range(5)
    ]
    services.cancel(regs[2], now=now + timedelta(hours=1), settings=settings)
    back = services.register(
        small_event, person(2), now=now + timedelta(hours=2), settings=settings
    )
    db.session.commit()
    assert [position(r) for r in (regs[3], regs[4], back)] == [1, 2, 3]
    assert told(back.email)[-1] == "waiting 3"


def register_at(database_url, event_id, n, now, before=None, pause=None) -> str:
    """Register person `n` at `now` through an app of its own; 'status position'."""

    def work() -> str:
        from flask import current_app

        from eventapp.events.models import Event
        from eventapp.settings import settings_of

        if before is not None:
            before()
        event = db.session.get(Event, event_id)
        who = services.Attendee(email=f"racer{n}@example.org", name=f"Racer {n}")
        reg = services.register(event, who, now=now, settings=settings_of(current_app), pause=pause)
        return f"{reg.status} {position(reg)}"

    return in_own_app(database_url, work, EVENTAPP_BASE_URL="https://events.example.org")


def test_two_registrations_through_the_lock_against_their_clocks(
    make_event, database_url, settings
):
    # One place, taken: both newcomers wait. The late clock gets the lock first, and holds it
    # while the early clock, read before, waits for it.
    event = make_event(capacity=1, start=datetime(2027, 3, 3, 14, 0))
    early, late = datetime(2027, 1, 10, 9, 0, tzinfo=UTC), datetime(2027, 1, 10, 9, 5, tzinfo=UTC)
    first = register_at(database_url, event.id, 0, early)
    late_holds_lock = threading.Event()

    def hold_the_lock() -> None:
        late_holds_lock.set()
        wait(0.3)  # the other registration is now waiting for the lock

    with ThreadPoolExecutor(2) as pool:
        a = pool.submit(register_at, database_url, event.id, 1, late, pause=hold_the_lock)
        b = pool.submit(
            register_at, database_url, event.id, 2, early,
            before=lambda: late_holds_lock.wait(timeout=60),
        )  # fmt: skip
        through_first, through_second = a.result(), b.result()

    assert first == "confirmed None"
    assert (through_first, through_second) == ("waiting 1", "waiting 2")
    assert told("racer1@example.org") == ["waiting 1"]
    assert told("racer2@example.org") == ["waiting 2"]

    # The place freed goes to the one told 1; the other is then first.
    taken = db.session.scalar(
        select(Registration).where(Registration.email == "racer0@example.org")
    )
    services.cancel(taken, now=late + timedelta(hours=1), settings=settings)
    db.session.commit()
    assert told("racer1@example.org")[-1] == PROMOTED
    assert told("racer2@example.org") == ["waiting 2"]
    waiting = db.session.scalar(
        select(Registration).where(Registration.email == "racer2@example.org")
    )
    assert position(waiting) == 1
