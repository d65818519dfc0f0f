"""Two app instances on one database, as two server processes are: whatever one writes, the other
serves at once, with a new ETag, deletes included; and unchanged events are never rebuilt."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventapp import create_app
from eventapp.events.services import cancel_event, move_event
from eventapp.extensions import clock, db
from eventapp.feeds import blocks

URLS = ("/feeds/en/events.ics", "/feeds/fr/events.ics?sessions=1")


def uid(event) -> str:
    return f"event-{event.id}@events.example.org"


@pytest.fixture
def other(app):
    """A second instance: its own engine and connection pool, its own in-process state."""
    second = create_app({**app.config, "EVENTAPP_CLOCK_START": clock.now()})
    second.test_client_class = app.test_client_class
    yield second
    with second.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    """The UIDs of the VEVENTs built from now on, in any instance."""
    built: list[str] = []
    real = blocks.event_block

    def counting(item):
        built.append(item.uid)
        return real(item)

    monkeypatch.setattr(blocks, "event_block", counting)
    return built


def test_a_write_through_one_instance_shows_in_the_other(
    app, other, fetch_feed, make_event, builds, settings
) -> None:
    moved, deleted, cancelled, kept = (make_event(sessions=1) for _ in range(4))
    a, b = app.test_client(), other.test_client()
    # The writes (through A) built and stored every block: B reads them and builds nothing.
    assert len(builds) == 4 * 2 * 2  # 4 events and their 4 sessions, in 2 languages
    before = {url: fetch_feed(b, url) for url in URLS}
    assert len(builds) == 16
    for url in URLS:
        again = fetch_feed(a, url)  # A reads the blocks B stored
        assert again.data == before[url].data
        assert again.response.headers["ETag"] == before[url].response.headers["ETag"]
    assert len(builds) == 16

    # Through instance A (this test runs in A's app context): a move, commit; then a delete.
    now = clock.now()
    builds.clear()
    move_event(
        moved, start_at=datetime(2027, 5, 3, 8, 0, tzinfo=UTC),
        end_at=datetime(2027, 5, 3, 9, 0, tzinfo=UTC), settings=settings, now=now,
    )  # fmt: skip
    db.session.commit()
    # Only the moved event was built again, by the write (its event and session, each language).
    assert sorted(builds) == sorted(
        [uid(moved), f"session-{moved.sessions[0].id}@events.example.org"] * 2
    )
    builds.clear()
    for url in URLS:
        after = fetch_feed(b, url)
        assert after.response.headers["ETag"] != before[url].response.headers["ETag"]
        assert after.event(uid(moved))["DTSTART"] == "20270503T100000"
        assert after.event(uid(moved))["LAST-MODIFIED"] == f"{now:%Y%m%dT%H%M%SZ}"
    assert builds == []  # B read what A stored

    etags = {url: fetch_feed(b, url).response.headers["ETag"] for url in URLS}
    session_uid = f"session-{deleted.sessions[0].id}@events.example.org"
    db.session.delete(deleted)
    db.session.commit()
    builds.clear()
    for url in URLS:
        after = fetch_feed(b, url)
        assert after.response.headers["ETag"] != etags[url]
        assert uid(deleted) not in after.uids and session_uid not in after.uids
        assert {uid(moved), uid(cancelled), uid(kept)} <= set(after.uids)
    assert builds == []  # a delete rebuilds nothing

    cancel_event(cancelled, settings=settings, now=clock.now())
    db.session.commit()
    for url, lang in zip(URLS, ("en", "fr"), strict=True):
        after = fetch_feed(b, url)
        assert after.event(uid(cancelled))["STATUS"] == "CANCELLED"
        prefix = "[CANCELLED]" if lang == "en" else "[ANNULÉ]"
        assert after.event(uid(cancelled))["SUMMARY"].startswith(prefix)
        # And B's bytes are A's bytes.
        assert fetch_feed(a, url).data == after.data


def test_an_unchanged_feed_is_not_rebuilt(app, other, fetch_feed, make_event, builds) -> None:
    for _ in range(3):
        make_event(sessions=2)
    b = other.test_client()
    assert len(builds) == 3 * 3 * 2  # by the writes: each event and its two sessions, 2 languages
    builds.clear()
    first = fetch_feed(b, "/feeds/en/events.ics")
    # The same feed again, other filters over the same events, and another instance: no build.
    for client in (b, app.test_client()):
        for url in ("/feeds/en/events.ics", "/feeds/en/events.ics?sessions=1&type=seminar"):
            assert fetch_feed(client, url).events
    assert builds == []
    assert fetch_feed(b, "/feeds/en/events.ics").data == first.data


def test_a_change_to_a_venue_reaches_the_other_instance(
    app, other, fetch_feed, make_event, builds
) -> None:
    event, elsewhere = make_event(), make_event()
    b = other.test_client()
    before = fetch_feed(b, "/feeds/en/events.ics")
    builds.clear()
    event.venue.name_en = "Renamed room"
    db.session.commit()
    assert builds == [uid(event)] * 2  # rebuilt by the write, in each language; not the other
    builds.clear()
    after = fetch_feed(b, "/feeds/en/events.ics")
    assert after.response.headers["ETag"] != before.response.headers["ETag"]
    assert after.event(uid(event))["LOCATION"].startswith("Renamed room")
    assert after.event(uid(elsewhere))["LOCATION"] == before.event(uid(elsewhere))["LOCATION"]
    assert builds == []
