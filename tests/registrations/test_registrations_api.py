"""Registrations through the API, in the contract's shapes, and the personal feed in /me."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from eventapp.accounts import services as accounts
from eventapp.extensions import clock, db

CONTRACT = {"id", "event", "status", "position", "attended", "sessions"}


@pytest.fixture
def bearer(make_user):
    def make(email: str) -> dict[str, str]:
        user = make_user(email)
        token = accounts.create_token(user, now=clock.now())
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


def test_register_waits_when_full_and_answers_the_existing_one_again(client, bearer, make_event):
    event = make_event(capacity=1)
    ada, bob = bearer("ada@example.org"), bearer("bob@example.org")
    url = f"/api/v1/events/{event.id}/registrations"
    first = client.post(url, headers=ada)
    assert first.status_code == 201
    body = first.get_json()
    assert set(body) == CONTRACT
    assert body | {"id": 0} == {
        "id": 0,
        "event": event.id,
        "status": "confirmed",
        "position": None,
        "attended": False,
        "sessions": [],
    }
    second = client.post(url, headers=bob)
    assert second.status_code == 201
    assert (second.get_json()["status"], second.get_json()["position"]) == ("waiting", 1)
    again = client.post(url, headers=ada)
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]
    mine = client.get("/api/v1/me/registrations", headers=bob).get_json()
    assert [r["status"] for r in mine["items"]] == ["waiting"]


def test_closed_not_yet_open_and_unknown_events(client, bearer, make_event):
    ada = bearer("ada@example.org")
    now = clock.now()
    closed = make_event(capacity=5, registration_closes_at=now - timedelta(days=1))
    later = make_event(capacity=5, registration_opens_at=now + timedelta(days=1))
    for event, message in ((closed, "closed"), (later, "not opened yet")):
        answer = client.post(f"/api/v1/events/{event.id}/registrations", headers=ada)
        assert answer.status_code == 409
        assert message in answer.get_json()["error"]["message"]
    fr = client.post(
        f"/api/v1/events/{closed.id}/registrations", headers={**ada, "Accept-Language": "fr"}
    )
    assert "closes" in fr.get_json()["error"]["message"]
    assert client.post("/api/v1/events/999999/registrations", headers=ada).status_code == 404
    assert client.post(f"/api/v1/events/{closed.id}/registrations").status_code == 401


def test_sessions_are_chosen_and_bad_choices_are_400(client, bearer, make_event):
    event = make_event(capacity=5, sessions=2)
    first, second = event.sessions
    first.capacity = 1
    second.start_at = first.start_at
    db.session.commit()
    ada = bearer("ada@example.org")
    url = f"/api/v1/events/{event.id}/registrations"
    overlap = client.post(url, json={"sessions": [first.id, second.id]}, headers=ada)
    assert overlap.status_code == 400 and "sessions" in overlap.get_json()["error"]["fields"]
    assert client.post(url, json={"sessions": "all"}, headers=ada).status_code == 400
    assert client.post(url, data="nope", headers=ada).status_code == 400
    made = client.post(url, json={"sessions": [first.id]}, headers=ada).get_json()
    assert made["sessions"] == [{"id": first.id, "status": "confirmed"}]
    bob = client.post(url, json={"sessions": [first.id]}, headers=bearer("bob@example.org"))
    assert bob.get_json()["sessions"] == [{"id": first.id, "status": "waiting"}]


def test_only_the_owner_cancels(client, bearer, make_event):
    event = make_event(capacity=1)
    ada, bob = bearer("ada@example.org"), bearer("bob@example.org")
    url = f"/api/v1/events/{event.id}/registrations"
    reg = client.post(url, headers=ada).get_json()
    waiting = client.post(url, headers=bob).get_json()
    # Ada's registration does not exist for Bob: the same 404 as an id never used.
    refused = client.delete(f"/api/v1/registrations/{reg['id']}", headers=bob)
    unknown = client.delete("/api/v1/registrations/999999", headers=bob)
    assert refused.status_code == unknown.status_code == 404
    assert refused.get_json() == unknown.get_json()
    assert client.delete(f"/api/v1/registrations/{reg['id']}").status_code == 401
    assert client.delete("/api/v1/registrations/999999", headers=ada).status_code == 404
    assert client.delete(f"/api/v1/registrations/{reg['id']}", headers=ada).status_code == 204
    assert client.delete(f"/api/v1/registrations/{reg['id']}", headers=ada).status_code == 204
    items = client.get("/api/v1/me/registrations", headers=bob).get_json()["items"]
    assert [(r["id"], r["status"]) for r in items] == [(waiting["id"], "confirmed")]


def test_an_admin_sees_the_registration_but_cannot_cancel_it(client, bearer, make_event, make_user):
    event = make_event(capacity=1)
    reg = client.post(
        f"/api/v1/events/{event.id}/registrations", headers=bearer("ada@example.org")
    ).get_json()
    admin = make_user("root@example.org", role="admin")
    token = accounts.create_token(admin, now=clock.now())
    db.session.commit()
    url = f"/api/v1/registrations/{reg['id']}"
    response = client.delete(url, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert response.get_json()["error"]["message"] == "This registration is not yours."


def test_me_gives_a_working_personal_feed_once_registrations_exist(client, bearer, make_event):
    ada = bearer("ada@example.org")
    assert client.get("/api/v1/me", headers=ada).get_json()["personal_feed"] is None
    event = make_event(capacity=3, online_url="https://meet.example.org/room")
    client.post(f"/api/v1/events/{event.id}/registrations", headers=ada)
    feed = client.get("/api/v1/me", headers=ada).get_json()["personal_feed"]
    assert set(feed) == {"fr", "en"}
    path = feed["en"].removeprefix("https://events.example.org")
    served = client.get(path)
    assert served.status_code == 200
    [vevent] = Calendar.from_ical(served.data).walk("VEVENT")
    assert "https://meet.example.org/room" in str(vevent["DESCRIPTION"])
    # The address is derived, not stored: every answer shows it; POST makes a new one.
    assert client.get("/api/v1/me", headers=ada).get_json()["personal_feed"] == feed
    fresh = client.post("/api/v1/me/personal-feed", headers=ada)
    assert fresh.status_code == 201
    assert client.get(path).status_code == 404
    new_path = fresh.get_json()["fr"].removeprefix("https://events.example.org")
    assert client.get(new_path).status_code == 200
    assert client.get("/api/v1/me", headers=ada).get_json()["personal_feed"] == fresh.get_json()


def database_rows() -> dict[str, list]:
    """Every row of every table, less the one thing a read records: a token's last use."""
    rows = {}
    for table in db.metadata.sorted_tables:
        columns = [
            c for c in table.columns if (table.name, c.name) != ("api_tokens", "last_used_at")
        ]
        rows[table.name] = sorted(map(tuple, db.session.execute(select(*columns)).all()), key=repr)
    db.session.rollback()
    return rows


def test_reading_me_writes_nothing(client, bearer, make_event):
    ada = bearer("ada@example.org")
    event = make_event(capacity=3)
    client.post(f"/api/v1/events/{event.id}/registrations", headers=ada)
    before = database_rows()
    # Reading /me used to make (and store) a feed address on the first read after registering.
    first = client.get("/api/v1/me", headers=ada).get_json()["personal_feed"]
    assert first is not None
    assert client.get("/api/v1/me", headers=ada).get_json()["personal_feed"] == first
    assert database_rows() == before
