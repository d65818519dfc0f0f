"""A small world for the writing API tests: organisations, venues, people, users and tokens."""

from __future__ import annotations

from datetime import UTC, datetime

from eventapp.accounts import services as accounts
from eventapp.extensions import db
from eventapp.reference.models import Organisation, Person, Series, Topic, Venue

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "long-enough-pw"


def make_world(sites: dict) -> dict:
    """Two organisations at two sites, their organisers, an attendee, an admin, and tokens."""
    paris, oxford = sites["paris-saclay"], sites["oxford"]
    hec = Organisation(slug="hec-paris", name_en="HEC Paris", site=paris)
    inria = Organisation(slug="inria", name_en="Inria", site=paris)
    oxf = Organisation(slug="oxford-uni", name_en="University of Oxford", site=oxford)
    room = Venue(name_en="Room A", name_fr="Salle A", address="1 rue X", site=paris)
    room_b = Venue(name_en="Room B", address="2 rue X", site=paris)
    hall = Venue(name_en="Hall", address="Oxford", site=oxford)
    ada = Person(name="Ada Lovelace", affiliation="Analytical Engines")
    alan = Person(name="Alan Turing", affiliation=None)
    series = Series(slug="ai-ethics", title_en="AI ethics")
    topic = Topic(slug="fairness", name_en="Fairness", name_fr="Équité")
    db.session.add_all([hec, inria, oxf, room, room_b, hall, ada, alan, series, topic])
    users = {}
    for name in ("organiser", "other", "attendee", "admin"):
        users[name] = accounts.create_user(f"{name}@example.org", PASSWORD, now=NOW)
    accounts.grant_organiser(users["organiser"], hec)
    accounts.grant_organiser(users["other"], oxf)
    accounts.set_admin(users["admin"], True)
    tokens = {name: accounts.create_token(user, now=NOW) for name, user in users.items()}
    db.session.commit()
    return {
        **users, "room": room, "room_b": room_b, "hall": hall, "ada": ada, "alan": alan,
        "headers": {name: {"Authorization": f"Bearer {t}"} for name, t in tokens.items()},
    }  # fmt: skip


def field_names(shape, *, computed: bool) -> tuple[str, ...]:
    """The fields of a writing shape that the API takes (or, `computed`, ignores)."""
    return tuple(
        name
        for name, info in shape.model_fields.items()
        if (info.description == "Computed: ignored.") == computed
    )


def seminar_body(world: dict, **changes) -> dict:
    """A valid event body for the organiser's organisation, with `changes` over it."""
    body = {
        "kind": "seminar", "site": "paris-saclay", "language": "fr",
        "title": {"fr": "Séminaire", "en": "Seminar"},
        "start": "2027-03-26T14:00", "end": "2027-03-26T16:00",
        "venue": world["room"].id, "organisations": ["hec-paris"],
    }  # fmt: skip
    return {**body, **changes}
