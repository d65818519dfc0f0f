"""An event's timetable through the API: sessions added, read, changed and removed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from writing_support import field_names, make_world, seminar_body

from eventapp.api.shapes.writing import SessionWrite
from eventapp.events.history import EventChange
from eventapp.extensions import clock, db

BASE = "https://events.example.org"
SESSION_WRITABLE = field_names(SessionWrite, computed=False)
SESSION_IGNORED = field_names(SessionWrite, computed=True)


@pytest.fixture
def world(app, sites):
    return make_world(sites)


def new_event(client, world, **changes) -> dict:
    body = seminar_body(world, start="2027-03-26T09:00", end="2027-03-26T18:00") | changes
    response = client.post("/api/v1/events", json=body, headers=world["headers"]["organiser"])
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def talk(**changes) -> dict:
    body = {"title": {"en": "Opening talk", "fr": None}, "start": "2027-03-26T09:30",
            "end": "2027-03-26T10:15", "room": "Amphi 1"}  # fmt: skip
    return {**body, **changes}


def add(client, world, event_id: int, body: dict, who: str = "organiser", status: int = 201):
    response = client.post(
        f"/api/v1/events/{event_id}/sessions", json=body, headers=world["headers"][who]
    )
    assert response.status_code == status, response.get_data(as_text=True)
    return response


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "fields"}
    return body["error"]


def test_a_session_is_added_with_location_and_shown_in_its_event(client, world):
    event = new_event(client, world)
    response = add(client, world, event["id"], talk(speakers=[world["ada"].id]))
    body = response.get_json()
    assert response.headers["Location"] == f"{BASE}/api/v1/sessions/{body['id']}"
    assert body["event"] == event["id"] and body["warnings"] == []
    assert (body["start"], body["end"]) == (
        "2027-03-26T09:30:00+01:00",
        "2027-03-26T10:15:00+01:00",
    )
    assert body["title"] == {"fr": None, "en": "Opening talk"} and body["room"] == "Amphi 1"
    assert [s["name"] for s in body["speakers"]] == ["Ada Lovelace"]
    read = client.get(f"/api/v1/events/{event['id']}", headers=world["headers"]["organiser"])
    assert read.get_json()["sessions"] == [
        {k: v for k, v in body.items() if k not in ("event", "warnings")}
    ]
    alone = client.get(response.headers["Location"], headers=world["headers"]["organiser"])
    assert alone.get_json() == {k: v for k, v in body.items() if k != "warnings"}


def test_a_patch_changes_only_the_fields_given_and_round_trips(client, world):
    event = new_event(client, world)
    created = add(client, world, event["id"], talk(speakers=[world["ada"].id], capacity=30))
    url = created.headers["Location"]
    headers = world["headers"]["organiser"]
    changed = client.patch(url, json={"room": "Amphi 2", "title": {"fr": "Ouverture"}},
                           headers=headers).get_json()  # fmt: skip
    assert changed["room"] == "Amphi 2"
    assert changed["title"] == {"fr": "Ouverture", "en": "Opening talk"}
    assert (changed["start"], changed["capacity"]) == (created.get_json()["start"], 30)
    assert changed["speakers"] == created.get_json()["speakers"]
    again = client.patch(url, json=client.get(url, headers=headers).get_json(), headers=headers)
    assert again.status_code == 200
    assert {k: v for k, v in again.get_json().items() if k != "warnings"} == client.get(
        url, headers=headers
    ).get_json()
    assert set(again.get_json()) <= set(SESSION_WRITABLE + SESSION_IGNORED)


def test_sessions_stay_within_their_event(client, world):
    event = new_event(client, world)
    for times in (
        {"start": "2027-03-26T08:00", "end": "2027-03-26T10:00"},
        {"start": "2027-03-26T17:00", "end": "2027-03-26T19:00"},
        {"start": "2027-03-26T17:00:00Z", "end": "2027-03-26T18:00:00Z"},  # 18:00-19:00 Paris
    ):
        error = error_of(add(client, world, event["id"], talk(**times), status=400), 400)
        assert "start" in error["fields"]
    inside = add(client, world, event["id"], talk()).headers["Location"]
    response = client.patch(inside, json={"end": "2027-03-26T19:00"},
                            headers=world["headers"]["organiser"])  # fmt: skip
    assert "start" in error_of(response, 400)["fields"]


def test_clock_changes_in_a_session(client, world):
    event = new_event(
        client, world, kind="workshop", all_day=True, start="2027-03-28", end="2027-03-29"
    )
    skipped = add(client, world, event["id"],
                  talk(start="2027-03-28T02:30", end="2027-03-28T04:00"), status=400)  # fmt: skip
    assert set(error_of(skipped, 400)["fields"]) == {"start"}
    after = add(client, world, event["id"], talk(start="2027-03-28T03:00", end="2027-03-28T04:00"))
    assert after.get_json()["start"] == "2027-03-28T03:00:00+02:00"
    london = new_event(
        client, world, site="oxford", venue=world["hall"].id,
        start="2027-10-31T00:00", end="2027-10-31T05:00",
    )  # fmt: skip
    first = add(client, world, london["id"], talk(start="2027-10-31T01:30", end="2027-10-31T02:00"))
    assert first.get_json()["start"] == "2027-10-31T01:30:00+01:00"


def test_a_room_in_use_is_a_warning_not_a_refusal(client, world):
    event = new_event(client, world)
    add(client, world, event["id"], talk())
    second = add(client, world, event["id"], talk(title={"en": "Parallel"}))
    assert any("Amphi 1" in w for w in second.get_json()["warnings"])


def test_removing_a_session(client, world):
    event = new_event(client, world, status="published")
    url = add(client, world, event["id"], talk()).headers["Location"]
    response = client.delete(url, headers=world["headers"]["organiser"])
    assert response.status_code == 204 and response.get_data() == b""
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/events/{event['id']}").get_json()["sessions"] == []
    assert client.delete(url, headers=world["headers"]["organiser"]).status_code == 404


def test_the_feed_follows_a_moved_session(client, world):
    event = new_event(client, world, status="published")
    created = add(client, world, event["id"], talk()).get_json()
    feed = f"/feeds/en/events/{event['id']}.ics"

    def session_sequence() -> int:
        text = client.get(feed).get_data(as_text=True).replace("\r\n ", "")
        block = text.split(f"UID:session-{created['id']}@")[1].split("END:VEVENT")[0]
        return int(re.search(r"SEQUENCE:(\d+)", block)[1])

    before = session_sequence()
    client.patch(f"/api/v1/sessions/{created['id']}", json={"start": "2027-03-26T10:00",
                 "end": "2027-03-26T11:00"}, headers=world["headers"]["organiser"])  # fmt: skip
    assert session_sequence() == before + 1


def test_who_may_touch_a_timetable(client, world):
    draft = new_event(client, world)
    url = add(client, world, draft["id"], talk()).headers["Location"]
    sessions = f"/api/v1/events/{draft['id']}/sessions"
    for headers in ({}, {"Authorization": "Bearer nope"}):
        error_of(client.post(sessions, json=talk(), headers=headers), 401)
        error_of(client.patch(url, json={"room": "X"}, headers=headers), 401)
        error_of(client.delete(url, headers=headers), 401)
    # The event is a draft: for those who may not edit it, neither it nor its sessions exist.
    assert client.get(url).status_code == 404
    assert client.get(url, headers=world["headers"]["other"]).status_code == 404
    error_of(client.post(sessions, json=talk(), headers=world["headers"]["other"]), 404)
    error_of(client.patch(url, json={"room": "X"}, headers=world["headers"]["attendee"]), 404)
    client.patch(f"/api/v1/events/{draft['id']}", json={"status": "published"},
                 headers=world["headers"]["organiser"])  # fmt: skip
    assert client.get(url).status_code == 200
    error_of(client.post(sessions, json=talk(), headers=world["headers"]["other"]), 403)
    error_of(client.patch(url, json={"room": "X"}, headers=world["headers"]["attendee"]), 403)
    error_of(client.delete(url, headers=world["headers"]["other"]), 403)
    assert (
        client.patch(url, json={"room": "X"}, headers=world["headers"]["admin"]).status_code == 200
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ["Talk"]}, "title"),
        ({"title": {"fr": None, "en": None}}, "title"),
        ({"title": {"en": 3}}, "title.en"),
        ({"start": "soon"}, "start"),
        ({"start": None}, "start"),
        ({"end": "2027-03-26T09:00"}, "end"),
        ({"room": ["A"]}, "room"),
        ({"room": "R" * 201}, "room"),
        ({"room": "A\x00"}, "room"),
        ({"speakers": ["Ada"]}, "speakers"),
        ({"speakers": [999_999]}, "speakers"),
        ({"capacity": "10"}, "capacity"),
        ({"capacity": -3}, "capacity"),
        ({"sequence": 4}, "sequence"),
    ],
)
def test_a_wrong_value_is_a_400_naming_its_field(client, world, changes, field):
    event = new_event(client, world)
    error = error_of(add(client, world, event["id"], talk(**changes), status=400), 400)
    assert field in error["fields"], error


def test_a_body_that_is_not_a_json_object_is_a_400(client, world):
    event = new_event(client, world)
    headers = {**world["headers"]["organiser"], "Content-Type": "application/json"}
    error_of(
        client.post(f"/api/v1/events/{event['id']}/sessions", data="[1]", headers=headers), 400
    )


def test_a_cancelled_events_timetable_is_refused_with_a_409(client, world):
    event = new_event(client, world, status="published")
    url = add(client, world, event["id"], talk()).headers["Location"]
    headers = world["headers"]["organiser"]
    cancel = {"status": "cancelled", "cancel_reason": {"en": "Speaker ill", "fr": None}}
    cancelled = client.patch(f"/api/v1/events/{event['id']}", json=cancel, headers=headers)
    assert cancelled.status_code == 200, cancelled.get_data(as_text=True)
    feed = f"/feeds/en/events/{event['id']}.ics"
    before = client.get(feed).get_data()
    message = "A cancelled event's timetable cannot be changed."
    added = client.post(f"/api/v1/events/{event['id']}/sessions", json=talk(), headers=headers)
    assert error_of(added, 409)["message"] == message
    moved = client.patch(url, json={"room": "Amphi 9"}, headers=headers)
    assert error_of(moved, 409)["message"] == message
    assert error_of(client.delete(url, headers=headers), 409)["message"] == message
    assert client.get(feed).get_data() == before
    assert b"Amphi 9" not in before and before.count(b"BEGIN:VEVENT") == 2


def _feed_state(client, event_id: int) -> tuple:
    """What a calendar sees of the event: the feeds' bytes and ETags, and the history lines."""
    seen = []
    for url in (f"/feeds/en/events/{event_id}.ics", "/feeds/en/events.ics"):
        response = client.get(url)
        seen += [response.get_data(), response.headers["ETag"]]
    history = db.session.scalar(
        select(func.count(EventChange.id)).where(EventChange.event_id == event_id)
    )
    return (*seen, history)


