"""The demo looks like real life: its full workshop takes a waiting list, its cancelled event was
published first, its registration windows keep their wall time (issue 14, item 11)."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from sqlalchemy import select

from eventapp.demo.attendees import FULL_EVENT_TITLE
from eventapp.demo.seed import seed_demo
from eventapp.events.models import Event
from eventapp.extensions import clock, db

# A seeding day whose programme has the Cambridge all-day workshop in June, its registration
# opening 90 days before: across the clocks going forward in March.
SEEDED_ON = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)


def page_text(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def seed(settings, now=SEEDED_ON) -> list[Event]:
    clock.set(now)
    seed_demo(db.session, now=now, settings=settings)
    db.session.commit()
    return db.session.scalars(select(Event).order_by(Event.start_at)).all()


def test_the_full_workshop_offers_its_waiting_list_with_a_button(app, client, settings):
    seed(settings, now=clock.now())
    full = db.session.scalar(select(Event).where(Event.title_en == FULL_EVENT_TITLE))
    for lang, offer, button in (
        ("en", "You can join the waiting list", "Join the waiting list"),
        ("fr", "Vous pouvez rejoindre la liste d’attente", "Rejoindre la liste d’attente"),
    ):
        text = page_text(client.get(f"/{lang}/events/{full.id}"))
        assert offer in text and button in text
        assert "Registration opens" not in text and "inscriptions ouvrent" not in text.lower()


def test_the_cancelled_event_was_published_then_cancelled(app, client, settings):
    [cancelled] = [e for e in seed(settings, now=clock.now()) if e.status == "cancelled"]
    feed = client.get(f"/feeds/en/events/{cancelled.id}.ics").get_data(as_text=True)
    block = feed.replace("\r\n ", "").split(f"UID:event-{cancelled.id}@")[1].split("END:")[0]
    assert "STATUS:CANCELLED" in block and "SEQUENCE:2" in block
    history = page_text(client.get(f"/en/events/{cancelled.id}"))
    assert "Several speakers are unable to travel" in history


def test_registration_opens_at_the_events_wall_time_across_a_clock_change(app, client, settings):
    events = seed(settings)
    windows = [e for e in events if e.registration_opens_at is not None]
    assert windows
    for event in windows:
        for instant in (event.registration_opens_at, event.registration_closes_at):
            assert instant.astimezone(event.zone).time() == event.local_start.time(), event
    [workshop] = [e for e in windows if e.all_day]
    text = page_text(client.get(f"/en/events/{workshop.id}"))
    assert re.search(r"Registration opens on \w{3} 1\d Mar 2027, 00:00 \(UK time\)", text), text
