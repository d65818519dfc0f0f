"""Counting places: confirmed registrations and guests' holds that have not run out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, func, or_, select

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


def taken_by_event(event_ids: Iterable[int], now: datetime) -> dict[int, int]:
    """Places taken for several events, in one query."""
    ids = list(event_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Registration.event_id, func.count(Registration.id))
        .where(Registration.event_id.in_(ids), holds_place(now))
        .group_by(Registration.event_id)
    )
    return dict(rows.all())


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
