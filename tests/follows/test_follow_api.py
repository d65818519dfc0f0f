"""`/api/v1/me/follows`: the same follows as the pages, through a bearer token."""

from __future__ import annotations

from eventapp.accounts import services as accounts
from eventapp.extensions import clock, db


def bearer(user) -> dict[str, str]:
    token = accounts.create_token(user, now=clock.now())
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_follow_list_choose_the_digest_and_unfollow(client, world):
    auth = bearer(world.zoe)
    wanted = {"kind": "topic", "id": world.topic.id}

    made = client.post("/api/v1/me/follows", json=wanted, headers=auth)
    assert made.status_code == 201
    assert made.json["name"] == "Éthique"
    assert made.json["url"] == "https://events.example.org/fr/topics/ethics"
    assert client.post("/api/v1/me/follows", json=wanted, headers=auth).status_code == 200

    listed = client.get("/api/v1/me/follows", headers=auth).json
    assert listed["mail"] == "each" and [i["kind"] for i in listed["items"]] == ["topic"]
    chosen = client.patch("/api/v1/me/follows", json={"mail": "weekly"}, headers=auth)
    assert chosen.status_code == 200 and chosen.json["mail"] == "weekly"

    assert client.delete("/api/v1/me/follows", json=wanted, headers=auth).status_code == 204
    assert client.delete("/api/v1/me/follows", json=wanted, headers=auth).status_code == 204
    assert client.get("/api/v1/me/follows", headers=auth).json["items"] == []


def test_refusals_say_why(client, world):
    auth = bearer(world.zoe)
    missing = client.post("/api/v1/me/follows", json={"kind": "series", "id": 99999}, headers=auth)
    assert missing.status_code == 404
    wrong = client.post("/api/v1/me/follows", json={"kind": "venue", "id": 1}, headers=auth)
    assert wrong.status_code == 400 and "kind" in wrong.json["error"]["fields"]
    assert client.get("/api/v1/me/follows").status_code == 401
