"""Fixtures for the worker: a one-place event whose guest's hold runs out, with Bea waiting."""

from __future__ import annotations

import pytest
from hold_world import HOLD

from eventapp.extensions import clock, db
from eventapp.registrations import services
from eventapp.registrations.services import Attendee


@pytest.fixture
def held_and_waiting(make_event, settings):
    """One place, held for a minute by an unconfirmed guest; Bea waits for it."""

    def make(guest_language: str = "en"):
        event = make_event(capacity=1)
        now = clock.now()
        guest = Attendee("guest@example.org", "Gus", guest_language)
        services.register(event, guest, now=now, settings=settings, guest=True, hold=HOLD)
        bea = services.register(
            event, Attendee("bea@example.org", "Bea"), now=now, settings=settings
        )
        db.session.commit()
        assert bea.status == "waiting"
        return event

    return make
