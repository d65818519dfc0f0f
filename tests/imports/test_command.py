"""`flask sync-sources` and the worker's "sources" job: the syncs that are due, each reported."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eventapp.events.models import Event
from eventapp.extensions import clock, db
from eventapp.mail.transports import LogTransport
from eventapp.settings import settings_of
from eventapp.worker.jobs import Context, source_syncs


@pytest.fixture
def local_feeds(app):
    app.config.update(
        IMPORTS_ALLOW_HTTP_LOCALHOST=True, IMPORTS_ALLOW_PRIVATE=True, IMPORTS_TIMEOUT_SECONDS=1
    )


def test_sync_sources_syncs_those_due_and_prints_each_report(
    runner, feed_server, make_source, local_feeds
):
    good = make_source(feed_server.serve("/talks.ics", "talks_cam.ics"))
    bad = make_source(feed_server.serve("/page.ics", "html_page.ics"))
    result = runner.invoke(args=["sync-sources"])
    assert result.exit_code == 1  # one failed: a cron job or a monitor sees it
    assert f"Source {good.id} (Feed 1): ok, HTTP 200" in result.output
    assert "3 created, 0 updated, 0 cancelled, 0 unchanged, 0 skipped" in result.output
    assert f"Source {bad.id} (Feed 2): failed, HTTP 200" in result.output
    assert "error: The address gives an HTML page" in result.output

    # Neither is due again before its interval (the failed one waits too).
    again = runner.invoke(args=["sync-sources"])
    assert again.exit_code == 0 and again.output.strip() == "No source is due."

    # Named, a source syncs at once, due or not.
    named = runner.invoke(args=["sync-sources", "--source", str(good.id)])
    assert named.exit_code == 0 and "not-modified, HTTP 304" in named.output


def test_an_unknown_source_is_said_so(runner, local_feeds):
    result = runner.invoke(args=["sync-sources", "--source", "999"])
    assert result.exit_code != 0 and "There is no source 999." in result.output


def test_the_worker_s_sources_job_syncs_what_is_due(app, feed_server, make_source, local_feeds):
    make_source(feed_server.serve("/talks.ics", "talks_cam.ics"))
    ctx = Context(
        now=clock.reader(), settings=settings_of(app), config=app.config,
        transport=LogTransport(app.logger), stop=lambda: False,
    )  # fmt: skip
    assert source_syncs(ctx) == 1
    assert db.session.scalar(select(func.count(Event.id))) == 3
    assert source_syncs(ctx) == 0  # synced: not due for an hour
    clock.advance(timedelta(minutes=61))
    assert source_syncs(ctx) == 1
