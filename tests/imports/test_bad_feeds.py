"""Broken feeds and servers: each gets a clear report and changes nothing it should not."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.imports.fetch import Fetcher, FetchError, https_url


def count_events() -> int:
    return db.session.scalar(select(func.count(Event.id)))


@pytest.mark.parametrize(
    ("fixture", "says"),
    [
        ("html_page.ics", "HTML page, not an iCalendar feed"),
        ("truncated.ics", "cut short"),
    ],
)
def test_what_is_not_a_whole_calendar_is_refused(feed_server, make_source, sync, fixture, says):
    source = make_source(feed_server.serve("/feed.ics", fixture))
    report = sync(source)
    assert report.status == "failed" and says in report.errors[0]
    assert count_events() == 0 and source.failures == 1 and source.etag is None


def test_a_missing_feed_reports_the_http_status(feed_server, make_source, sync):
    report = sync(make_source(feed_server.url("/nothing-here.ics")))
    assert (report.status, report.http_status) == ("failed", 404)
    assert "404" in report.errors[0]


def test_items_that_cannot_be_imported_are_skipped_each_with_its_reason(
    feed_server, make_source, sync
):
    source = make_source(feed_server.serve("/bad.ics", "bad_items.ics"), site="oxford")
    report = sync(source)
    assert report.status == "ok" and report.created == 2  # the first duplicate, the floating one
    reasons = dict(report.skipped)
    assert reasons["#1 No UID here"].startswith("No UID")
    assert "same UID" in reasons["dup@example.org"]
    assert "before it starts" in reasons["backwards@example.org"]
    assert "1900–2999" in reasons["far@example.org"]
    assert "No DTSTART" in reasons["nodate@example.org"]
    assert source.last_report["skipped_count"] == 5
    titles = sorted(e.title_en for e in db.session.scalars(select(Event)))
    assert titles == ["First of two", "Floating time"]
    floating = db.session.scalar(select(Event).where(Event.title_en == "Floating time"))
    assert floating.local_start.hour == 10  # a floating time is read in the site's zone


@pytest.mark.parametrize(
    ("fixture", "title"),
    [
        ("lf_bom.ics", "Éthique et apprentissage automatique : un très long titre jamais replié"),
        ("latin1.ics", "Séminaire d'été"),
    ],
)
def test_lf_line_ends_a_bom_long_lines_and_latin_1_are_read(
    feed_server, make_source, sync, fixture, title
):
    report = sync(make_source(feed_server.serve("/feed.ics", fixture)))
    assert report.status == "ok" and report.created == 1
    assert db.session.scalar(select(Event.title_en)).startswith(title)


def test_a_feed_larger_than_the_limit_is_not_read_beyond_it(feed_server, make_source, sync):
    # Streamed with no Content-Length: reading stops at the limit.
    feed_server.serve("/big.ics", b"", stream=5 * 1024 * 1024, etag=False)
    report = sync(make_source(feed_server.url("/big.ics")))
    assert report.status == "failed" and "larger than 1 MB" in report.errors[0]


def test_a_declared_size_over_the_limit_is_refused_before_reading(feed_server, make_source, sync):
    feed_server.serve("/big.ics", b"x" * (1024 * 1024 + 1))
    report = sync(make_source(feed_server.url("/big.ics")))
    assert report.status == "failed" and "larger than" in report.errors[0]


def test_a_server_that_never_answers_times_out(feed_server, make_source, sync):
    feed_server.serve("/slow.ics", b"", hang=True)
    began = time.monotonic()
    report = sync(make_source(feed_server.url("/slow.ics")))
    assert report.status == "failed" and "No answer within 1 seconds" in report.errors[0]
    assert time.monotonic() - began < 5


def test_redirects_are_followed_on_the_same_host_only(feed_server, make_source, sync):
    feed_server.serve("/feed.ics", "talks_cam.ics")
    feed_server.serve("/old.ics", b"", status=301, headers={"Location": "/feed.ics"})
    assert sync(make_source(feed_server.url("/old.ics"))).created == 3

    elsewhere = feed_server.url("/feed.ics", host="localhost")
    feed_server.serve("/moved.ics", b"", status=302, headers={"Location": elsewhere})
    report = sync(make_source(feed_server.url("/moved.ics")))
    assert report.status == "failed" and "another host" in report.errors[0]


def test_a_redirect_to_plain_http_is_refused(feed_server, make_source, sync):
    feed_server.serve("/feed.ics", b"", status=302,
                      headers={"Location": "http://calendar.example.org/feed.ics"})  # fmt: skip
    report = sync(make_source(feed_server.url("/feed.ics")))
    assert report.status == "failed" and "Only https addresses" in report.errors[0]


def test_more_than_five_redirects_are_refused(feed_server, make_source, sync):
    for n in range(7):
        feed_server.serve(f"/r{n}.ics", b"", status=302, headers={"Location": f"/r{n + 1}.ics"})
    report = sync(make_source(feed_server.url("/r0.ics")))
    assert report.status == "failed" and "More than 5 redirects" in report.errors[0]


def test_plain_http_is_refused_unless_the_tests_allow_this_machine(feed_server):
    url = feed_server.serve("/feed.ics", "talks_cam.ics")
    with pytest.raises(FetchError, match="Only https"):
        Fetcher(timeout=1)(url)
    with pytest.raises(FetchError, match="Only https"):
        Fetcher(timeout=1, allow_http_localhost=True, allow_private=True)(
            "http://example.org/feed.ics"
        )
    assert Fetcher(timeout=1, allow_http_localhost=True, allow_private=True)(url).status == 200


def test_webcal_addresses_are_read_as_https():
    assert https_url("webcal://talks.cam.ac.uk/show/ics/1.ics") == (
        "https://talks.cam.ac.uk/show/ics/1.ics"
    )
    assert https_url(" https://x.org/a.ics ") == "https://x.org/a.ics"
