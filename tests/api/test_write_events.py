"""Writing events through the API: create, change, delete, statuses, permissions and refusals."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import func, select
from writing_support import NOW, field_names, make_world, seminar_body

from eventapp.api.shapes.events import Event as EventShape
from eventapp.api.shapes.writing import EventWrite, SessionWrite
from eventapp.api.validation import answer
from eventapp.bounds import one_line
from eventapp.events import queries
from eventapp.events.editing import EventInput, save_event
from eventapp.events.models import STATUSES, Event
from eventapp.extensions import db

BASE = "https://events.example.org"
EVENT_WRITABLE = field_names(EventWrite, computed=False)
EVENT_IGNORED = field_names(EventWrite, computed=True)
SESSION_WRITABLE = field_names(SessionWrite, computed=False)
SESSION_IGNORED = field_names(SessionWrite, computed=True)


@pytest.fixture
def world(app, sites):
    return make_world(sites)


def events() -> int:
    db.session.rollback()  # see what the requests committed (SQLite snapshots)
    return db.session.scalar(select(func.count(Event.id))) or 0


def create(client, world, who: str = "organiser", **changes) -> dict:
    response = client.post(
        "/api/v1/events", json=seminar_body(world, **changes), headers=world["headers"][who]
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def patch(client, world, event_id: int, body: dict, who: str = "organiser", status: int = 200):
    response = client.patch(f"/api/v1/events/{event_id}", json=body, headers=world["headers"][who])
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "fields"}
    assert body["error"]["message"]
    return body["error"]


def comparable(body: dict) -> dict:
    """An event's JSON without what differs between two copies of the same event."""
    return {
        k: v for k, v in body.items() if k not in ("id", "url", "ics", "updated_at", "warnings")
    }


# --- creating ----------------------------------------------------------------------------------


def test_post_creates_a_draft_with_location_and_the_event_as_read(client, world):
    response = client.post(
        "/api/v1/events",
        json=seminar_body(world, speakers=[world["ada"].id], topics=["fairness"],
                          series="ai-ethics", capacity=30, summary={"en": "Short"},
                          registration_closes="2027-03-25T18:00"),
        headers=world["headers"]["organiser"],
    )  # fmt: skip
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert response.headers["Location"] == f"{BASE}/api/v1/events/{body['id']}"
    assert body["status"] == "draft" and body["sequence"] == 0 and body["warnings"] == []
    assert (body["start"], body["end"]) == (
        "2027-03-26T14:00:00+01:00",
        "2027-03-26T16:00:00+01:00",
    )
    assert body["title"] == {"fr": "Séminaire", "en": "Seminar"}
    assert body["summary"] == {"fr": None, "en": "Short"}
    assert body["venue"]["id"] == world["room"].id and body["organisations"] == ["hec-paris"]
    assert body["speakers"] == [
        {"id": world["ada"].id, "name": "Ada Lovelace", "affiliation": "Analytical Engines"}
    ]
    assert (body["topics"], body["series"], body["capacity"]) == (["fairness"], "ai-ethics", 30)
    assert body["registration_closes"] == "2027-03-25T18:00:00+01:00"
    read = client.get(response.headers["Location"], headers=world["headers"]["organiser"])
    assert read.get_json() == {k: v for k, v in body.items() if k != "warnings"}


def test_post_with_status_published_publishes_at_once(client, world):
    body = create(client, world, status="published")
    assert body["status"] == "published"
    assert client.get(f"/api/v1/events/{body['id']}").status_code == 200


def test_an_offset_names_that_instant_whatever_the_site(client, world):
    body = create(client, world, start="2027-03-26T14:00:00+00:00", end="2027-03-26T16:00Z")
    assert (body["start"], body["end"]) == (
        "2027-03-26T15:00:00+01:00",
        "2027-03-26T17:00:00+01:00",
    )


def test_the_same_input_gives_the_same_event_either_way(app, client, world, settings):
    """The API and the organiser forms call the same service: same input, same event."""
    through_api = create(
        client, world, speakers=[world["alan"].id, world["ada"].id], topics=["fairness"],
        series="ai-ethics", capacity=12, online_url="https://meet.example.org/x",
        description={"fr": "**Gras**", "en": None}, registration_opens="2027-03-01T09:00",
        organisations=["hec-paris", "inria"],
    )  # fmt: skip
    db.session.rollback()  # a fresh read of what the request wrote (SQLite snapshots)
    data = EventInput(
        kind="seminar", site="paris-saclay", language="fr", title_fr="Séminaire",
        title_en="Seminar", start=datetime(2027, 3, 26, 14), end=datetime(2027, 3, 26, 16),
        venue_id=world["room"].id, organisations=["hec-paris", "inria"],
        speakers=[world["alan"].id, world["ada"].id], topics=["fairness"], series="ai-ethics",
        capacity=12, online_url="https://meet.example.org/x", description_fr="**Gras**",
        registration_opens=datetime(2027, 3, 1, 9),
    )  # fmt: skip
    direct = save_event(None, data, actor=world["organiser"], settings=settings, now=NOW).event
    db.session.commit()
    with app.test_request_context():
        saved = queries.get_event(direct.id, statuses=STATUSES)
        through_service = answer(EventShape, EventShape.of(saved))
    assert comparable(through_api) == comparable(through_service)


