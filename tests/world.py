"""The workspace's world: two organisations at two sites, their organisers, an admin and others.

Fixtures for the tests of organisers' pages (tests/workspace, tests/registrants): their conftest
files import them from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from support import session_secret

from eventapp.accounts.models import User
from eventapp.events.models import Event, EventSession
from eventapp.extensions import db
from eventapp.reference.models import Organisation, Person, Series, Topic, Venue


@dataclass
class World:
    hec: Organisation
    oxford: Organisation
    room: Venue
    hall: Venue
    speaker: Person
    topic: Topic
    series: Series
    users: dict[str, User]


def _user(email: str, role: str, *organisations: Organisation) -> User:
    return User(
        email=email, name=email.split("@")[0].title(), role=role, language="en",
        confirmed_at=datetime(2026, 1, 1, tzinfo=UTC), session_key="key",
        organisations=list(organisations),
    )  # fmt: skip


@pytest.fixture
def world(app, sites) -> World:
    paris, oxford = sites["paris-saclay"], sites["oxford"]
    hec = Organisation(slug="hec-paris", name_en="HEC Paris", name_fr="HEC Paris", site=paris)
    uni = Organisation(slug="oxford-uni", name_en="University of Oxford", site=oxford)
    made = World(
        hec=hec, oxford=uni,
        room=Venue(name_en="Room A", name_fr="Salle A", address="1 rue X", site=paris),
        hall=Venue(name_en="Great Hall", address="Oxford", site=oxford),
        speaker=Person(name="Ada Lovelace", affiliation="Analytical Engines"),
        topic=Topic(slug="ethics", name_en="Ethics", name_fr="Éthique"),
        series=Series(slug="ai-seminar", title_en="AI seminar", title_fr="Séminaire IA"),
        users={
            "organiser": _user("ana@example.org", "organiser", hec),
            "other": _user("bob@example.org", "organiser", uni),
            "admin": _user("root@example.org", "admin"),
            "attendee": _user("att@example.org", "attendee"),
            "lapsed": _user("lapsed@example.org", "organiser"),
        },
    )  # fmt: skip
    db.session.add_all([made.room, made.hall, made.speaker, made.topic, made.series])
    db.session.add_all(made.users.values())
    db.session.commit()
    return made


@pytest.fixture
def login(client, world):
    """Log the client in as one of the world's users (by role name), or out with None."""

    def as_(who: str | None) -> None:
        secret = session_secret(world.users[who]) if who is not None else None
        with client.session_transaction() as session:
            session.clear()
            if secret is not None:
                session["_user_id"] = secret
                session["_fresh"] = True

    return as_


@pytest.fixture
def csrf(client):
    """The CSRF token of the page at `page` (any page of a logged-in user has one)."""

    def token(page: str = "/en/workspace/") -> str:
        html = client.get(page).get_data(as_text=True)
        found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
        assert found, f"no CSRF token on {page}"
        return found.group(1)

    return token


@pytest.fixture
def submit(client, csrf):
    """POST `data` to `url` with the CSRF token of the page at `page` (default `url`)."""

    def post(url: str, data: dict, page: str | None = None, **kwargs):
        return client.post(url, data={**data, "csrf_token": csrf(page or url)}, **kwargs)

    return post


@pytest.fixture
def hosted(world):
    """A committed event hosted by HEC Paris in Room A (wall times in Paris)."""

    def make(
        *, status: str = "published", start: datetime | None = None, hours: int = 2, **fields
    ) -> Event:
        start = start or datetime(2027, 3, 26, 14, 0)
        start_at = start.replace(tzinfo=world.room.site.zone).astimezone(UTC)
        hosts = fields.pop("organisations", [world.hec])
        values = {"title_en": "Hosted seminar", "title_fr": "Séminaire accueilli", **fields}
        event = Event(
            kind="seminar", status=status, language="both", site=world.room.site,
            venue=world.room, start_at=start_at, end_at=start_at + timedelta(hours=hours),
            organisations=hosts, **values,
        )  # fmt: skip
        db.session.add(event)
        db.session.commit()
        return event

    return make


@pytest.fixture
def fresh(app):
    """A row as the database has it now (the requests ran in their own sessions)."""

    def get(model, ident):
        db.session.commit()  # ends the read transaction, so the next read sees the requests
        return db.session.get(model, ident)

    return get


@pytest.fixture
def sessions_of(app):
    """An event's sessions as the database has them now, in time order."""

    def get(event_id: int) -> list[EventSession]:
        db.session.commit()  # ends the read transaction, so the next read sees the requests
        query = select(EventSession).where(EventSession.event_id == event_id)
        return list(db.session.scalars(query.order_by(EventSession.start_at)))

    return get
