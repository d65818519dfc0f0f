"""PATCH /api/v1/registrations/<id>: check-in and undo through the API, for hosts and admins."""

from __future__ import annotations

import pytest
from door_world import ROLES, add_registration

from eventapp.extensions import db
from eventapp.registrations.models import Registration

# Someone else's registration does not exist for them: 404, as for an id never used.
ANSWERS = {"anonymous": 401, "attendee": 404, "other": 404, "organiser": 200, "admin": 200}


def patch(client, door, who: str, body, headers: dict, lang: str = "en"):
    return client.patch(
        f"/api/v1/registrations/{door.people[who].id}", json=body,
        headers={**headers, "Accept-Language": lang},
    )  # fmt: skip


@pytest.mark.parametrize("who", ROLES)
def test_hosts_and_admins_check_in_others_are_refused(client, door, bearer, fresh, world, who):
    headers = {} if who == "anonymous" else bearer(who)
    response = patch(client, door, "zoe", {"attended": True}, headers)
    assert response.status_code == ANSWERS[who]
    marked = fresh(Registration, door.people["zoe"].id).attended_at is not None
    assert marked == (ANSWERS[who] == 200)
    if ANSWERS[who] == 200:
        body = response.get_json()
        assert body["attended"] is True
        assert body["attended_by"] == world.users[who].name
        assert body["name"] == "Zoé Ångström" and body["status"] == "confirmed"
    else:
        assert response.get_json()["error"]["message"]
    if ANSWERS[who] == 404:  # nothing tells it apart from an unknown id
        unknown = client.patch("/api/v1/registrations/999999", json={"attended": True},
                               headers={**headers, "Accept-Language": "en"})  # fmt: skip
        assert unknown.status_code == 404 and unknown.get_json() == response.get_json()


def test_the_person_registered_sees_their_registration_but_cannot_check_in(
    client, door, bearer, world, fresh
):
    own = add_registration(door.event, "Att", world.users["attendee"].email, "confirmed")
    db.session.commit()
    response = client.patch(
        f"/api/v1/registrations/{own.id}", json={"attended": True}, headers=bearer("attendee")
    )
    assert response.status_code == 403
    assert fresh(Registration, own.id).attended_at is None


def test_undo_through_the_api(client, door, bearer, fresh):
    headers = bearer("organiser")
    assert patch(client, door, "zoe", {"attended": True}, headers).get_json()["attended"]
    body = patch(client, door, "zoe", {"attended": False}, headers).get_json()
    assert (body["attended"], body["attended_at"], body["attended_by"]) == (False, None, None)
    assert fresh(Registration, door.people["zoe"].id).attended_at is None


def test_a_second_check_in_keeps_the_first(client, door, bearer):
    first = patch(client, door, "zoe", {"attended": True}, bearer("organiser")).get_json()
    again = patch(client, door, "zoe", {"attended": True}, bearer("admin"))
    assert again.status_code == 200
    assert again.get_json()["attended_by"] == "Ana"
    assert again.get_json()["attended_at"] == first["attended_at"]


@pytest.mark.parametrize(
    ("who", "lang", "message"),
    [
        ("walter", "en", "Walter Wait is on the waiting list"),
        ("pat", "en", "Pat Pending has not confirmed their registration yet"),
        ("cary", "fr", "Cary Gone a annulé son inscription"),
    ],
)
def test_a_registration_not_confirmed_is_a_conflict(
    client, door, bearer, fresh, who, lang, message
):
    response = patch(client, door, who, {"attended": True}, bearer("organiser"), lang)
    assert response.status_code == 409
    assert response.get_json()["error"]["message"].startswith(message)
    assert fresh(Registration, door.people[who].id).attended_at is None


@pytest.mark.parametrize(
    "body", [{}, {"attended": "yes"}, {"attended": 1}, {"attended": True, "by": 3}, [True], None]
)
def test_a_bad_body_is_refused(client, door, bearer, fresh, body):
    response = patch(client, door, "zoe", body, bearer("organiser"))
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]
    assert fresh(Registration, door.people["zoe"].id).attended_at is None


@pytest.mark.parametrize("ident", ["999999", "0", "abc"])
def test_an_unknown_registration_is_not_found(client, bearer, world, ident):
    response = client.patch(
        f"/api/v1/registrations/{ident}", json={"attended": True}, headers=bearer("admin")
    )
    assert response.status_code == 404


def test_the_operation_is_in_the_document(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    operation = doc["paths"]["/api/v1/registrations/{id}"]["patch"]
    assert operation["operationId"] == "checkIn"
    assert {"200", "400", "401", "403", "404", "409"} <= set(operation["responses"])
    assert "delete" in doc["paths"]["/api/v1/registrations/{id}"]  # the owner's cancel stays
