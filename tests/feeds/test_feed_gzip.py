"""Compressed feeds: gzip bytes kept beside the plain ones, their own strong ETag (issue 15)."""

from __future__ import annotations

import gzip

import pytest

from eventapp import create_app
from eventapp.extensions import clock, db

GZIP = {"Accept-Encoding": "gzip, deflate"}


@pytest.fixture
def feed_urls(make_event):
    event = make_event(sessions=2)
    for n in range(5):
        make_event(site="oxford", title_en=f"Seminar {n}", summary_en="Text " * 40)
    return ["/feeds/en/events.ics", "/feeds/fr/events.ics?site=oxford&sessions=1",
            f"/feeds/fr/events/{event.id}.ics"]  # fmt: skip


def test_gzip_bytes_decompress_to_the_plain_bytes(client, feed_urls):
    for url in feed_urls:
        plain = client.get(url)
        packed = client.get(url, headers=GZIP)
        assert plain.status_code == packed.status_code == 200
        assert "Content-Encoding" not in plain.headers
        assert packed.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.data) == plain.data
        assert len(packed.data) < len(plain.data) / 2
        for response in (plain, packed):
            assert "Accept-Encoding" in response.headers["Vary"]
            assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert packed.headers["ETag"] != plain.headers["ETag"]
        assert not packed.headers["ETag"].startswith("W/")  # strong, like the plain one


def test_a_client_refusing_gzip_gets_plain_bytes(client, feed_urls):
    response = client.get(feed_urls[0], headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in response.headers
    assert response.data.startswith(b"BEGIN:VCALENDAR")


def test_conditional_requests_work_in_either_encoding(client, make_event, feed_urls):
    url = feed_urls[0]
    packed = client.get(url, headers=GZIP)
    plain = client.get(url)
    gz_tag, tag = packed.headers["ETag"], plain.headers["ETag"]
    again = client.get(url, headers={**GZIP, "If-None-Match": gz_tag})
    assert again.status_code == 304 and again.headers["ETag"] == gz_tag
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
    # A client that changed its mind about gzip is current: the same body, another encoding.
    assert client.get(url, headers={**GZIP, "If-None-Match": tag}).status_code == 304
    make_event(title_en="Something new")
    changed = client.get(url, headers={**GZIP, "If-None-Match": gz_tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != gz_tag
    assert b"Something new" in gzip.decompress(changed.data)


def test_every_process_compresses_a_body_to_the_same_bytes(app, client, feed_urls):
    """A strong ETag names bytes: another app process (its own memo) must send the same ones."""
    first = {url: client.get(url, headers=GZIP) for url in feed_urls}
    other = create_app({**app.config, "EVENTAPP_CLOCK_START": clock.now()})
    other.test_client_class = app.test_client_class  # each request in its own app context
    try:
        with other.app_context():
            second = {url: other.test_client().get(url, headers=GZIP) for url in feed_urls}
            db.session.remove()
    finally:
        with other.app_context():
            db.engine.dispose()
    for url in feed_urls:
        assert second[url].headers["ETag"] == first[url].headers["ETag"], url
        assert second[url].data == first[url].data, url
