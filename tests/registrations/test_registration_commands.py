"""`send-reminders` (once per place, in the attendee's language) and `purge-personal-data`."""

from __future__ import annotations

from datetime import datetime, timedelta

from registration_pages import outbox
from sqlalchemy import func, select

from eventapp.events.services import move_event
from eventapp.extensions import clock, db
from eventapp.mail.services import queue_mail
from eventapp.registrations import services
from eventapp.registrations.models import Registration

ROOM = "https://meet.example.org/tomorrow"


def local_in(hours: float) -> datetime:
    """A Paris wall time `hours` from now, as make_event takes it."""
    moment = clock.now() + timedelta(hours=hours)
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Europe/Paris")).replace(tzinfo=None, microsecond=0)


def person(n: int, lang: str = "en") -> services.Attendee:
    return services.Attendee(email=f"p{n}@example.org", name=f"P{n}", language=lang)


def reminders(to: str):
    return [m for m in outbox(to) if "<reminder-" in m.message_id]


def test_reminders_go_once_to_confirmed_places_in_their_language(runner, make_event, settings):
    tomorrow = make_event(
        title_en="Tomorrow", title_fr="Demain", capacity=2, online_url=ROOM, start=local_in(30)
    )
    later = make_event(capacity=5, start=local_in(60))
    now = clock.now()
    for n, lang in ((1, "fr"), (2, "en"), (3, "en")):
        services.register(tomorrow, person(n, lang), settings=settings, now=now)
    services.register(later, person(1, "fr"), settings=settings, now=now)
    db.session.commit()
    for _ in range(2):
        result = runner.invoke(args=["send-reminders"])
        assert result.exit_code == 0, result.output
    [fr] = reminders("p1@example.org")
    assert fr.language == "fr" and fr.subject.startswith("Rappel") and "Demain" in fr.subject
    assert ROOM in fr.body_text and "/fr/registrations/" in fr.body_text
    assert len(reminders("p2@example.org")) == 1
    assert reminders("p3@example.org") == []  # waiting: no place to be reminded of
    # Moved to another day still in the window: a reminder for the new date.
    move_event(
        tomorrow,
        start_at=tomorrow.start_at + timedelta(hours=2),
        end_at=tomorrow.end_at + timedelta(hours=2),
        settings=settings,
        now=now,
    )
    db.session.commit()
    runner.invoke(args=["send-reminders"])
    assert len(reminders("p2@example.org")) == 2


def test_guest_data_is_erased_after_the_configured_days_and_counts_stay(
    app, runner, make_event, settings
):
    long_ago = make_event(capacity=5, start=local_in(-24 * 40))
    recent = make_event(capacity=5, start=local_in(-24 * 10))
    now = clock.now()
    guest = Registration(
        event_id=long_ago.id,
        email="guest@example.org",
        name="Grace",
        affiliation="Lab",
        status="confirmed",
        language="en",
    )
    fresh = Registration(
        event_id=recent.id,
        email="fresh@example.org",
        name="Fred",
        status="confirmed",
        language="en",
    )
    db.session.add_all([guest, fresh])
    queue_mail(
        "guest@example.org",
        "registration_pending",
        "en",
        settings=settings,
        now=now - timedelta(days=45),
        subject="Old",
        registration=guest,
        event=long_ago,
        title="x",
        confirm_url="x",
    )
    db.session.commit()
    result = runner.invoke(args=["purge-personal-data"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert (guest.email.endswith("@erased.invalid"), guest.name, guest.affiliation) == (
        True,
        "",
        None,
    )
    assert guest.status == "confirmed"
    assert fresh.email == "fresh@example.org"  # within the 30 days
    assert outbox("guest@example.org") == []
    count = db.session.scalar(select(func.count(Registration.id)))
    assert count == 2
    app.config["GUEST_DATA_DAYS"] = 5
    runner.invoke(args=["purge-personal-data"])
    db.session.expire_all()
    assert fresh.email.endswith("@erased.invalid") and fresh.name == ""
