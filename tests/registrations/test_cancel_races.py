"""Changes of one registration at once, forced: each request reads the registration, meets the
others at a barrier, then takes the lock and acts, in its own thread with its own app and
database session (as two servers would). Whatever was read before the lock, each acts on what it
finds after it: one cancellation sends one mail, and a person promoted while cancelling gets the
calendar cancellation that follows the invitation.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from own_app import in_own_app
from sqlalchemy import select
from support import wait

from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage
from eventapp.registrations import services
from eventapp.registrations.models import Registration

LATER = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
CANCELLED = "Your registration is cancelled"


def cancel_once(database_url, reg_id, barrier, before=None, holding=None) -> str:
    """Read the registration, wait at `barrier`, then cancel it (after `before()`; with
    `holding()` called while this request holds the lock, before it cancels)."""

    def work() -> str:
        from flask import current_app

        from eventapp.registrations.locking import lock_places
        from eventapp.settings import settings_of

        reg = db.session.get(Registration, reg_id)
        [c.session_id for c in reg.sessions]  # everything a page reads before acting
        barrier.wait(timeout=60)
        if before is not None:
            before()
        if holding is not None:
            lock_places(db.session, reg.event_id)
            holding()
        services.cancel(reg, now=LATER, settings=settings_of(current_app))
        return "ok"

    return in_own_app(database_url, work, EVENTAPP_BASE_URL="https://events.example.org")


def at_once(*jobs) -> list[str]:
    db.session.commit()  # the test's session holds nothing while they run
    with ThreadPoolExecutor(len(jobs)) as pool:
        futures = [pool.submit(cancel_once, *args, **kwargs) for args, kwargs in jobs]
        return [f.result() for f in futures]


def told(email: str) -> list[tuple[str, str | None]]:
    """Each mail the person got: its subject's first part and its calendar method."""
    db.session.expire_all()
    mails = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id)
    )
    return [(m.subject.split(" — ")[0], m.ical_method) for m in mails]


def sequence(email: str, method: str) -> int:
    mail = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == email, OutboxMessage.ical_method == method)
        .order_by(OutboxMessage.id.desc())
    ).first()
    [vevent] = Calendar.from_ical(mail.ical).walk("VEVENT")
    return int(vevent["SEQUENCE"])


@pytest.mark.parametrize("status", ["confirmed", "waiting"])
def test_two_cancellations_at_once_send_one_mail(
    small_event, person, now, settings, database_url, status
):
    regs = [services.register(small_event, person(n), now=now, settings=settings) for n in range(3)]
    reg = regs[0] if status == "confirmed" else regs[2]
    assert reg.status == status
    barrier = threading.Barrier(2)
    outcome = at_once(((database_url, reg.id, barrier), {}), ((database_url, reg.id, barrier), {}))
    assert outcome == ["ok", "ok"]
    mails = told(reg.email)
    assert [m for m in mails if m[0] == CANCELLED] == [
        (CANCELLED, "CANCEL" if status == "confirmed" else None)
    ]
    if status == "confirmed":  # the place went once, to the first person waiting
        assert told(regs[2].email)[-1] == ("A place is yours", "REQUEST")
        assert len([m for m in told(regs[2].email) if m[0] == "A place is yours"]) == 1


def test_a_person_promoted_while_cancelling_gets_the_calendar_cancellation(
    small_event, person, now, settings, database_url
):
    regs = [services.register(small_event, person(n), now=now, settings=settings) for n in range(3)]
    leaving, waiting = regs[0], regs[2]
    assert waiting.status == "waiting"
    barrier, promoting = threading.Barrier(2), threading.Event()

    def hold_the_lock() -> None:
        promoting.set()
        wait(0.3)  # the waiting person's cancellation is now waiting for the lock

    outcome = at_once(
        ((database_url, leaving.id, barrier), {"holding": hold_the_lock}),
        ((database_url, waiting.id, barrier), {"before": lambda: promoting.wait(timeout=60)}),
    )
    assert outcome == ["ok", "ok"]
    db.session.expire_all()
    assert db.session.get(Registration, waiting.id).status == "cancelled"
    # Their calendar got the invitation, then its cancellation, which outranks it.
    assert told(waiting.email) == [
        ("You are on the waiting list", None),
        ("A place is yours", "REQUEST"),
        (CANCELLED, "CANCEL"),
    ]
    assert sequence(waiting.email, "CANCEL") > sequence(waiting.email, "REQUEST")


def test_sessions_chosen_after_another_request_cancelled_are_refused(
    make_event, person, now, settings, database_url
):
    event = make_event(capacity=5, sessions=2, start=datetime(2027, 3, 3, 14, 0))
    first, second = sorted(s.id for s in event.sessions)
    reg = services.register(event, person(1), now=now, settings=settings, session_ids=[first])
    db.session.commit()
    [c.session_id for c in reg.sessions]  # read, as the page did before the form was sent
    assert cancel_once(database_url, reg.id, threading.Barrier(1)) == "ok"
    with pytest.raises(services.RegistrationError):
        services.change_sessions(reg, [first, second], now=now + timedelta(minutes=5))
    db.session.rollback()
    db.session.expire_all()
    stored = db.session.get(Registration, reg.id)
    assert (stored.status, stored.sessions) == ("cancelled", [])
