"""Demo registrations: the full workshop has its six places taken and two people waiting."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventapp.events.models import Event
from eventapp.registrations.models import Registration

FULL_EVENT_TITLE = "Hands-on workshop: auditing a language model"
PEOPLE = [
    ("Camille Laurent", "fr"), ("Oliver Hughes", "en"), ("Inès Moreau", "fr"),
    ("Priya Natarajan", "en"), ("Lucas Bernard", "fr"), ("Hannah Price", "en"),
    ("Théo Garnier", "fr"), ("Grace Whitfield", "en"),
]  # fmt: skip


def fill_full_event(session: Session, now: datetime) -> int:
    """Register the demo people (written directly: no mail goes to made-up addresses)."""
    event = session.scalar(select(Event).where(Event.title_en == FULL_EVENT_TITLE))
    if event is None or event.capacity is None:
        return 0
    known = set(
        session.scalars(select(Registration.email).where(Registration.event_id == event.id))
    )
    added = 0
    for n, (name, lang) in enumerate(PEOPLE):
        email = name.lower().replace(" ", ".").replace("è", "e").replace("é", "e") + "@example.org"
        if email in known:
            continue
        at = now - timedelta(days=len(PEOPLE) - n)
        confirmed = n < event.capacity
        session.add(
            Registration(
                event_id=event.id, email=email, name=name, language=lang,
                status="confirmed" if confirmed else "waiting", created_at=at, updated_at=at,
                confirmed_at=at if confirmed else None, waiting_since=None if confirmed else at,
                queue_number=None if confirmed else n + 1,
            )
        )  # fmt: skip
        added += 1
    session.flush()
    return added
