"""Fixtures for registrations: an event with places, people to register."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from eventapp.registrations.services import Attendee

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def small_event(make_event):
    """A published seminar with 2 places, in March 2027."""
    return make_event(title_en="Small seminar", capacity=2, start=datetime(2027, 3, 3, 14, 0))


@pytest.fixture
def person():
    def make(n: int, lang: str = "en") -> Attendee:
        return Attendee(email=f"Person{n}@Example.org", name=f"Person {n}", language=lang)

    return make


def later(minutes: int) -> datetime:
    return NOW + timedelta(minutes=minutes)
