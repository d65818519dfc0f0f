"""The door's world: an event of HEC Paris with people in every status.

Imported by the check-in tests (tests/registrants/test_checkin_*.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from eventapp.events.models import Event
from eventapp.extensions import clock, db
from eventapp.registrations.models import Registration

PEOPLE = {
    "zoe": ("Zoé Ångström", "zoe@example.org", "confirmed"),
    "chloe": ("Chloë Martin", "chloe@example.org", "confirmed"),
    "walter": ("Walter Wait", "walter@example.org", "waiting"),
    "pat": ("Pat Pending", "pat@example.org", "pending"),
    "cary": ("Cary Gone", "cary@example.org", "cancelled"),
}
ROLES = ("anonymous", "attendee", "other", "organiser", "admin")


@dataclass
class Door:
    event: Event
    people: dict[str, Registration]

    def url(self, lang: str = "en") -> str:
        return f"/{lang}/workspace/events/{self.event.id}/check-in"

    def mark_url(self, who: str, lang: str = "en") -> str:
        return f"{self.url(lang)}/{self.people[who].id}"


def add_registration(event: Event, name: str, email: str, status: str) -> Registration:
    reg = Registration(
        event_id=event.id, name=name, email=email, status=status, language="en",
        created_at=clock.now(), updated_at=clock.now(),
    )  # fmt: skip
    db.session.add(reg)
    return reg


@pytest.fixture
def door(hosted) -> Door:
    event = hosted(title_en="Door symposium", capacity=400)
    people = {key: add_registration(event, *values) for key, values in PEOPLE.items()}
    db.session.commit()
    return Door(event, people)
