"""The follow buttons on the pages, the profile's list, and a person's data."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from eventapp.events import services
from eventapp.extensions import clock, db
from eventapp.follows.models import Follow, FollowNotice, FollowPreference
from eventapp.personal.erasure import erase_account
from eventapp.personal.export import export_person
from eventapp.reference.models import Person


def count(model) -> int:
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(model))


def test_anonymous_visitors_are_asked_to_log_in_to_follow(client, world):
    page = client.get("/en/series/ai-seminar").text
    assert (
        'href="/en/account/login?next=/en/series/ai-seminar">Log in to follow by mail</a>' in page
    )
    assert 'action="/en/account/follows"' not in page


def test_following_from_a_page_shows_on_the_page_and_the_profile_and_unfollowing_undoes_it(
    client, world, follow
):
    answer = follow("/fr/topics/ethics")
    assert answer.status_code == 302 and answer.location == "/fr/topics/ethics"

    page = client.get("/fr/topics/ethics").text
    assert "Vous le suivez" in page and 'action="/fr/account/follows/remove"' in page
    profile = client.get("/fr/account/profile").text
    assert "Ce que vous suivez" in profile and 'href="/fr/topics/ethics">Éthique</a>' in profile

    assert follow("/fr/topics/ethics", "/fr/account/follows/remove").status_code == 302
    assert count(Follow) == 0
    assert "Vous ne suivez rien" in client.get("/fr/account/profile").text


def test_following_twice_keeps_one_follow_and_something_missing_is_a_404(client, world, follow):
    follow("/fr/topics/ethics")
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/fr/account/profile").text
    ).group(1)

    def post(kind: str, target) -> int:
        data = {"csrf_token": token, "kind": kind, "target": str(target)}
        return client.post("/fr/account/follows", data=data).status_code

    assert post("topic", world.topic.id) == 302  # a stale tab's "Follow" again
    assert count(Follow) == 1
    assert post("topic", 999999) == 404
    assert post("venue", world.topic.id) == 400
    assert (
        client.post("/fr/account/follows", data={"kind": "topic", "target": "1"}).status_code == 400
    )
    assert count(Follow) == 1


def test_the_export_lists_the_follows_and_erasure_deletes_them(client, world, follow, settings):
    follow("/fr/topics/ethics")
    follow("/fr/series/ai-seminar")
    services.publish_event(world.draft(), now=clock.now(), settings=settings)
    db.session.commit()

    data = export_person(world.zoe, settings=settings)["follows"]
    assert data["mail"] == "each"
    assert [(f["kind"], f["name"], f["url"]) for f in data["items"]] == [
        ("topic", "Éthique", "https://events.example.org/fr/topics/ethics"),
        ("series", "Séminaire IA", "https://events.example.org/fr/series/ai-seminar"),
    ]
    assert count(FollowNotice) == 1

    erase_account(world.zoe, now=clock.now(), settings=settings)
    db.session.commit()

    assert (count(Follow), count(FollowNotice), count(FollowPreference)) == (0, 0, 0)


def test_the_download_of_my_data_has_the_follows(client, world, follow):
    speaker = Person(name="Ada Whitcombe")
    db.session.add(speaker)
    db.session.commit()
    follow(f"/fr/speakers/{speaker.id}")
    body = client.get("/fr/account/data.json").get_json()
    assert body["follows"]["items"][0]["name"] == "Ada Whitcombe"
