"""Guests register by e-mail; one already registered is told again by mail, never on the page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from eventapp.events.models import Event
from eventapp.registrations import notify, services
from eventapp.registrations.models import Registration
from eventapp.settings import Settings


def register_guest(
    event: Event,
    who: services.Attendee,
    *,
    now: datetime,
    settings: Settings,
    session_ids: Iterable[int] = (),
    hold: timedelta = services.DEFAULT_HOLD,
    hold_share: float = services.DEFAULT_HOLD_SHARE,
) -> Registration:
    """Register a guest (pending until they confirm the address).

    Registering again shows the existing registration, but only to the owner of the address:
    its mail (the link to confirm, the place, or the queue position) goes out again.
    """
    before = services.find(event, who.email)
    known = before is not None and before.status != "cancelled"
    reg = services.register(
        event, who, now=now, settings=settings, session_ids=session_ids, guest=True, hold=hold,
        hold_share=hold_share,
    )  # fmt: skip
    if known:
        notify.registered(reg, now=now, settings=settings)
    return reg