# --- changing ----------------------------------------------------------------------------------


def test_patch_changes_only_the_fields_given(client, world):
    created = create(client, world, summary={"fr": "Résumé", "en": "Summary"}, capacity=20)
    body = patch(client, world, created["id"], {"title": {"en": "New title"}, "capacity": None})
    assert body["title"] == {"fr": "Séminaire", "en": "New title"}
    assert body["summary"] == {"fr": "Résumé", "en": "Summary"}
    assert body["capacity"] is None
    assert (body["start"], body["end"], body["sequence"]) == (
        created["start"], created["end"], 0,
    )  # fmt: skip
    cleared = patch(client, world, created["id"], {"summary": {"fr": None}})
    assert cleared["summary"] == {"fr": None, "en": "Summary"}


def test_what_is_read_can_be_written_back_unchanged(client, world):
    created = create(
        client, world, status="published", speakers=[world["ada"].id], capacity=5,
        registration_opens="2027-03-01T09:00", online_url="https://meet.example.org/x",
    )  # fmt: skip
    read = client.get(f"/api/v1/events/{created['id']}").get_json()
    assert set(read) <= set(EVENT_WRITABLE + EVENT_IGNORED)
    again = patch(client, world, created["id"], read)
    assert comparable(again) == comparable(read)
    assert again["sequence"] == read["sequence"] == 1


def test_an_all_day_event_round_trips(client, world):
    created = create(
        client, world, kind="workshop", all_day=True, start="2027-03-27", end="2027-03-30"
    )
    # The API shows local midnight of the first day and of the day after the last (summer time).
    assert (created["start"], created["end"]) == (
        "2027-03-27T00:00:00+01:00", "2027-03-30T00:00:00+02:00",
    )  # fmt: skip
    read = client.get(f"/api/v1/events/{created['id']}", headers=world["headers"]["organiser"])
    again = patch(client, world, created["id"], read.get_json())
    assert comparable(again) == comparable(read.get_json()) and again["sequence"] == 0
    moved = patch(client, world, created["id"], {"end": "2027-03-29T00:00:00+02:00"})
    assert moved["end"] == "2027-03-29T00:00:00+02:00" and moved["sequence"] == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": "2027-03-27T10:00"}, "start"),
        ({"end": "2027-03-27"}, "end"),  # the end is the day after the last day
        ({"end": "2027-03-26"}, "end"),
    ],
)
def test_all_day_refusals(client, world, changes, field):
    body = seminar_body(world, all_day=True, start="2027-03-27", end="2027-03-28") | changes
    response = client.post("/api/v1/events", json=body, headers=world["headers"]["organiser"])
    assert field in error_of(response, 400)["fields"]


def test_a_timed_event_becomes_all_day_and_back(client, world):
    created = create(client, world)
    whole = patch(client, world, created["id"], {"all_day": True})
    assert (whole["start"], whole["end"]) == (
        "2027-03-26T00:00:00+01:00", "2027-03-27T00:00:00+01:00",
    )  # fmt: skip
    timed = patch(client, world, created["id"], {"all_day": False})
    assert (timed["start"], timed["end"]) == (whole["start"], whole["end"])
    assert timed["all_day"] is False


def test_a_skipped_paris_time_is_a_400_naming_the_field(client, world):
    body = seminar_body(world, start="2027-03-28T02:30", end="2027-03-28T04:00")
    response = client.post("/api/v1/events", json=body, headers=world["headers"]["organiser"])
    error = error_of(response, 400)
    assert set(error["fields"]) == {"start"}
    assert "clocks go forward" in error["fields"]["start"]
    assert events() == 0


