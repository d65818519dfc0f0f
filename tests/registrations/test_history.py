"""Each registration keeps its history of status, and a folded name organisers can search."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.registrants.queries import RegistrantFilters, registrants
from eventapp.registrations import services
from eventapp.registrations.services import Attendee


def history(reg) -> list[tuple[str, object]]:
    db.session.expire_all()
    return [(change.what, change.at) for change in reg.changes]


def test_every_status_a_registration_passes_through_is_a_line_of_its_history(
    small_event, person, now, settings
):
    first, second, third = (
        services.register(small_event, person(n), now=now + timedelta(minutes=n), settings=settings)
        for n in range(3)
    )
    db.session.commit()
    services.cancel(first, now=now + timedelta(hours=1), settings=settings)
    db.session.commit()

    assert history(first) == [("confirmed", now), ("cancelled", now + timedelta(hours=1))]
    # The third waited, then took the place the first gave back, at the moment it was freed.
    assert history(third) == [
        ("waiting", now + timedelta(minutes=2)),
        ("confirmed", now + timedelta(hours=1)),
    ]
    assert history(second) == [("confirmed", now + timedelta(minutes=1))]


def test_organisers_find_a_registrant_by_any_spelling_of_the_name_or_address(
    small_event, now, settings
):
    zoe = Attendee(email="Zoe.Lefevre@Example.org", name="Zoé Lefèvre", language="fr")
    services.register(small_event, zoe, now=now, settings=settings)
    services.register(
        small_event, Attendee(email="ann@example.org", name="Ann"), now=now, settings=settings
    )
    db.session.commit()

    def found(q: str) -> list[str]:
        stmt = registrants(small_event.id, RegistrantFilters(q=q))
        return [reg.name for reg in db.session.scalars(stmt)]

    assert found("zoe lefevre") == ["Zoé Lefèvre"]
    assert found("LEFÈVRE") == ["Zoé Lefèvre"]
    assert found("zoe.lefevre@") == ["Zoé Lefèvre"]
    assert found("%") == []  # a LIKE wildcard is a character like any other
    assert sorted(found("")) == ["Ann", "Zoé Lefèvre"]

    reg = db.session.scalar(
        select(services.Registration).where(services.Registration.name == "Ann")
    )
    reg.name = "Anouk Ørsted"
    db.session.commit()
    assert found("orsted") == ["Anouk Ørsted"]