def test_saving_a_session_unchanged_changes_nothing(client, world):
    event = new_event(client, world, status="published")
    url = add(client, world, event["id"], talk(speakers=[world["ada"].id])).headers["Location"]
    headers = world["headers"]["organiser"]
    before = _feed_state(client, event["id"])
    assert b"LAST-MODIFIED" in before[0]
    for body in ({}, client.get(url, headers=headers).get_json()):
        clock.advance(timedelta(minutes=7))
        assert client.patch(url, json=body, headers=headers).status_code == 200
        assert _feed_state(client, event["id"]) == before
    clock.advance(timedelta(minutes=7))
    client.patch(url, json={"room": "Amphi 2"}, headers=headers)
    after = _feed_state(client, event["id"])
    assert after[1] != before[1] and after[-1] == before[-1] + 1 and b"Amphi 2" in after[0]


def test_a_change_no_calendar_shows_leaves_the_feeds_alone(client, world):
    event = new_event(client, world, status="published", capacity=30)
    add(client, world, event["id"], talk())
    headers = world["headers"]["organiser"]
    before = _feed_state(client, event["id"])
    clock.advance(timedelta(minutes=7))
    unseen = {"registration_opens": "2027-03-01T09:00", "capacity": 40}
    changed = client.patch(f"/api/v1/events/{event['id']}", json=unseen, headers=headers)
    assert changed.status_code == 200, changed.get_data(as_text=True)
    after = _feed_state(client, event["id"])
    assert after[:-1] == before[:-1]  # same bytes (LAST-MODIFIED included) and ETags
    assert after[-1] == before[-1] + 1  # the organisers' history still has it
