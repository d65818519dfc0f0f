"""Imported events are owned by their source: what it provides is read-only on the workspace's
form and refused by the API, organisers add what it lacks, and "Detach from its source" makes
an ordinary event that the sync leaves alone."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from support import log_in_as
from writing_support import make_world

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.imports.models import Source

FEED = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\n"
    "UID:talk-1@lab.example.org\r\nSUMMARY:{title}\r\nDESCRIPTION:From the lab.\r\n"
    "DTSTART:20270210T140000Z\r\nDTEND:20270210T150000Z\r\n"
    "URL:https://lab.example.org/talks/1\r\nEND:VEVENT\r\n{more}END:VCALENDAR\r\n"
)
OTHER = (
    "BEGIN:VEVENT\r\nUID:talk-2@lab.example.org\r\nSUMMARY:Another talk\r\n"
    "DTSTART:20270310T140000Z\r\nDTEND:20270310T150000Z\r\nEND:VEVENT\r\n"
)


def feed(title: str = "Graph learning", *, listed: bool = True) -> bytes:
    text = FEED.format(title=title, more=OTHER)
    if not listed:  # the first talk withdrawn, the other still there
        text = text.split("BEGIN:VEVENT", 1)[0] + "BEGIN:VEVENT" + text.split("BEGIN:VEVENT")[2]
    return text.encode()


@pytest.fixture
def imported(app, sites, feed_server, sync):
    """HEC's source (in English) synced once: the imported event, and the world around it."""
    world = make_world(sites)
    hec = world["organiser"].organisations[0]
    source = Source(name="HEC lab talks", url=feed_server.serve("/feed.ics", feed()),
                    organisation=hec, site=sites["paris-saclay"], language="en")  # fmt: skip
    db.session.add(source)
    db.session.commit()
    assert sync(source).created == 2
    event = db.session.scalar(select(Event).where(Event.source_uid == "talk-1@lab.example.org"))
    return world, source, event


def token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)[1]


def input_tag(html: str, name: str) -> str:
    return re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', html)[0]


def post_edit(client, event, **fields):
    """Post the edit form as a browser does: disabled inputs are not sent."""
    page = client.get(f"/en/workspace/events/{event.id}/edit").get_data(as_text=True)
    data = {"csrf_token": token(page), "kind": "seminar", "language": "en",
            "organisations": "hec-paris", "series": "", **fields}  # fmt: skip
    return client.post(f"/en/workspace/events/{event.id}/edit", data=data)


def test_the_form_shows_what_the_source_provides_as_read_only(client, imported):
    world, source, event = imported
    log_in_as(client, world["organiser"])
    page = client.get(f"/en/workspace/events/{event.id}/edit")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "This event comes from “HEC lab talks”" in html
    for name in ("title_en", "description_en", "start", "end", "all_day", "site", "venue",
                 "online_url"):  # fmt: skip
        assert "disabled" in input_tag(html, name), name
    for name in ("title_fr", "description_fr", "summary_en", "capacity", "registration_opens"):
        assert "disabled" not in input_tag(html, name), name
    assert f"/en/workspace/events/{event.id}/detach" in html
    assert f"/en/workspace/events/{event.id}/move" not in html
    assert f"/en/workspace/events/{event.id}/cancel" not in html
    cancel = client.get(f"/en/workspace/events/{event.id}/cancel").get_data(as_text=True)
    refused = client.post(f"/en/workspace/events/{event.id}/cancel",
                          data={"csrf_token": token(cancel)})  # fmt: skip
    assert refused.status_code == 409 and "HEC lab talks" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert event.status == "published"
    french = client.get(f"/fr/workspace/events/{event.id}/edit").get_data(as_text=True)
    assert "Cet événement vient de « HEC lab talks »" in french
    assert "Détacher de sa source" in french


