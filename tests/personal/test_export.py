"""Everything held about a person, from the profile page and from the API."""

from __future__ import annotations

import json

import pytest
from personal_world import ADDRESS, NAME

from eventapp.accounts.models import ApiToken
from eventapp.accounts.services import create_token, revoke_token
from eventapp.extensions import clock, db
from eventapp.feeds.tokens import new_feed_token
from eventapp.registrations import services


@pytest.fixture
def held(person, full_event, world, settings):
    """Zéphyrine waits for a full event, gets the place, has two tokens (one revoked) and a feed."""
    event, first, _waiting = full_event(services.Attendee.of(world.users["organiser"]))
    now = clock.now()
    reg = services.register(
        event, services.Attendee.of(person), now=now, settings=settings,
        session_ids=[event.sessions[0].id],
    )  # fmt: skip
    services.cancel(first, now=now, settings=settings)  # the attendee waited first: promoted
    services.cancel(_waiting, now=now, settings=settings)  # then Zéphyrine is
    kept = create_token(person, now=now)
    create_token(person, now=now)
    revoke_token(person, person.tokens[-1].id, now=now)
    new_feed_token(person, secret=settings.secret_key)
    db.session.commit()
    return event, reg, kept


def today(value: str) -> bool:
    """An instant of the tests' first minute (their clock starts at 2026-12-01 09:00 UTC)."""
    return value.startswith("2026-12-01T09:00") and value.endswith("+00:00")


def check(data: dict, event, reg, person) -> None:
    profile = data["profile"]
    assert today(profile.pop("created_at")) and today(profile.pop("confirmed_at"))
    assert profile == {
        "email": ADDRESS, "name": NAME, "affiliation": "Institut Ω", "language": "fr",
        "role": "attendee", "organisations": [],
    }  # fmt: skip
    [mine] = data["registrations"]
    assert mine["id"] == reg.id and mine["status"] == "confirmed"
    assert mine["event"]["id"] == event.id
    assert mine["event"]["title"] == "Séminaire accueilli"  # in her language
    assert mine["event"]["start"] == "2027-03-26T13:00:00+00:00"
    assert mine["sessions"] == [
        {"id": event.sessions[0].id, "title": "Atelier", "status": "confirmed"}
    ]
    assert [line["what"] for line in mine["history"]] == ["waiting", "confirmed"]
    assert mine["attended"] is False and mine["consent_at"] is None
    tokens = data["api_tokens"]
    assert [today(t["revoked_at"]) if t["revoked_at"] else None for t in tokens][:2] == [
        None, True,
    ]  # fmt: skip
    assert all(set(t) == {"id", "created_at", "last_used_at", "revoked_at"} for t in tokens)
    assert data["personal_feed"] is True
    subjects = [(m["subject"], m["status"]) for m in data["mail"]]
    assert ("Vous êtes sur la liste d’attente — Séminaire accueilli", "pending") in subjects
    assert ("Une place est à vous — Séminaire accueilli", "pending") in subjects


def no_secrets(body: str, person) -> None:
    hashes = db.session.scalars(db.select(ApiToken.token_hash)).all()
    assert hashes and not any(h in body for h in hashes)
    assert person.feed_token_hash not in body
    assert "password" not in body and person.password_hash not in body


def test_download_my_data_from_the_profile(client, login, held, person, fresh):
    event, reg, _token = held
    login("person")
    profile = client.get("/fr/account/profile").get_data(as_text=True)
    assert 'href="/fr/account/data.json" download>Télécharger mes données</a>' in profile
    response = client.get("/fr/account/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="my-data.json"'
    body = response.get_data(as_text=True)
    check(json.loads(body), event, reg, person)
    no_secrets(body, person)


def test_the_download_needs_a_login(client):
    response = client.get("/en/account/data.json")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_api_exports_the_same(client, held, person, bearer):
    event, reg, _token = held
    response = client.get("/api/v1/me/export", headers=bearer(person))
    assert response.status_code == 200
    data = response.get_json()
    check(data, event, reg, person)
    no_secrets(response.get_data(as_text=True), person)
    assert client.get("/api/v1/me/export").status_code == 401


def test_a_guest_registration_under_the_address_shows_its_consent(
    client, person, hosted, settings, bearer
):
    from personal_world import START

    event = hosted(start=START, capacity=5)
    who = services.Attendee(ADDRESS, NAME, "fr")
    reg = services.register(event, who, now=clock.now(), settings=settings, guest=True)
    db.session.commit()
    data = client.get("/api/v1/me/export", headers=bearer(person)).get_json()
    [consent] = data["consents"]
    assert (consent["registration"], consent["event"]) == (reg.id, event.id)
    assert today(consent["given_at"])
    assert data["registrations"][0]["status"] == "pending"