def test_a_repeated_london_time_is_its_first_occurrence(client, world):
    body = seminar_body(
        world, site="oxford", venue=world["hall"].id,
        start="2027-10-31T01:30", end="2027-10-31T03:00",
    )  # fmt: skip
    created = client.post("/api/v1/events", json=body, headers=world["headers"]["organiser"])
    assert created.status_code == 201, created.get_data(as_text=True)
    answer = created.get_json()
    assert answer["start"] == "2027-10-31T01:30:00+01:00"  # BST, the first 01:30
    assert answer["end"] == "2027-10-31T03:00:00+00:00"
    assert any("occurs twice" in w for w in answer["warnings"])
    # A change elsewhere keeps the instant, even the second of a repeated hour.
    second = patch(client, world, answer["id"], {"start": "2027-10-31T01:30:00+00:00"})
    assert second["start"] == "2027-10-31T01:30:00+00:00"
    kept = patch(client, world, answer["id"], {"title": {"en": "Renamed"}})
    assert kept["start"] == "2027-10-31T01:30:00+00:00" and kept["sequence"] == 1


def test_the_feed_follows_a_move(client, world):
    created = create(client, world, status="published")
    feed = f"/feeds/en/events/{created['id']}.ics"
    before = int(re.search(r"SEQUENCE:(\d+)", client.get(feed).get_data(as_text=True))[1])
    patch(client, world, created["id"], {"start": "2027-03-26T15:00", "end": "2027-03-26T17:00"})
    text = client.get(feed).get_data(as_text=True)
    assert f"SEQUENCE:{before + 1}" in text
    assert "DTSTART;TZID=Europe/Paris:20270326T150000" in text


# --- statuses and deleting ---------------------------------------------------------------------


def test_status_goes_through_the_life_cycle(client, world):
    created = create(client, world)
    published = patch(client, world, created["id"], {"status": "published"})
    assert published["status"] == "published" and published["sequence"] == 1
    draft = patch(client, world, created["id"], {"status": "draft"})
    assert draft["status"] == "draft"
    patch(client, world, created["id"], {"status": "published"})
    cancelled = patch(
        client, world, created["id"],
        {"status": "cancelled", "cancel_reason": {"en": "Speaker ill", "fr": "Orateur malade"}},
    )  # fmt: skip
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancel_reason"] == {"fr": "Orateur malade", "en": "Speaker ill"}
    for status, code in (("draft", 400), ("published", 409)):
        response = client.patch(
            f"/api/v1/events/{created['id']}", json={"status": status, "title": {"en": "X"}},
            headers=world["headers"]["organiser"],
        )  # fmt: skip
        assert "status" in error_of(response, code)["fields"]
    after = client.get(f"/api/v1/events/{created['id']}").get_json()
    assert after["status"] == "cancelled" and after["title"]["en"] == "Seminar"


def test_deleting_a_draft_then_it_is_gone(client, world):
    created = create(client, world)
    url = f"/api/v1/events/{created['id']}"
    response = client.delete(url, headers=world["headers"]["organiser"])
    assert response.status_code == 204 and response.get_data() == b""
    assert client.get(url, headers=world["headers"]["organiser"]).status_code == 404
    assert client.delete(url, headers=world["headers"]["organiser"]).status_code == 404
    assert events() == 0


@pytest.mark.parametrize("cancel", [False, True])
def test_a_published_or_cancelled_event_is_never_deleted(client, world, cancel):
    created = create(client, world, status="published")
    if cancel:
        patch(client, world, created["id"], {"status": "cancelled"})
    response = client.delete(
        f"/api/v1/events/{created['id']}", headers={
            **world["headers"]["organiser"], "Accept-Language": "en"}
    )  # fmt: skip
    assert "cancel" in error_of(response, 409)["message"]
    assert events() == 1


