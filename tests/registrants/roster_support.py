"""A roster for the registrants' tests: an event with a registration of every status, made
through the registrations service, and helpers to read what the list page and the CSV show."""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from eventapp.accounts import services as accounts
from eventapp.events.models import Event, EventSession
from eventapp.extensions import db
from eventapp.registrations import services
from eventapp.registrations.models import Registration

T0 = datetime(2026, 12, 2, 8, 30, tzinfo=UTC)  # the first registration (Paris: 09:30)
START = datetime(2027, 3, 26, 13, 0, tzinfo=UTC)  # the events' start (Paris: 14:00)


@dataclass
class Roster:
    event: Event
    morning: EventSession
    regs: dict[str, Registration]  # by first name


def register(event, name, email, *, minute, settings, guest=False, sessions=(), **extra):
    """Register a person through the service, `minute` minutes after T0."""
    who = services.Attendee(email, name, **extra)
    reg = services.register(
        event, who, now=T0 + timedelta(minutes=minute), settings=settings, guest=guest,
        session_ids=sessions,
    )  # fmt: skip
    db.session.commit()
    return reg


def make_event(world, *, site="paris", capacity=3, title="Roster day") -> Event:
    """A published event of HEC Paris (in Paris, or at Oxford's hall), with one morning session."""
    venue = world.room if site == "paris" else world.hall
    event = Event(
        kind="seminar", status="published", language="both", site=venue.site, venue=venue,
        start_at=START, end_at=START + timedelta(hours=3), organisations=[world.hec],
        title_en=title, title_fr="Journée d'inscrits", capacity=capacity,
    )  # fmt: skip
    event.sessions.append(
        EventSession(
            title_en="Morning talk",
            title_fr="Exposé du matin",
            start_at=START,
            end_at=START + timedelta(hours=1),
            capacity=1,
        )  # fmt: skip
    )
    db.session.add(event)
    db.session.commit()
    return event


@pytest.fixture
def roster(world, settings) -> Roster:
    """Zoé and Carl confirmed, Gus pending with a held place, Dora and Eve waiting (1 and 2),
    Fay cancelled while Gus still holds his place (30 minutes); Zoé checked in by the organiser."""
    event = make_event(world)
    morning = event.sessions[0]
    people = [
        ("Zoé", "Zoé Durand", "ZOE@example.org", {"sessions": [morning.id]}),
        ("Gus", "Gus Guest", "gus@example.org", {"guest": True}),
        ("Carl", "Carl Cole", "carl@example.org", {"sessions": [morning.id]}),
        ("Dora", "Dora Dupont", "dora@example.org", {}),
        ("Eve", "Ève Élan", "eve@example.org", {"affiliation": "-5 Lab"}),
        ("Fay", "Fay Fell", "fay@example.org", {}),
    ]
    regs = {
        key: register(event, name, email, minute=n, settings=settings, **extra)
        for n, (key, name, email, extra) in enumerate(people)
    }
    services.cancel(regs["Fay"], now=T0 + timedelta(minutes=10), settings=settings)
    zoe = regs["Zoé"]
    zoe.attended_at = START + timedelta(minutes=5)
    zoe.attended_by = world.users["organiser"]
    db.session.commit()
    return Roster(event, morning, regs)


@pytest.fixture
def tokens(world):
    """A bearer token for each of the world's users (by role name)."""
    made = {
        name: accounts.create_token(user, now=T0) for name, user in world.users.items()
    }  # fmt: skip
    db.session.commit()
    return {name: {"Authorization": f"Bearer {token}"} for name, token in made.items()}


def rows_of(page: str) -> dict[str, dict[str, str]]:
    """The list's rows as a reader sees them: by name, each cell's text by its label."""
    found = {}
    for row in re.findall(r"<tr data-registration=.*?</tr>", page, re.S):
        cells = re.findall(r'<td data-label="([^"]+)"[^>]*>(.*?)</td>', row, re.S)
        text = {html.unescape(label): _text(cell) for label, cell in cells}
        found[_text(cells[0][1]).split(" (")[0]] = text
    return found


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def parse_csv(data: bytes, lang: str) -> list[list[str]]:
    """The cells a spreadsheet would see (after the byte-order mark)."""
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if lang == "fr" else ","))
