"""The timetable editor: sessions in time order, add, change, remove, clashes warned, refusals."""

from __future__ import annotations

import re
from html import unescape

import pytest

from eventapp.events.models import EventSession
from eventapp.events.services import cancel_event
from eventapp.extensions import clock, db


@pytest.fixture
def event(hosted):
    return hosted(hours=4)  # 14:00–18:00 Paris time on 26 March 2027


def timetable(event) -> str:
    return f"/en/workspace/events/{event.id}/timetable"


def talk(**changes) -> dict:
    values = {"title_en": "Opening", "title_fr": "Ouverture", "start": "2027-03-26T14:00",
              "end": "2027-03-26T15:00", "room": "A", "capacity": ""}  # fmt: skip
    return {**values, **changes}


def test_sessions_are_added_and_listed_in_time_order(
    client, login, submit, event, sessions_of, world
):
    login("organiser")
    html = client.get(timetable(event)).get_data(as_text=True)
    assert 'value="2027-03-26T14:00"' in html  # a new session starts with the event
    late = talk(title_en="Late talk", start="2027-03-26T16:00", end="2027-03-26T17:00")
    submit(timetable(event), {**late, "speakers": [str(world.speaker.id)]})
    response = submit(timetable(event), talk())
    assert response.status_code == 302
    sessions = sessions_of(event.id)
    assert [s.title_en for s in sessions] == ["Opening", "Late talk"]
    assert [p.name for p in sessions[1].speakers] == ["Ada Lovelace"]
    page = client.get(timetable(event)).get_data(as_text=True)
    assert page.index("Opening") < page.index("Late talk")
    assert "The session is saved." in page


def test_a_room_clash_is_a_warning_not_a_refusal(client, login, submit, event, sessions_of):
    login("organiser")
    submit(timetable(event), talk())
    response = submit(timetable(event), talk(title_en="Parallel"))
    assert response.status_code == 302
    assert len(sessions_of(event.id)) == 2
    page = client.get(timetable(event)).get_data(as_text=True)
    assert "Room A is also used by Opening at that time." in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start": "2027-03-26T13:00"}, "start", "within its event"),
        ({"end": "2027-03-26T13:30"}, "end", "The end must come after the start."),
        ({"title_en": "", "title_fr": ""}, "title_fr", "Give a title"),
        ({"capacity": "-3"}, "capacity", "cannot be negative"),
    ],
)
def test_refused_sessions_keep_what_was_typed(
    client, login, submit, event, sessions_of, changes, field, message
):
    login("organiser")
    response = submit(timetable(event), talk(**changes))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(rf'id="{field}-error">[^<]*{message}', html)
    assert f'value="{talk(**changes)["start"]}"' in html
    assert sessions_of(event.id) == []


def test_a_session_is_changed_and_removed(client, login, submit, event, sessions_of, fresh):
    login("organiser")
    submit(timetable(event), talk())
    session = sessions_of(event.id)[0]
    url = f"{timetable(event)}/{session.id}"
    assert 'value="Opening"' in client.get(url).get_data(as_text=True)
    response = submit(url, talk(start="2027-03-26T15:00", end="2027-03-26T16:00", room="B"))
    assert response.status_code == 302
    changed = fresh(EventSession, session.id)
    assert changed.room == "B" and changed.sequence == 1
    response = submit(f"{url}/delete", {}, page=timetable(event))
    assert response.status_code == 302
    assert sessions_of(event.id) == []
    assert "The session is removed." in client.get(timetable(event)).get_data(as_text=True)


def test_timetable_changes_reach_the_public_page(client, login, submit, event):
    login("organiser")
    submit(timetable(event), talk(title_en="Keynote"))
    page = client.get(f"/en/events/{event.id}").get_data(as_text=True)
    assert "Keynote" in page and "14:00–15:00" in page


def test_a_cancelled_events_timetable_cannot_be_changed(
    client, login, submit, event, sessions_of, settings
):
    login("organiser")
    submit(timetable(event), talk())
    [session] = sessions_of(event.id)
    cancel_event(db.session.merge(event), now=clock.now(), settings=settings)
    db.session.commit()
    page = unescape(client.get(timetable(event)).get_data(as_text=True))
    assert "A cancelled event's timetable cannot be changed." in page
    assert "Add the session" not in page and "Remove" not in page
    for url, data in (
        (timetable(event), talk(title_en="Late addition", start="2027-03-26T16:00")),
        (f"{timetable(event)}/{session.id}", talk(room="Z")),
        (f"{timetable(event)}/{session.id}/delete", {}),
    ):
        refused = submit(url, data, page="/en/workspace/")
        assert refused.status_code == 409
        assert "A cancelled event's timetable cannot be changed." in unescape(
            refused.get_data(as_text=True)
        )
    assert [(s.title_en, s.room) for s in sessions_of(event.id)] == [("Opening", "A")]