# --- who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize("header", [None, "Bearer nope", "Basic abc", "Bearer "])
def test_writing_needs_a_valid_token(client, world, header):
    created = create(client, world)
    headers = {"Authorization": header} if header else {}
    url = f"/api/v1/events/{created['id']}"
    for response in (
        client.post("/api/v1/events", json=seminar_body(world), headers=headers),
        client.patch(url, json={"capacity": 3}, headers=headers),
        client.delete(url, headers=headers),
    ):
        error_of(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert events() == 1


def test_who_may_create(client, world):
    post = lambda who, **c: client.post(  # noqa: E731
        "/api/v1/events", json=seminar_body(world, **c), headers=world["headers"][who]
    )
    error_of(post("attendee"), 403)
    error_of(post("other"), 403)  # hosted by HEC Paris only: not theirs
    assert events() == 0
    assert post("other", organisations=["hec-paris", "oxford-uni"]).status_code == 201
    assert post("admin").status_code == 201


def test_who_may_change_and_see_a_draft(client, world):
    draft = create(client, world)
    url = f"/api/v1/events/{draft['id']}"
    assert client.get(url).status_code == 404
    assert client.get(url, headers=world["headers"]["other"]).status_code == 404
    assert client.get(url, headers={"Authorization": "Bearer nope"}).status_code == 404
    for who in ("organiser", "admin"):
        assert client.get(url, headers=world["headers"][who]).get_json()["status"] == "draft"
    assert draft["id"] not in [e["id"] for e in client.get("/api/v1/events").get_json()["items"]]
    # A draft does not exist for those who may not edit it; a published event is theirs to read.
    error_of(client.patch(url, json={"capacity": 1}, headers=world["headers"]["other"]), 404)
    error_of(client.delete(url, headers=world["headers"]["attendee"]), 404)
    patch(client, world, draft["id"], {"status": "published"})
    error_of(client.patch(url, json={"capacity": 1}, headers=world["headers"]["other"]), 403)
    error_of(client.delete(url, headers=world["headers"]["attendee"]), 403)
    assert patch(client, world, draft["id"], {"capacity": 1}, who="admin")["capacity"] == 1


def test_an_organiser_cannot_give_their_event_away(client, world):
    created = create(client, world)
    response = client.patch(
        f"/api/v1/events/{created['id']}", json={"organisations": ["oxford-uni"]},
        headers=world["headers"]["organiser"],
    )  # fmt: skip
    error_of(response, 403)
    read = client.get(f"/api/v1/events/{created['id']}", headers=world["headers"]["organiser"])
    assert read.get_json()["organisations"] == ["hec-paris"]


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"capacity": "ten"}, "capacity"),
        ({"capacity": 2.0}, "capacity"),
        ({"capacity": 2**40}, "capacity"),
        ({"capacity": True}, "capacity"),
        ({"capacity": -1}, "capacity"),
        ({"title": ["Seminar"]}, "title"),
        ({"title": "Seminar"}, "title"),
        ({"title": {"de": "Seminar"}}, "title"),
        ({"title": {"en": 5}}, "title.en"),
        ({"title": {"en": "x" * 301}}, "title.en"),
        ({"title": {"fr": None, "en": " "}}, "title"),
        ({"summary": {"en": "a\x00b"}}, "summary.en"),
        ({"all_day": 1}, "all_day"),
        ({"all_day": "true"}, "all_day"),
        ({"start": 20270326}, "start"),
        ({"start": "tomorrow"}, "start"),
        ({"start": "2027-02-30T10:00"}, "start"),
        ({"start": "9999-12-31T23:30-12:00"}, "start"),
        ({"start": None}, "start"),
        ({"end": "2027-03-26T13:00"}, "end"),
        ({"registration_opens": {"at": 1}}, "registration_opens"),
        ({"venue": "Room A"}, "venue"),
        ({"venue": 2**40}, "venue"),
        ({"venue": 999_999}, "venue"),
        ({"venue": {"name": "Room A"}}, "venue"),
        ({"organisations": "hec-paris"}, "organisations"),
        ({"organisations": [1]}, "organisations"),
        ({"organisations": []}, "organisations"),
        ({"topics": ["nope"]}, "topics"),
        ({"series": ["ai-ethics"]}, "series"),
        ({"speakers": ["Ada"]}, "speakers"),
        ({"speakers": [999_999]}, "speakers"),
        ({"speakers": 1}, "speakers"),
        ({"kind": 5}, "kind"),
        ({"kind": "party"}, "kind"),
        ({"kind": None}, "kind"),
        ({"site": "atlantis"}, "site"),
        ({"language": "de"}, "language"),
        ({"status": "archived"}, "status"),
        ({"status": "cancelled"}, "status"),  # only a published event can be cancelled
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"online_url": "https://x.org/" + "a" * 600}, "online_url"),
        ({"online_url": 5}, "online_url"),
        ({"titel": {"en": "typo"}}, "titel"),
        ({"cancel_reason": "ill"}, "cancel_reason"),
    ],
)
def test_a_wrong_value_is_a_400_naming_its_field(client, world, changes, field):
    response = client.post(
        "/api/v1/events", json=seminar_body(world, **changes), headers=world["headers"]["organiser"]
    )
    error = error_of(response, 400)
    assert field in error["fields"], error
    assert all(isinstance(m, str) and m for m in error["fields"].values())
    assert events() == 0


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("not json", "application/json"),
        ('["a list"]', "application/json"),
        ('"text"', "application/json"),
        ("null", "application/json"),
        ('{"kind": "seminar"}', "text/plain"),
        ("kind=seminar", "application/x-www-form-urlencoded"),
        ("[" * 100_000 + "]" * 100_000, "application/json"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_400(client, world, data, content_type):
    headers = {**world["headers"]["organiser"], "Content-Type": content_type}
    error_of(client.post("/api/v1/events", data=data, headers=headers), 400)
    created = create(client, world)
    error_of(client.patch(f"/api/v1/events/{created['id']}", data=data, headers=headers), 400)


def test_messages_follow_accept_language(client, world):
    headers = {**world["headers"]["organiser"], "Accept-Language": "fr-FR,fr;q=0.9"}
    body = seminar_body(world, capacity="dix", start="2027-03-28T02:30", end="2027-03-28T04:00")
    error = error_of(client.post("/api/v1/events", json=body, headers=headers), 400)
    assert error["fields"]["capacity"] == "Donnez un nombre entier de 0 à 2147483647, ou null."
    del body["capacity"]
    error = error_of(client.post("/api/v1/events", json=body, headers=headers), 400)
    assert error["message"] == "Certains champs ne sont pas valides."
    assert (
        "on avance les horloges" in error["fields"]["start"] and "mars" in error["fields"]["start"]
    )
    error = error_of(
        client.post("/api/v1/events", json=body, headers=world["headers"]["other"]), 400
    )
    assert "clocks go forward" in error["fields"]["start"]


def test_hostile_text_is_stored_verbatim_and_returned_as_json_text(client, world):
    hostile = {
        "fr": '<script>alert("x")</script> <img src=x onerror=alert(1)>\r\nBCC: victim@x.org',
        "en": '<a href="javascript:alert(1)">click</a> "quotes" & \\N \u202e',
    }
    created = create(client, world, title=hostile, summary=hostile, description=hostile)
    response = client.get(f"/api/v1/events/{created['id']}", headers=world["headers"]["organiser"])
    assert response.mimetype == "application/json"
    body = response.get_json()
    for name in ("summary", "description"):
        assert body[name] == hostile
    # A title is one line: its line break became a space (no header or CSV row can break).
    assert body["title"] == {lang: one_line(text) for lang, text in hostile.items()}
    assert body["title"]["fr"].endswith("<img src=x onerror=alert(1)> BCC: victim@x.org")


def test_an_event_json_field_is_either_writable_or_ignored(client, world):
    created = create(client, world)
    assert set(created) <= set(EVENT_WRITABLE + EVENT_IGNORED)
    assert not set(EVENT_WRITABLE) & set(EVENT_IGNORED)


def test_the_token_use_is_kept(client, world):
    create(client, world)
    db.session.rollback()
    assert world["organiser"].tokens[0].last_used_at > NOW


def test_the_document_describes_the_writing_api(client, world):
    from api.test_openapi import problems

    doc = client.get("/api/v1/openapi.json").get_json()
    schemas = doc["components"]["schemas"]
    assert set(schemas["EventWrite"]["properties"]) == set(EVENT_WRITABLE + EVENT_IGNORED)
    assert set(schemas["SessionWrite"]["properties"]) == set(SESSION_WRITABLE + SESSION_IGNORED)
    events_ops, event_ops = doc["paths"]["/api/v1/events"], doc["paths"]["/api/v1/events/{id}"]
    assert events_ops["post"]["security"] == [{"bearer": []}]
    assert {"401", "403"} <= set(event_ops["patch"]["responses"])
    assert "409" in event_ops["delete"]["responses"]
    created = create(client, world, speakers=[world["ada"].id], status="published")
    assert problems(created, {"$ref": "#/components/schemas/EventWritten"}, doc) == []
    assert problems(created, {"$ref": "#/components/schemas/EventWrite"}, doc) == []
    read = client.get(f"/api/v1/events/{created['id']}").get_json()
    assert problems(read, {"$ref": "#/components/schemas/Event"}, doc) == []
    session = client.post(
        f"/api/v1/events/{created['id']}/sessions",
        json={"title": {"en": "Talk"}, "start": "2027-03-26T14:00", "end": "2027-03-26T15:00"},
        headers=world["headers"]["organiser"],
    ).get_json()
    assert problems(session, {"$ref": "#/components/schemas/SessionWritten"}, doc) == []
    alone = client.get(f"/api/v1/sessions/{session['id']}").get_json()
    assert problems(alone, {"$ref": "#/components/schemas/SessionDetail"}, doc) == []
    refused = client.post(
        "/api/v1/events", json={"capacity": "x"}, headers=world["headers"]["admin"]
    )
    assert problems(refused.get_json(), {"$ref": "#/components/schemas/Error"}, doc) == []
