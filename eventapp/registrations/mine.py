"""A person's own registrations: for "My events", the personal feed and the API."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import selectinload

from eventapp.accounts.models import User
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registrations.models import Registration, RegistrationSession

SHOWN_STATUSES = ("published", "cancelled")


def owned_by(user: User) -> ColumnElement[bool]:
    """Registrations made with the account, or as a guest with the account's address once that
    guest confirmed it by the mail's link: until then anyone may have typed the address."""
    return or_(
        Registration.user_id == user.id,
        and_(Registration.email == user.email.lower(), Registration.status != "pending"),
    )


def made_with(user: User) -> ColumnElement[bool]:
    """Every registration made with the account or its address, confirmed or not: what the
    person's data export and erasure reach (their account proves the address is theirs)."""
    return or_(Registration.user_id == user.id, Registration.email == user.email.lower())


def _query():
    return select(Registration).options(
        selectinload(Registration.event).selectinload(Event.site),
        selectinload(Registration.event).selectinload(Event.venue),
        selectinload(Registration.sessions).selectinload(RegistrationSession.session),
    )


def for_event(user: User, event: Event) -> Registration | None:
    """The user's registration for `event`, whatever its status."""
    return db.session.scalar(_query().where(Registration.event_id == event.id, owned_by(user)))


def on_page_of(user: User, event: Event) -> Registration | None:
    """The user's registration for `event`, with what the event's page shows of it (its
    sessions): its event is the one given, already loaded, not read again."""
    return db.session.scalar(
        select(Registration)
        .where(Registration.event_id == event.id, owned_by(user))
        .options(selectinload(Registration.sessions).selectinload(RegistrationSession.session))
    )


def owned(user: User, registration_id: int) -> Registration | None:
    return db.session.scalar(_query().where(Registration.id == registration_id, owned_by(user)))


@dataclass(frozen=True)
class MyEvents:
    """What "My events" lists: places and queue positions still to come, then past ones."""

    upcoming: Sequence[Registration]
    past: Sequence[Registration]


def my_events(user: User, *, now: datetime) -> MyEvents:
    """The user's registrations that are not cancelled, for events readers can see."""
    rows = db.session.scalars(
        _query()
        .join(Event, Event.id == Registration.event_id)
        .where(
            owned_by(user),
            Registration.status != "cancelled",
            Event.status.in_(SHOWN_STATUSES),
        )
        .order_by(Event.start_at, Event.id)
    ).all()
    upcoming = [r for r in rows if r.event.end_at >= now]
    past = [r for r in reversed(rows) if r.event.end_at < now]
    return MyEvents(upcoming, past)


def all_registrations(user: User) -> Sequence[Registration]:
    """Every registration of the user, cancelled ones included, in event order."""
    return db.session.scalars(
        _query()
        .join(Event, Event.id == Registration.event_id)
        .where(owned_by(user))
        .order_by(Event.start_at, Registration.id)
    ).all()


def has_registrations(user: User) -> bool:
    return db.session.scalar(select(Registration.id).where(owned_by(user)).limit(1)) is not None


def state_digest(user: User) -> str:
    """Changes whenever one of the user's registrations does (they move without their event)."""
    rows = db.session.execute(
        select(Registration.id, Registration.status, Registration.updated_at)
        .where(owned_by(user))
        .order_by(Registration.id)
    ).all()
    text = ";".join(f"{r.id},{r.status},{r.updated_at.isoformat()}" for r in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def latest_change(user: User) -> datetime | None:
    """When one of the user's registrations last changed."""
    return db.session.scalar(
        select(Registration.updated_at)
        .where(owned_by(user))
        .order_by(Registration.updated_at.desc())
        .limit(1)
    )
