"""Feed HTTP: headers, strong ETags, 304s, HEAD, and bytes that change only with the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, event, func, select

from eventapp import create_app
from eventapp.extensions import clock, db
from eventapp.feeds.models import IcalBlock

LIST = "/feeds/en/events.ics"


@pytest.fixture
def feed_urls(make_event):
    event = make_event(sessions=2)
    make_event(site="oxford")
    return [LIST, "/feeds/fr/events.ics?site=oxford&sessions=1", f"/feeds/fr/events/{event.id}.ics"]


def test_headers(client, fetch_feed, feed_urls) -> None:
    for url in feed_urls:
        response = fetch_feed(client, url).response
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        etag = response.headers["ETag"]
        assert etag.startswith('"') and not etag.startswith("W/")  # strong
        assert response.last_modified is not None
        assert response.last_modified <= clock.now()
        cache = response.headers["Cache-Control"]
        assert "max-age=" in cache
        assert 60 <= int(cache.split("max-age=")[1].split(",")[0]) <= 86400  # moderate
        assert "no-store" not in cache and "private" not in cache
        assert "Location" not in response.headers


def test_conditional_requests_get_304(client, fetch_feed, feed_urls) -> None:
    for url in feed_urls:
        first = fetch_feed(client, url).response
        etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
        for headers in (
            {"If-None-Match": etag},
            {"If-None-Match": f'"other", {etag}'},
            {"If-None-Match": f"W/{etag}"},  # If-None-Match compares weakly (RFC 9110 13.1.2)
            {"If-Modified-Since": modified},
        ):
            response = client.get(url, headers=headers)
            assert response.status_code == 304, (url, headers)
            assert response.data == b""
            # What RFC 9110 asks of a 304 (Werkzeug drops Last-Modified, which the ETag makes
            # unnecessary).
            assert response.headers["ETag"] == etag
            assert response.headers["Cache-Control"] == first.headers["Cache-Control"]
        for headers in (
            {"If-None-Match": '"other"'},
            # If-None-Match wins over If-Modified-Since.
            {"If-None-Match": '"other"', "If-Modified-Since": modified},
            {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"},
        ):
            response = client.get(url, headers=headers)
            assert response.status_code == 200, (url, headers)
            assert response.data == first.data


def test_head_answers_like_get_without_a_body(client, fetch_feed, feed_urls) -> None:
    for url in feed_urls:
        get = fetch_feed(client, url).response
        head = client.head(url)
        assert head.status_code == 200
        assert head.data == b""
        for name in ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Content-Length"):
            assert head.headers[name] == get.headers[name], name
        assert int(head.headers["Content-Length"]) == len(get.data)


def test_the_same_data_gives_the_same_bytes_from_any_instance(
    app, client, fetch_feed, feed_urls
) -> None:
    first = {url: fetch_feed(client, url).response for url in feed_urls}
    again = {url: client.get(url) for url in feed_urls}
    other = create_app({**app.config, "EVENTAPP_CLOCK_START": clock.now()})
    other.test_client_class = app.test_client_class  # each request in its own app context
    try:
        with other.app_context():
            # Another process, with nothing stored: it builds every block again.
            db.session.execute(delete(IcalBlock))
            db.session.commit()
            cold = {url: other.test_client().get(url) for url in feed_urls}
            warm = {url: other.test_client().get(url) for url in feed_urls}
            db.session.remove()
    finally:
        with other.app_context():
            db.engine.dispose()
    for url in feed_urls:
        for response in (again[url], cold[url], warm[url]):
            assert response.data == first[url].data, url
            assert response.headers["ETag"] == first[url].headers["ETag"], url
            assert response.headers["Last-Modified"] == first[url].headers["Last-Modified"]


def test_the_etag_changes_with_an_edit_and_a_delete(client, fetch_feed, make_event) -> None:
    edited, deleted = make_event(), make_event()
    etags = [fetch_feed(client, LIST).response.headers["ETag"]]
    single = fetch_feed(client, f"/feeds/en/events/{edited.id}.ics").response.headers["ETag"]

    edited.title_en = "A new title"
    db.session.commit()
    feed = fetch_feed(client, LIST)
    assert feed.event(f"event-{edited.id}@events.example.org")["SUMMARY"] == "A new title"
    etags.append(feed.response.headers["ETag"])
    after = fetch_feed(client, f"/feeds/en/events/{edited.id}.ics").response
    assert after.headers["ETag"] != single

    db.session.delete(deleted)
    db.session.commit()
    feed = fetch_feed(client, LIST)
    assert f"event-{deleted.id}@events.example.org" not in feed.uids
    etags.append(feed.response.headers["ETag"])
    assert len(set(etags)) == 3
    # The old ETag no longer gets a 304.
    assert client.get(LIST, headers={"If-None-Match": etags[0]}).status_code == 200


def test_the_etag_changes_when_an_event_leaves_the_window(client, fetch_feed, make_event) -> None:
    today = clock.now()
    start = (today - timedelta(days=88)).replace(hour=10, minute=0, tzinfo=None)
    leaving = make_event(start=start, hours=1)
    staying = make_event()
    feed = fetch_feed(client, LIST)
    assert feed.uids[0] == f"event-{leaving.id}@events.example.org"
    etag = feed.response.headers["ETag"]
    # The same UTC date: the same ETag, and a 304.
    assert client.get(LIST, headers={"If-None-Match": etag}).status_code == 304

    clock.advance(timedelta(days=5))
    later = fetch_feed(client, LIST)
    assert later.uids == [f"event-{staying.id}@events.example.org"]
    assert later.response.headers["ETag"] != etag
    assert later.response.last_modified > feed.response.last_modified
    assert client.get(LIST, headers={"If-None-Match": etag}).status_code == 200
    modified = feed.response.headers["Last-Modified"]
    assert client.get(LIST, headers={"If-Modified-Since": modified}).status_code == 200


def test_blocks_are_stored_once_per_event_and_language_by_the_write(
    client, fetch_feed, make_event
) -> None:
    make_event(sessions=1)
    make_event()

    def stored() -> int:
        return db.session.scalar(select(func.count()).select_from(IcalBlock))

    assert stored() == 2 * 2 * 2  # two events, their event and sessions parts, two languages
    for url in (LIST, "/feeds/fr/events.ics?sessions=1", "/feeds/fr/events.ics?type=seminar"):
        fetch_feed(client, url)
    assert stored() == 8


def test_a_public_feed_sets_no_cookie(client, fetch_feed, make_event) -> None:
    make_event()
    response = fetch_feed(client, LIST).response
    assert "Set-Cookie" not in response.headers  # Cache-Control is public: shared caches keep it
    assert "Cookie" not in response.headers.get("Vary", "")


def test_arguments_in_another_order_give_the_same_bytes(client, make_event):
    make_event(title_en="Ordered", site="oxford")
    first = client.get("/feeds/en/events.ics?type=seminar&site=oxford")
    second = client.get("/feeds/en/events.ics?site=oxford&type=seminar")
    assert first.headers["ETag"] == second.headers["ETag"]
    assert first.data == second.data


@pytest.fixture
def writes(app):
    """The statements that write, and the commits, sent to the database from now on."""
    seen: list[str] = []

    def statement(conn, cursor, sql, parameters, context, executemany) -> None:
        if sql.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            seen.append(sql)

    def commit(conn) -> None:
        seen.append("COMMIT")

    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(db.engine, "commit", commit)
    yield seen
    event.remove(db.engine, "before_cursor_execute", statement)
    event.remove(db.engine, "commit", commit)


def test_reading_a_feed_writes_nothing_even_when_it_builds(client, make_event, writes) -> None:
    first = make_event(sessions=1)
    make_event()
    db.session.execute(delete(IcalBlock))  # nothing stored: each read has to build its blocks
    db.session.commit()
    writes.clear()
    # Plain requests: `fetch_feed` ends the test's own transaction, which is no request's doing.
    for url in (LIST, "/feeds/fr/events.ics?sessions=1", f"/feeds/en/events/{first.id}.ics"):
        answer = client.get(url)
        assert answer.status_code == 200 and b"BEGIN:VEVENT" in answer.data
    assert writes == []  # reads used to store the blocks they built, and commit
    assert db.session.scalar(select(func.count()).select_from(IcalBlock)) == 0


def test_a_filtered_feed_polled_after_its_filter_changed_is_answered_anew(
    client, fetch_feed, make_event, sites
) -> None:
    """A poll of a filtered feed is answered for the data as it is now: once the site it names
    is renamed, the same address and ETag no longer get a 304 but the refusal of the filter."""
    make_event(site="oxford")
    url = "/feeds/en/events.ics?site=oxford"
    etag = fetch_feed(client, url).response.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    sites["oxford"].slug = "oxford-uni"
    db.session.commit()
    refused = client.get(url, headers={"If-None-Match": etag})
    assert refused.status_code == 400
    assert "Unknown value: oxford" in refused.get_data(as_text=True)
    renamed = client.get("/feeds/en/events.ics?site=oxford-uni", headers={"If-None-Match": etag})
    assert renamed.status_code == 200
    assert renamed.headers["ETag"] != etag
