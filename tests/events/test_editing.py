"""The event and timetable editing services: checks, clock changes, permissions, history."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from eventapp.accounts import services as accounts
from eventapp.events.checks import InvalidInput
from eventapp.events.editing import EventInput, NotAllowed, save_event
from eventapp.events.errors import InvalidChange
from eventapp.events.history import EventChange
from eventapp.events.models import Event
from eventapp.events.services import move_event
from eventapp.events.sessions import SessionInput, save_session
from eventapp.extensions import db
from eventapp.reference.models import Organisation, Venue

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture
def world(app, sites):
    hec = Organisation(slug="hec-paris", name_en="HEC Paris", site=sites["paris-saclay"])
    oxf = Organisation(slug="oxford-uni", name_en="University of Oxford", site=sites["oxford"])
    room = Venue(name_en="Room A", address="1 rue X", site=sites["paris-saclay"])
    hall = Venue(name_en="Hall", address="Oxford", site=sites["oxford"])
    db.session.add_all([hec, oxf, room, hall])
    organiser = accounts.create_user("org@example.org", "long-enough-pw", now=NOW)
    other = accounts.create_user("other@example.org", "long-enough-pw", now=NOW)
    accounts.grant_organiser(organiser, hec)
    accounts.grant_organiser(other, oxf)
    db.session.commit()
    return {"organiser": organiser, "other": other, "room": room, "hall": hall}


def seminar(world, **changes) -> EventInput:
    values = {
        "kind": "seminar", "site": "paris-saclay", "language": "fr", "title_fr": "Séminaire",
        "start": datetime(2027, 3, 26, 14, 0), "end": datetime(2027, 3, 26, 16, 0),
        "venue_id": world["room"].id, "organisations": ["hec-paris"],
    }  # fmt: skip
    return EventInput(**{**values, **changes})


def events() -> int:
    return db.session.scalar(select(func.count(Event.id)))


def test_an_organiser_creates_a_draft_for_their_organisation(world, settings):
    outcome = save_event(None, seminar(world), actor=world["organiser"], settings=settings, now=NOW)
    db.session.commit()
    event = outcome.event
    assert event.status == "draft" and event.sequence == 0
    assert event.start_at == datetime(2027, 3, 26, 13, 0, tzinfo=UTC)  # 14:00 Paris, winter
    assert [c.action for c in db.session.scalars(select(EventChange))] == ["created"]


def test_an_organiser_cannot_host_for_another_organisation(world, settings):
    with pytest.raises(NotAllowed):
        save_event(None, seminar(world), actor=world["other"], settings=settings, now=NOW)
    assert events() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title_fr": "  ", "title_en": None}, "title"),
        ({"end": datetime(2027, 3, 26, 13, 0)}, "end"),
        ({"capacity": -1}, "capacity"),
        ({"venue_id": None, "online_url": None}, "venue"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"site": "oxford"}, "venue"),
        ({"organisations": ["nope"]}, "organisations"),
        ({"registration_closes": datetime(2027, 3, 27, 9, 0)}, "registration_closes"),
        ({"registration_opens": datetime(2027, 3, 20, 9, 0),
          "registration_closes": datetime(2027, 3, 19, 9, 0)}, "registration_closes"),
        # 02:30 does not exist in Paris on 28 March 2027: the clocks go from 02:00 to 03:00.
        ({"start": datetime(2027, 3, 28, 2, 30), "end": datetime(2027, 3, 28, 4, 0)}, "start"),
    ],
)  # fmt: skip
def test_refusals_name_their_field_and_save_nothing(world, changes, field, settings):
    with pytest.raises(InvalidInput) as refused:
        save_event(
            None, seminar(world, **changes), actor=world["organiser"], settings=settings, now=NOW
        )
    assert field in refused.value.fields
    db.session.rollback()
    assert events() == 0


def test_a_time_that_occurs_twice_is_taken_at_its_first_occurrence_and_said(world, settings):
    outcome = save_event(
        None,
        seminar(world, site="oxford", venue_id=world["hall"].id, organisations=["hec-paris"],
                start=datetime(2027, 10, 31, 1, 30), end=datetime(2027, 10, 31, 3, 0)),
        actor=world["organiser"], settings=settings, now=NOW,
    )  # fmt: skip
    assert outcome.event.start_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 01:30 BST
    assert any("occurs twice" in str(w) for w in outcome.warnings)


def test_all_day_events_run_from_local_midnight_to_the_next_one(world, settings):
    outcome = save_event(
        None,
        seminar(world, kind="workshop", all_day=True, start=date(2027, 3, 27),
                end=date(2027, 3, 29)),
        actor=world["organiser"], settings=settings, now=NOW,
    )  # fmt: skip
    event = outcome.event
    assert event.start_at == datetime(2027, 3, 26, 23, 0, tzinfo=UTC)
    assert event.end_at == datetime(2027, 3, 29, 22, 0, tzinfo=UTC)  # summer time by then
    assert event.last_day == date(2027, 3, 29)


def test_a_significant_change_raises_the_sequence_and_is_recorded(world, settings):
    event = save_event(
        None, seminar(world), actor=world["organiser"], settings=settings, now=NOW
    ).event
    later = datetime(2026, 11, 29, tzinfo=UTC)
    save_event(
        event,
        seminar(world, title_fr="Nouveau titre"),
        actor=world["organiser"],
        settings=settings,
        now=later,
    )
    assert event.sequence == 0 and event.updated_at == later
    moved = seminar(world, start=datetime(2027, 3, 26, 15, 0), end=datetime(2027, 3, 26, 17, 0))
    save_event(event, moved, actor=world["organiser"], settings=settings, now=later)
    db.session.commit()
    assert event.sequence == 1
    changes = db.session.scalars(select(EventChange).order_by(EventChange.id)).all()
    assert [c.action for c in changes] == ["created", "updated", "updated"]
    assert changes[1].changes == {"title_fr": ["Séminaire", "Nouveau titre"]}
    assert "start_at" in changes[2].changes and changes[2].user_id == world["organiser"].id


def test_moving_to_another_zone_keeps_the_wall_time_and_says_the_instant_moved(world, settings):
    event = save_event(
        None, seminar(world), actor=world["organiser"], settings=settings, now=NOW
    ).event
    outcome = save_event(
        event, seminar(world, site="oxford", venue_id=world["hall"].id),
        actor=world["organiser"], settings=settings, now=NOW,
    )  # fmt: skip
    assert event.start_at == datetime(2027, 3, 26, 14, 0, tzinfo=UTC)  # 14:00 London
    assert any("time zone differs" in str(w) for w in outcome.warnings)


def test_sessions_stay_inside_their_event_and_room_clashes_warn(world, settings):
    event = save_event(
        None, seminar(world), actor=world["organiser"], settings=settings, now=NOW
    ).event
    talk = SessionInput(title_en="Talk", start=datetime(2027, 3, 26, 14, 0),
                        end=datetime(2027, 3, 26, 15, 0), room="A")  # fmt: skip
    assert save_session(event, None, talk, actor=world["organiser"], now=NOW).warnings == []
    clash = save_session(event, None, talk, actor=world["organiser"], now=NOW)
    assert clash.warnings
    outside = SessionInput(title_en="Late", start=datetime(2027, 3, 26, 15, 30),
                           end=datetime(2027, 3, 26, 17, 0))  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        save_session(event, None, outside, actor=world["organiser"], now=NOW)
    assert "start" in refused.value.fields
    with pytest.raises(NotAllowed):
        save_session(event, None, talk, actor=world["other"], now=NOW)


def test_life_cycle_services_check_the_actor_and_keep_history(world, settings):
    from datetime import timedelta

    from eventapp.events import services

    event = save_event(
        None, seminar(world), actor=world["organiser"], settings=settings, now=NOW
    ).event
    save_session(
        event, None,
        SessionInput(title_en="Talk", start=datetime(2027, 3, 26, 14, 0),
                     end=datetime(2027, 3, 26, 15, 0)),
        actor=world["organiser"], now=NOW,
    )  # fmt: skip
    with pytest.raises(NotAllowed):
        services.publish_event(event, now=NOW, settings=settings, actor=world["other"])
    services.publish_event(event, now=NOW, settings=settings, actor=world["organiser"])
    services.unpublish_event(event, now=NOW, actor=world["organiser"])
    copy = services.duplicate_event(
        event, start_at=event.start_at + timedelta(days=7), now=NOW, actor=world["organiser"]
    )
    db.session.commit()
    assert copy.status == "draft" and copy.id != event.id
    assert copy.sessions[0].start_at == event.sessions[0].start_at + timedelta(days=7)
    assert copy.organisations == event.organisations
    actions = [
        c.action
        for c in db.session.scalars(
            select(EventChange).where(EventChange.event_id == event.id).order_by(EventChange.id)
        )
    ]
    assert actions == ["created", "session", "published", "unpublished"]
    assert event.sequence == 2


def test_saving_what_is_already_there_changes_nothing(world, settings):
    event = save_event(
        None, seminar(world), actor=world["organiser"], settings=settings, now=NOW
    ).event
    db.session.commit()
    later = datetime(2026, 12, 1, tzinfo=UTC)
    save_event(event, seminar(world), actor=world["organiser"], settings=settings, now=later)
    db.session.commit()
    assert event.updated_at == NOW and event.sequence == 0
    assert [c.action for c in db.session.scalars(select(EventChange))] == ["created"]
    save_event(event, seminar(world, organisations=["hec-paris", "oxford-uni"]),
               actor=world["organiser"], settings=settings, now=later)  # fmt: skip
    db.session.commit()
    assert event.updated_at == later


def test_one_time_rule_an_end_at_the_start_is_refused_however_the_times_come(world, settings):
    event = save_event(
        None, seminar(world), actor=world["organiser"], settings=settings, now=NOW
    ).event
    db.session.commit()
    same = datetime(2027, 3, 26, 14, 0)
    with pytest.raises(InvalidInput) as saved:
        save_event(
            event, seminar(world, end=same), actor=world["organiser"], settings=settings, now=NOW
        )
    db.session.rollback()
    # Moving used to refuse only an end before the start, so an event could last no time at all.
    with pytest.raises(InvalidChange) as moved:
        move_event(
            event, start_at=event.start_at, end_at=event.start_at, settings=settings, now=NOW
        )
    db.session.rollback()
    message = "The end must come after the start."
    assert str(saved.value.fields["end"]) == str(moved.value.fields["end"]) == message
    assert str(moved.value.message) == message
    with force_locale("fr"):
        assert str(moved.value.message) == "La fin doit suivre le début."
