"""An imported event in our feeds and the API: our own UID, the original carried beside it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from eventapp.events.models import Event
from eventapp.extensions import clock, db
from eventapp.imports.models import Source
from eventapp.imports.parse import Item, Parsed
from eventapp.imports.upsert import apply_items
from eventapp.reference.models import Organisation

ORIGINAL = "talk-220001@talks.cam.ac.uk"


def imported(sites, settings):
    source = Source(
        name="talks.cam", url="https://talks.cam.ac.uk/show/ics/1.ics", site=sites["cambridge"],
        organisation=Organisation(slug="cl", name_en="Computer Lab", site=sites["cambridge"]),
    )  # fmt: skip
    db.session.add(source)
    db.session.flush()
    item = Item(
        uid=ORIGINAL, recurrence_id="", start_at=datetime(2027, 1, 12, 14, tzinfo=UTC),
        end_at=datetime(2027, 1, 12, 15, tzinfo=UTC), all_day=False, title="Diffusion; models",
        url="https://talks.cam.ac.uk/talk/index/220001",
    )  # fmt: skip
    apply_items(source, Parsed(items=[item]), now=clock.now(), settings=settings)
    db.session.commit()
    return source


def test_our_feed_keeps_our_uid_and_carries_the_original(client, sites, settings, fetch_feed):
    source = imported(sites, settings)
    event_id = db.session.scalar(select(Event.id).where(Event.source_id == source.id))
    feed = fetch_feed(client, "/feeds/en/events.ics")
    event = feed.event(f"event-{event_id}@events.example.org")
    assert event["X-ENTENTE-SOURCE-UID"] == ORIGINAL
    assert ORIGINAL not in feed.uids


def test_the_api_shows_where_an_event_comes_from(client, sites, settings, make_event):
    imported(sites, settings)
    local = make_event()
    items = client.get("/api/v1/events?per_page=100").get_json()["items"]
    sources = {item["id"]: item["source"] for item in items}
    assert sources[local.id] is None
    (from_feed,) = [s for s in sources.values() if s is not None]
    assert from_feed == {
        "id": from_feed["id"], "uid": ORIGINAL, "url": "https://talks.cam.ac.uk/talk/index/220001",
    }  # fmt: skip
