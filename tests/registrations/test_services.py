"""Registering, waiting, guests' holds, cancelling and promotion, with the invitations sent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage
from eventapp.registrations import services
from eventapp.registrations.notify import position


def mails(to: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        query = query.where(OutboxMessage.recipient == to)
    return db.session.scalars(query).all()


def invitation(message: OutboxMessage) -> dict:
    cal = Calendar.from_ical(message.ical)
    [vevent] = cal.walk("VEVENT")
    return {"method": str(cal["METHOD"]), "sequence": int(vevent["SEQUENCE"]),
            "uid": str(vevent["UID"]), "attendee": str(vevent["ATTENDEE"])}  # fmt: skip


def test_places_then_the_waiting_list_in_order(small_event, person, now, settings):
    regs = [services.register(small_event, person(n), now=now + timedelta(minutes=n),
                              settings=settings)
            for n in range(4)]  # fmt: skip
    db.session.commit()
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert [position(r) for r in regs] == [None, None, 1, 2]
    assert regs[0].email == "person0@example.org"
    confirmed = mails("person0@example.org")[0]
    sent = invitation(confirmed)
    assert sent["method"] == "REQUEST"
    assert sent["uid"] == f"event-{small_event.id}@events.example.org"
    assert sent["attendee"] == "mailto:person0@example.org"
    assert "waiting list" in mails("person2@example.org")[0].body_text


def test_registering_again_shows_the_existing_registration(small_event, person, now, settings):
    first = services.register(small_event, person(1), settings=settings, now=now)
    again = services.register(
        small_event, person(1), settings=settings, now=now + timedelta(hours=1)
    )
    assert again.id == first.id and len(mails()) == 1


def test_a_freed_place_goes_to_the_first_person_waiting(small_event, person, now, settings):
    regs = [services.register(small_event, person(n), settings=settings, now=now) for n in range(4)]
    services.cancel(regs[0], settings=settings, now=now + timedelta(hours=1))
    db.session.commit()
    assert [r.status for r in regs] == ["cancelled", "confirmed", "confirmed", "waiting"]
    promoted = mails("person2@example.org")[-1]
    assert invitation(promoted)["method"] == "REQUEST"
    cancel = mails("person0@example.org")[-1]
    assert invitation(cancel)["method"] == "CANCEL"
    assert position(regs[3]) == 1


def test_every_invitation_goes_higher_even_after_re_registering(small_event, person, now, settings):
    reg = services.register(small_event, person(1), settings=settings, now=now)
    services.cancel(reg, settings=settings, now=now + timedelta(minutes=1))
    services.register(small_event, person(1), settings=settings, now=now + timedelta(minutes=2))
    sequences = [invitation(m)["sequence"] for m in mails("person1@example.org") if m.ical]
    assert sequences == sorted(set(sequences)) and len(sequences) == 3


def test_a_guest_holds_a_place_until_the_hold_runs_out(small_event, person, now, settings):
    guest = services.register(small_event, person(1), settings=settings, now=now, guest=True,
                              hold=timedelta(hours=2))  # fmt: skip
    assert guest.status == "pending" and "confirm" in mails()[0].body_text.lower()
    services.register(small_event, person(2), settings=settings, now=now)
    third = services.register(
        small_event, person(3), settings=settings, now=now + timedelta(minutes=5)
    )
    assert third.status == "waiting"  # the guest's hold still counts
    fourth = services.register(
        small_event, person(4), settings=settings, now=now + timedelta(hours=3)
    )
    assert fourth.status == "waiting"  # the hold ran out, and person 3 got the place first
    assert third.status == "confirmed"
    late = services.confirm_guest(guest, settings=settings, now=now + timedelta(hours=3))
    assert late.status == "waiting"


def test_a_guest_who_confirms_in_time_keeps_the_place(small_event, person, now, settings):
    guest = services.register(small_event, person(1), settings=settings, now=now, guest=True)
    services.confirm_guest(guest, settings=settings, now=now + timedelta(minutes=30))
    assert guest.status == "confirmed"
    assert invitation(mails("person1@example.org")[-1])["method"] == "REQUEST"


def test_raising_the_capacity_promotes(small_event, person, now, settings):
    regs = [services.register(small_event, person(n), settings=settings, now=now) for n in range(4)]
    small_event.capacity = 3
    db.session.commit()
    services.promote(small_event, settings=settings, now=now)
    assert [r.status for r in regs] == ["confirmed", "confirmed", "confirmed", "waiting"]


def test_registration_window_and_status(make_event, person, now, settings):
    closed = make_event(capacity=5, registration_closes_at=now - timedelta(days=1))
    with pytest.raises(services.RegistrationError):
        services.register(closed, person(1), settings=settings, now=now)
    not_yet = make_event(capacity=5, registration_opens_at=now + timedelta(days=1))
    with pytest.raises(services.RegistrationError):
        services.register(not_yet, person(1), settings=settings, now=now)
    no_registration = make_event()
    with pytest.raises(services.RegistrationError):
        services.register(no_registration, person(1), settings=settings, now=now)


def test_sessions_have_their_own_places_and_overlaps_are_refused(make_event, person, now, settings):
    from datetime import datetime

    event = make_event(capacity=10, sessions=3, start=datetime(2027, 3, 3, 14, 0))
    first, second, third = event.sessions
    first.capacity = 1
    third.start_at = first.start_at  # third overlaps first
    db.session.commit()
    a = services.register(
        event, person(1), settings=settings, now=now, session_ids=[first.id, second.id]
    )
    b = services.register(event, person(2), settings=settings, now=now, session_ids=[first.id])
    assert [(c.session_id, c.status) for c in a.sessions] == [
        (first.id, "confirmed"), (second.id, "confirmed")]  # fmt: skip
    assert [c.status for c in b.sessions] == ["waiting"]
    with pytest.raises(services.InvalidChoice):
        services.register(
            event, person(3), settings=settings, now=now, session_ids=[first.id, third.id]
        )
    services.change_sessions(a, [second.id], now=now)
    db.session.commit()
    assert [c.status for c in b.sessions] == ["confirmed"]


def test_moving_or_cancelling_the_event_updates_every_attendee(small_event, person, now, settings):
    from eventapp.events.services import cancel_event, move_event

    a = services.register(small_event, person(1, "fr"), settings=settings, now=now)
    services.register(small_event, person(2), settings=settings, now=now)
    services.register(small_event, person(3), settings=settings, now=now)  # waiting: not told
    first = invitation(mails("person1@example.org")[0])["sequence"]
    move_event(small_event, start_at=small_event.start_at + timedelta(hours=1),
               end_at=small_event.end_at + timedelta(hours=1), now=now,
               settings=settings)  # fmt: skip
    moved = mails("person1@example.org")[-1]
    assert moved.subject.startswith("Événement modifié")
    assert invitation(moved)["method"] == "REQUEST"
    assert invitation(moved)["sequence"] > first
    assert len(mails("person3@example.org")) == 1
    cancel_event(small_event, settings=settings, now=now)
    gone = mails("person1@example.org")[-1]
    assert invitation(gone)["method"] == "CANCEL"
    assert invitation(gone)["sequence"] > invitation(moved)["sequence"]
    assert a.invite_sequence == invitation(gone)["sequence"]


def test_editing_the_event_tells_attendees_and_a_larger_capacity_promotes(
    make_event, person, now, settings
):
    from datetime import datetime

    from eventapp.accounts import services as accounts
    from eventapp.events.editing import EventInput, save_event
    from eventapp.reference.models import Organisation

    event = make_event(capacity=1, start=datetime(2027, 3, 3, 14, 0), organisations=1)
    org = db.session.scalar(select(Organisation))
    admin = accounts.create_user("admin@example.org", "long-enough-pw", now=now, role="admin")
    first = services.register(event, person(1), settings=settings, now=now)
    second = services.register(event, person(2), settings=settings, now=now)
    data = EventInput(
        kind="seminar", site="paris-saclay", language="both", title_en="An event",
        start=datetime(2027, 3, 3, 15, 0), end=datetime(2027, 3, 3, 17, 0),
        venue_id=event.venue_id, organisations=[org.slug], capacity=2,
    )  # fmt: skip
    save_event(event, data, actor=admin, settings=settings, now=now)
    db.session.commit()
    assert second.status == "confirmed"
    told = mails("person1@example.org")[-1]
    assert told.subject.startswith("Event changed") and invitation(told)["method"] == "REQUEST"
    assert first.invite_sequence == event.sequence
