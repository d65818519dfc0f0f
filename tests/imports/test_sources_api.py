"""Sources through the API: create, list, change, delete, sync now; who may, and refusals in
both languages."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from writing_support import make_world

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.imports.models import Source

CLOSED = "https://127.0.0.1:9/calendar.ics"  # nothing listens: a quick failed sync


@pytest.fixture
def world(app, sites):
    made = make_world(sites)
    app.config.update(
        IMPORTS_ALLOW_HTTP_LOCALHOST=True, IMPORTS_ALLOW_PRIVATE=True, IMPORTS_TIMEOUT_SECONDS=2
    )
    return made


def body(**changes) -> dict:
    base = {"name": "HEC seminars", "url": "webcal://calendar.example.org/hec.ics",
            "organisation": "hec-paris", "site": "paris-saclay"}  # fmt: skip
    return {**base, **changes}


def create(client, world, who="organiser", **changes):
    return client.post("/api/v1/sources", json=body(**changes), headers=world["headers"][who])


def test_an_organiser_creates_lists_changes_and_deletes_a_source(client, world):
    made = create(client, world, series="ai-ethics", topics=["fairness"], publish=False)
    assert made.status_code == 201, made.json
    source = made.json
    assert made.headers["Location"].endswith(f"/api/v1/sources/{source['id']}")
    assert source | {"id": 0} == {
        "id": 0, "name": "HEC seminars", "url": "webcal://calendar.example.org/hec.ics",
        "organisation": "hec-paris", "site": "paris-saclay", "series": "ai-ethics",
        "topics": ["fairness"], "language": "en", "publish": False, "registration": False,
        "interval_minutes": 60, "last_sync": None,
    }  # fmt: skip
    listed = client.get("/api/v1/sources", headers=world["headers"]["organiser"]).json
    assert [s["id"] for s in listed["items"]] == [source["id"]] and listed["total"] == 1
    path = f"/api/v1/sources/{source['id']}"
    changed = client.patch(path, json={"name": "Séminaires HEC", "interval_minutes": 30},
                           headers=world["headers"]["organiser"])  # fmt: skip
    assert changed.status_code == 200, changed.json
    assert (changed.json["name"], changed.json["interval_minutes"]) == ("Séminaires HEC", 30)
    assert changed.json["series"] == "ai-ethics"  # what the body leaves out stays
    assert client.delete(path, headers=world["headers"]["organiser"]).status_code == 204
    assert client.get(path, headers=world["headers"]["organiser"]).status_code == 404


def test_another_organisations_source_is_not_found_and_attendees_are_refused(client, world):
    source_id = create(client, world).json["id"]
    path = f"/api/v1/sources/{source_id}"
    other = world["headers"]["other"]
    assert client.get("/api/v1/sources", headers=other).json["items"] == []
    for method in ("get", "patch", "delete"):
        answer = getattr(client, method)(path, json={}, headers=other)
        assert answer.status_code == 404, method
    assert client.post(f"{path}/sync", headers=other).status_code == 404
    assert create(client, world, who="other").status_code == 403  # not their organisation
    attendee = world["headers"]["attendee"]
    assert client.get("/api/v1/sources", headers=attendee).status_code == 403
    assert client.get(path, headers=attendee).status_code == 403
    assert create(client, world, who="attendee").status_code == 403
    assert client.get("/api/v1/sources").status_code == 401
    admin = world["headers"]["admin"]  # admins manage every source
    assert client.get(path, headers=admin).status_code == 200
    assert client.patch(path, json={"organisation": "oxford-uni"}, headers=admin).status_code == 200


@pytest.mark.parametrize(
    ("lang", "url_message", "interval_message"),
    [
        ("en", "Give an address starting with https:// or webcal://.",
         "Give a whole number of minutes from 5 to 10080."),
        ("fr", "Donnez une adresse commençant par https:// ou webcal://.",
         "Donnez un nombre entier de minutes, de 5 à 10080."),
    ],
)  # fmt: skip
def test_refusals_name_every_field_in_the_callers_language(
    client, world, lang, url_message, interval_message
):
    headers = {**world["headers"]["organiser"], "Accept-Language": lang}
    answer = client.post(
        "/api/v1/sources", headers=headers,
        json=body(url="http://calendar.example.org/x.ics", interval_minutes=0, series="nope"),
    )  # fmt: skip
    assert answer.status_code == 400
    fields = answer.json["error"]["fields"]
    assert fields["url"] == url_message
    assert fields["interval_minutes"] == interval_message
    assert set(fields) == {"url", "interval_minutes", "series"}
    assert db.session.scalar(select(Source.id)) is None


def test_sync_now_answers_the_report_and_keeps_it_on_the_source(client, world, feed_server):
    url = feed_server.serve("/hec.ics", "talks_cam.ics")
    source_id = create(client, world, url=url, site="cambridge").json["id"]
    headers = world["headers"]["organiser"]
    report = client.post(f"/api/v1/sources/{source_id}/sync", headers=headers)
    assert report.status_code == 200, report.json
    assert report.json["status"] == "ok" and report.json["created"] > 0
    assert report.json["errors"] == [] and report.json["http_status"] == 200
    last = client.get(f"/api/v1/sources/{source_id}", headers=headers).json["last_sync"]
    assert last["created"] == report.json["created"] and last["at"]
    again = client.post(f"/api/v1/sources/{source_id}/sync", headers=headers).json
    assert again["status"] == "not-modified" and again["created"] == 0


def test_a_feed_that_cannot_be_read_is_a_failed_report_not_an_error(client, world):
    source_id = create(client, world, url=CLOSED).json["id"]
    report = client.post(f"/api/v1/sources/{source_id}/sync", headers=world["headers"]["organiser"])
    assert report.status_code == 200
    assert report.json["status"] == "failed" and report.json["errors"]


def test_deleting_a_source_keeps_its_events_as_ordinary_events(client, world, feed_server):
    url = feed_server.serve("/hec.ics", "talks_cam.ics")
    source_id = create(client, world, url=url, site="cambridge").json["id"]
    headers = world["headers"]["organiser"]
    created = client.post(f"/api/v1/sources/{source_id}/sync", headers=headers).json["created"]
    assert client.delete(f"/api/v1/sources/{source_id}", headers=headers).status_code == 204
    db.session.rollback()
    kept = db.session.scalars(select(Event)).all()
    assert len(kept) == created and all(event.source_id is None for event in kept)


def test_hostile_slugs_are_refused_not_looked_up(client, world):
    answer = create(client, world, organisation="hec\x00paris", series="a\x00", topics=["\x00"])
    assert answer.status_code == 400  # PostgreSQL would refuse the NUL in a query: a 500
    assert set(answer.json["error"]["fields"]) == {"organisation", "series", "topics"}
