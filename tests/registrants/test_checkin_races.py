"""Two organisers at the door at once, forced: each request is held at a barrier between reading
the registration and writing it, in its own thread with its own app and database session.

Each mark is one conditional UPDATE, so no mark is lost, the first of two marks is kept, and a
mark and an undo at once end in one state that the history tells.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from checkin_worker import AT_THE_DOOR, check_in_once
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.registrants import checkin
from eventapp.registrations.models import Registration, RegistrationChange


def at_once(database_url, door, *jobs) -> list[str]:
    """Run each (person, user, attended) job in its own thread, all held at one barrier."""
    db.session.commit()  # the test's own session holds nothing while they run
    barrier = threading.Barrier(len(jobs))
    with ThreadPoolExecutor(len(jobs)) as pool:
        futures = [
            pool.submit(check_in_once, database_url, door.event.id, door.people[who].id,
                        user.id, attended, barrier)
            for who, user, attended in jobs
        ]  # fmt: skip
        return [future.result() for future in futures]


def state(door, who: str) -> tuple[Registration, list[tuple[str, int | None]]]:
    """The registration as stored now, and its check-in lines (what, by whom)."""
    db.session.commit()
    db.session.expire_all()
    reg = db.session.get(Registration, door.people[who].id)
    lines = db.session.execute(
        select(RegistrationChange.what, RegistrationChange.by_id)
        .where(RegistrationChange.registration_id == reg.id)
        .where(RegistrationChange.what.in_((checkin.ATTENDED, checkin.NOT_ATTENDED)))
        .order_by(RegistrationChange.id)
    )
    return reg, [tuple(line) for line in lines]


def consistent(reg: Registration, lines: list) -> bool:
    """The history alternates mark, undo, mark…, and its last line is the registration's state."""
    whats = [what for what, _by in lines]
    alternating = all(what == ("attended", "not-attended")[n % 2] for n, what in enumerate(whats))
    if reg.attended_at is None:
        return alternating and (not whats or whats[-1] == "not-attended")
    return alternating and whats[-1] == "attended" and lines[-1][1] == reg.attended_by_id


def test_two_organisers_marking_two_people_keep_both_marks(world, door, database_url):
    ana, root = world.users["organiser"], world.users["admin"]
    outcome = at_once(database_url, door, ("zoe", ana, True), ("chloe", root, True))
    assert outcome == ["ok", "ok"]
    for who, user in (("zoe", ana), ("chloe", root)):
        reg, lines = state(door, who)
        assert (reg.attended_at, reg.attended_by_id) == (AT_THE_DOOR, user.id)
        assert lines == [("attended", user.id)]


def test_two_organisers_marking_the_same_person_make_one_mark(world, door, database_url):
    ana, root = world.users["organiser"], world.users["admin"]
    outcome = at_once(database_url, door, ("zoe", ana, True), ("zoe", root, True))
    assert outcome == ["ok", "ok"]
    reg, lines = state(door, "zoe")
    assert reg.attended_by_id in (ana.id, root.id)
    assert lines == [("attended", reg.attended_by_id)]


@pytest.mark.parametrize("marked_before", [False, True], ids=["unmarked", "marked"])
def test_a_mark_and_an_undo_at_once_end_in_one_state(world, door, database_url, marked_before):
    ana, root = world.users["organiser"], world.users["admin"]
    if marked_before:
        checkin.check_in(door.people["zoe"].id, event_id=door.event.id, attended=True, by=ana,
                         now=AT_THE_DOOR)  # fmt: skip
    outcome = at_once(database_url, door, ("zoe", root, True), ("zoe", ana, False))
    assert outcome == ["ok", "ok"]
    reg, lines = state(door, "zoe")
    assert consistent(reg, lines), (reg.attended_at, lines)


def test_without_the_conditional_update_the_same_race_marks_twice(
    world, door, database_url, monkeypatch
):
    # Proof that the test above can fail: a read-then-write mark lets both organisers write.
    def read_then_write(registration_id, by, now):
        reg = db.session.get(Registration, registration_id)  # as read before the barrier
        if reg.attended_at is not None:
            return False
        reg.attended_at, reg.attended_by_id = now, by.id
        db.session.flush()
        return True

    monkeypatch.setattr(checkin, "_mark", read_then_write)
    ana, root = world.users["organiser"], world.users["admin"]
    outcome = at_once(database_url, door, ("zoe", ana, True), ("zoe", root, True))
    assert outcome == ["ok", "ok"]
    _reg, lines = state(door, "zoe")
    assert sorted(lines) == sorted([("attended", ana.id), ("attended", root.id)])
