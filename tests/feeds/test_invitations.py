"""The invitations in registration mail, read by ical.js and checked byte by byte."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from eventapp.events.services import move_event
from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage
from eventapp.registrations import services

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


def test_invitations_read_the_same_in_thunderbird_and_follow_a_move(
    make_event, ical_js, check_invitation, settings
):
    event = make_event(title_en="Agents, ethics; law \\ policy", capacity=5,
                       start=datetime(2027, 3, 26, 14, 0))  # fmt: skip
    who = services.Attendee(email="ada@example.org", name='Ada, "the" first', language="en")
    services.register(event, who, settings=settings, now=NOW)
    move_event(event, start_at=event.start_at + timedelta(days=3),
               end_at=event.end_at + timedelta(days=3), settings=settings, now=NOW)  # fmt: skip
    db.session.commit()
    parts = db.session.scalars(select(OutboxMessage.ical).order_by(OutboxMessage.id)).all()
    first, moved = (ical_js(part.encode()) for part in parts)
    for part in parts:
        check_invitation(part.encode())
    [before], [after] = first["events"], moved["events"]
    assert before["uid"] == after["uid"] == f"event-{event.id}@events.example.org"
    assert before["summary"] == "Agents, ethics; law \\ policy"
    assert before["start"] == "2027-03-26T13:00:00.000Z"  # 14:00 Paris, winter time
    assert after["start"] == "2027-03-29T13:00:00.000Z"  # three days later, to the instant
    assert after["sequence"] > before["sequence"]


def test_an_invitation_is_stamped_when_it_is_made(make_event, settings):
    """RFC 5545 3.8.7.2: with a METHOD, DTSTAMP is when the message was made; LAST-MODIFIED
    stays the event's last change (issue 14, item 16)."""
    event = make_event(title_en="Seminar", capacity=5, start=datetime(2027, 3, 26, 14, 0))
    changed_at = event.updated_at
    who = services.Attendee(email="ada@example.org", name="Ada", language="en")
    services.register(event, who, settings=settings, now=NOW + timedelta(days=2))
    db.session.commit()
    [ical] = db.session.scalars(select(OutboxMessage.ical)).all()
    lines = ical.replace("\r\n ", "").splitlines()
    assert f"DTSTAMP:{NOW + timedelta(days=2):%Y%m%dT%H%M%SZ}" in lines
    assert f"LAST-MODIFIED:{changed_at.astimezone(UTC):%Y%m%dT%H%M%SZ}" in lines
