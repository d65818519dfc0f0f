"""What the workspace reads: the dashboard's sections and an event's history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from eventapp.accounts.models import User
from eventapp.events.history import EventChange
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.reference.models import Organisation

SHOWN = 50  # past and cancelled events: the most recent ones


def _mine(user: User) -> Select:
    query = select(Event).options(selectinload(Event.site), selectinload(Event.organisations))
    if user.is_admin:
        return query
    ids = [org.id for org in user.organisations]
    return query.where(Event.organisations.any(Organisation.id.in_(ids)))


def dashboard(user: User, *, now: datetime) -> dict[str, list[Event]]:
    """The events of the user's organisations (all for admins), by section, in a few queries."""
    base = _mine(user)
    published = Event.status == "published"
    queries = {
        "drafts": base.where(Event.status == "draft").order_by(Event.start_at, Event.id),
        "upcoming": base.where(published, Event.end_at >= now).order_by(Event.start_at, Event.id),
        "past": base.where(published, Event.end_at < now)
        .order_by(Event.start_at.desc(), Event.id.desc())
        .limit(SHOWN),
        "cancelled": base.where(Event.status == "cancelled")
        .order_by(Event.start_at.desc(), Event.id.desc())
        .limit(SHOWN),
    }
    return {name: list(db.session.scalars(query)) for name, query in queries.items()}


def changes(event: Event) -> list[EventChange]:
    """An event's history, newest first, with the people who made it."""
    return list(
        db.session.scalars(
            select(EventChange)
            .where(EventChange.event_id == event.id)
            .options(selectinload(EventChange.user))
            .order_by(EventChange.at.desc(), EventChange.id.desc())
        )
    )
