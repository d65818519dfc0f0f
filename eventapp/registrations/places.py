"""Counting places: confirmed registrations and guests' holds that have not run out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registrations.models import Registration, RegistrationSession


def holds_place(now: datetime):
    """The registrations that take a place at `now`."""
    return or_(
        Registration.status == "confirmed",
        and_(Registration.status == "pending", Registration.hold_until > now),
    )


def taken(event_id: int, now: datetime) -> int:
    """Places of the event taken at `now`."""
    return db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.event_id == event_id, holds_place(now)
        )
    )


def held_unconfirmed(event_id: int, now: datetime) -> list[str]:
    """The addresses of the guests who hold a place at `now` without having confirmed it."""
    return list(
        db.session.scalars(
            select(Registration.email).where(
                Registration.event_id == event_id,
                Registration.status == "pending",
                Registration.hold_until > now,
            )
        )
    )


def taken_by_each_event(now: datetime) -> ColumnElement:
    """Places taken at `now` of the event in the enclosing query, as a correlated count."""
    return (
        select(func.count(Registration.id))
        .where(Registration.event_id == Event.id, holds_place(now))
        .correlate(Event)
        .scalar_subquery()
    )


def taken_by_session(session_ids: Iterable[int], now: datetime) -> dict[int, int]:
    """Confirmed places of several sessions (of registrations that hold their event place)."""
    ids = list(session_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(RegistrationSession.session_id, func.count(RegistrationSession.id))
        .join(Registration, Registration.id == RegistrationSession.registration_id)
        .where(
            RegistrationSession.session_id.in_(ids),
            RegistrationSession.status == "confirmed",
            holds_place(now),
        )
        .group_by(RegistrationSession.session_id)
    )
    return dict(rows.all())


def next_in_queue(event_id: int) -> int:
    """The number of the next person to join the event's waiting list (call under the lock)."""
    last = db.session.scalar(
        select(func.max(Registration.queue_number)).where(Registration.event_id == event_id)
    )
    return (last or 0) + 1