def test_organisers_add_what_the_feed_lacks_and_the_sync_keeps_the_rest(
    client, imported, feed_server, sync
):
    world, source, event = imported
    log_in_as(client, world["organiser"])
    saved = post_edit(client, event, title_en="Forged title", start="2027-02-11T10:00",
                      title_fr="Apprentissage sur graphes", capacity="30")  # fmt: skip
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    db.session.expire_all()
    assert event.title_en == "Graph learning"  # ignored: the source provides it
    assert event.start_at.isoformat() == "2027-02-10T14:00:00+00:00"
    assert (event.title_fr, event.capacity) == ("Apprentissage sur graphes", 30)

    feed_server.serve("/feed.ics", feed("Graph learning at scale"))
    assert sync(source).updated == 1
    db.session.expire_all()
    assert event.title_en == "Graph learning at scale"
    assert (event.title_fr, event.capacity) == ("Apprentissage sur graphes", 30)


def test_the_api_refuses_a_change_to_what_the_source_provides(client, imported):
    world, source, event = imported
    path, headers = f"/api/v1/events/{event.id}", world["headers"]["organiser"]
    refused = client.patch(path, json={"title": {"en": "Mine"}, "venue": world["room"].id},
                           headers=headers)  # fmt: skip
    assert refused.status_code == 409
    error = refused.json["error"]
    assert "HEC lab talks" in error["message"] and "detach" in error["message"]
    assert set(error["fields"]) == {"title", "venue"}
    french = client.patch(path, json={"start": "2027-02-10T13:00:00+00:00"},
                          headers={**headers, "Accept-Language": "fr"})  # fmt: skip
    assert french.status_code == 409 and "détachez" in french.json["error"]["message"]
    assert set(french.json["error"]["fields"]) == {"start"}
    db.session.expire_all()
    assert event.title_en == "Graph learning" and event.venue_id is None
    added = client.patch(path, json={"capacity": 12, "title": {"fr": "Graphes"}}, headers=headers)
    assert added.status_code == 200, added.json
    assert added.json["capacity"] == 12
    assert added.json["title"] == {"fr": "Graphes", "en": "Graph learning"}
    cancel = client.patch(path, json={"status": "cancelled"}, headers=headers)
    assert cancel.status_code == 409 and "status" in cancel.json["error"]["fields"]


def test_a_detached_event_is_ordinary_and_the_sync_leaves_it_alone(
    client, imported, feed_server, sync
):
    world, source, event = imported
    log_in_as(client, world["organiser"])
    confirm = client.get(f"/en/workspace/events/{event.id}/detach")
    assert confirm.status_code == 200 and "cannot be undone" in confirm.get_data(as_text=True)
    assert client.post(f"/en/workspace/events/{event.id}/detach").status_code == 400  # no CSRF
    db.session.expire_all()
    assert event.source_detached_at is None
    done = client.post(f"/en/workspace/events/{event.id}/detach",
                       data={"csrf_token": token(confirm.get_data(as_text=True))})  # fmt: skip
    assert done.status_code == 302
    html = client.get(f"/en/workspace/events/{event.id}/edit").get_data(as_text=True)
    assert "disabled" not in input_tag(html, "title_en") and "comes from" not in html

    saved = post_edit(client, event, title_en="Our own title", site="paris-saclay",
                      venue=str(world["room"].id), start="2027-02-10T15:00",
                      end="2027-02-10T16:00")  # fmt: skip
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    api = client.patch(f"/api/v1/events/{event.id}", json={"summary": {"en": "Ours"}},
                       headers=world["headers"]["organiser"])  # fmt: skip
    assert api.status_code == 200 and api.json["source"] is None

    feed_server.serve("/feed.ics", feed("Renamed at the source"))
    db.session.expire_all()  # the pages' changes, committed in their own sessions
    report = sync(source)
    assert report.status == "ok" and (report.created, report.updated) == (0, 0)
    db.session.expire_all()
    assert (event.title_en, event.venue_id) == ("Our own title", world["room"].id)
    feed_server.serve("/feed.ics", feed(listed=False))  # withdrawn from the feed
    report = sync(source)
    assert report.cancelled == 0
    db.session.expire_all()
    assert event.status == "published"
    count = select(func.count(Event.id)).where(Event.source_uid == "talk-1@lab.example.org")
    assert db.session.scalar(count) == 1  # never imported a second time


def test_another_organisations_organiser_cannot_detach(client, imported):
    world, source, event = imported
    log_in_as(client, world["other"])
    assert client.get(f"/en/workspace/events/{event.id}/detach").status_code in (403, 404)
