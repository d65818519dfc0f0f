"""The check-in service: a mark, a second mark that keeps the first, undo, and refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from eventapp.errors import Conflict, NotFound
from eventapp.extensions import clock, db
from eventapp.registrants.checkin import check_in
from eventapp.registrations.models import Registration, RegistrationChange

AT_THE_DOOR = datetime(2027, 3, 26, 12, 40, tzinfo=UTC)  # the event starts at 13:00 UTC


def door_lines(reg: Registration) -> list[tuple[str, int | None]]:
    """The registration's check-in history: (what, by whom), oldest first."""
    db.session.expire_all()
    rows = db.session.scalars(
        select(RegistrationChange)
        .where(RegistrationChange.registration_id == reg.id)
        .where(RegistrationChange.what.in_(("attended", "not-attended")))
        .order_by(RegistrationChange.id)
    )
    return [(row.what, row.by_id) for row in rows]


def mark(door, who: str, by, *, attended: bool = True, minutes: int = 0) -> Registration:
    now = AT_THE_DOOR + timedelta(minutes=minutes)
    reg = check_in(door.people[who].id, event_id=door.event.id, attended=attended, by=by, now=now)
    db.session.commit()
    return reg


def test_a_mark_records_when_and_who(world, door):
    ana = world.users["organiser"]
    reg = mark(door, "zoe", ana)
    assert reg.attended_at == AT_THE_DOOR
    assert reg.attended_by == ana
    assert door_lines(reg) == [("attended", ana.id)]
    at = db.session.scalars(select(RegistrationChange.at).where(
        RegistrationChange.registration_id == reg.id, RegistrationChange.what == "attended"
    )).one()  # fmt: skip
    assert at == AT_THE_DOOR


def test_a_second_mark_keeps_the_first(world, door):
    ana, root = world.users["organiser"], world.users["admin"]
    mark(door, "zoe", ana)
    reg = mark(door, "zoe", root, minutes=5)
    assert reg.attended_at == AT_THE_DOOR  # the first mark's time, not five minutes later
    assert reg.attended_by == ana
    assert door_lines(reg) == [("attended", ana.id)]


def test_undo_clears_the_mark_once(world, door):
    ana, root = world.users["organiser"], world.users["admin"]
    mark(door, "zoe", ana)
    reg = mark(door, "zoe", root, attended=False, minutes=1)
    assert (reg.attended_at, reg.attended_by) == (None, None)
    mark(door, "zoe", root, attended=False, minutes=2)  # harmless, and not written twice
    reg = mark(door, "zoe", ana, minutes=3)
    assert reg.attended_at == AT_THE_DOOR + timedelta(minutes=3)
    assert door_lines(reg) == [
        ("attended", ana.id), ("not-attended", root.id), ("attended", ana.id)
    ]  # fmt: skip


def test_undoing_someone_never_marked_changes_nothing(world, door):
    reg = mark(door, "zoe", world.users["organiser"], attended=False)
    assert reg.attended_at is None
    assert door_lines(reg) == []


@pytest.mark.parametrize(
    ("who", "why"),
    [
        ("walter", "Walter Wait is on the waiting list: only confirmed registrations can be"),
        ("pat", "Pat Pending has not confirmed their registration yet: only confirmed"),
        ("cary", "Cary Gone cancelled their registration: only confirmed registrations"),
    ],
)
@pytest.mark.parametrize("attended", [True, False])
def test_only_confirmed_registrations_are_checked_in(world, door, who, why, attended):
    with pytest.raises(Conflict) as refused:
        mark(door, who, world.users["organiser"], attended=attended)
    db.session.rollback()
    assert str(refused.value.message).startswith(why)
    reg = db.session.get(Registration, door.people[who].id)
    assert reg.attended_at is None
    assert door_lines(reg) == []


def test_a_registration_of_another_event_is_not_found(world, door, hosted):
    elsewhere = hosted(title_en="Another event")
    with pytest.raises(NotFound):
        check_in(door.people["zoe"].id, event_id=elsewhere.id, attended=True,
                 by=world.users["organiser"], now=clock.now())  # fmt: skip
    with pytest.raises(NotFound):
        check_in(10**9, event_id=door.event.id, attended=True,
                 by=world.users["organiser"], now=clock.now())  # fmt: skip
    db.session.rollback()
    assert db.session.get(Registration, door.people["zoe"].id).attended_at is None
