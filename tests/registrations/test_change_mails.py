"""What registrants read when their event moves or is cancelled (issue 14, item 10)."""

from __future__ import annotations

import html
from datetime import datetime, timedelta

from sqlalchemy import select

from eventapp.accounts import services as accounts
from eventapp.events.editing import EventInput, save_event
from eventapp.events.services import cancel_event, move_event
from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage
from eventapp.reference.models import Organisation, Venue
from eventapp.registrations import services


def last_mail(to: str) -> OutboxMessage:
    query = select(OutboxMessage).where(OutboxMessage.recipient == to)
    return db.session.scalars(query.order_by(OutboxMessage.id.desc())).first()


def bodies(message: OutboxMessage) -> tuple[str, str]:
    return message.body_text, html.unescape(message.body_html)


def test_the_changed_mail_says_the_time_before_and_after(small_event, person, now, settings):
    services.register(small_event, person(1, "fr"), settings=settings, now=now)
    services.register(small_event, person(2, "en"), settings=settings, now=now)
    move_event(small_event, start_at=small_event.start_at + timedelta(days=1, hours=2),
               end_at=small_event.end_at + timedelta(days=1, hours=2), now=now,
               settings=settings)  # fmt: skip
    for who, label in (("person1", "Horaire : "), ("person2", "Time: ")):
        for body in bodies(last_mail(f"{who}@example.org")):
            [line] = [line for line in body.replace("<br>", "\n").splitlines() if label in line]
            before, after = line.split(label)[1].split(" → ")
            assert "3" in before and "14:00" in before, line
            assert "4" in after and "16:00" in after, line
            assert "Lieu" not in body and "Place:" not in body


def test_the_changed_mail_says_the_place_before_and_after(make_event, person, now, settings):
    event = make_event(capacity=5, start=datetime(2027, 3, 3, 14, 0), organisations=1)
    services.register(event, person(1, "fr"), settings=settings, now=now)
    services.register(event, person(2, "en"), settings=settings, now=now)
    hall = Venue(name_en="Great Hall", name_fr="Grande salle", address="9 Quai X", site=event.site)
    db.session.add(hall)
    db.session.flush()
    admin = accounts.create_user("admin@example.org", "long-enough-pw", now=now, role="admin")
    data = EventInput(
        kind="seminar", site="paris-saclay", language="both", title_en="An event",
        start=datetime(2027, 3, 3, 14, 0), end=datetime(2027, 3, 3, 16, 0), venue_id=hall.id,
        organisations=[db.session.scalar(select(Organisation)).slug], capacity=5,
    )  # fmt: skip
    save_event(event, data, actor=admin, settings=settings, now=now)
    db.session.commit()
    fr_text, fr_html = bodies(last_mail("person1@example.org"))
    en_text, en_html = bodies(last_mail("person2@example.org"))
    for body in (fr_text, fr_html):
        assert "Lieu : Salle 1, 1 Example Road → Grande salle, 9 Quai X" in body
        assert "Horaire" not in body
    for body in (en_text, en_html):
        assert "Place: Room 1, 1 Example Road → Great Hall, 9 Quai X" in body
        assert "Time:" not in body


def test_the_cancellation_mail_gives_the_reason_and_no_place_to_give_back(
    small_event, person, now, settings
):
    services.register(small_event, person(1, "fr"), settings=settings, now=now)
    services.register(small_event, person(2, "en"), settings=settings, now=now)
    cancel_event(small_event, settings=settings, now=now, reason_fr="L’oratrice est malade.",
                 reason_en="The speaker is ill.")  # fmt: skip
    for who, reason, give_back in (
        ("person1", "La raison donnée par les organisateurs : L’oratrice est malade.", "rendre"),
        ("person2", "The organisers’ reason: The speaker is ill.", "give"),
    ):
        mail = last_mail(f"{who}@example.org")
        for body in bodies(mail):
            assert reason in body
            assert give_back not in body.lower() and "/manage/" not in body
