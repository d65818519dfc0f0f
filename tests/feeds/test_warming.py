"""After a deploy or an import every block is stale: the worker builds them in committed chunks,
and a feed request builds only a bounded number itself, never serving another fingerprint's."""

from __future__ import annotations

from sqlalchemy import create_engine, delete, func, select

from eventapp.extensions import db
from eventapp.feeds import warming
from eventapp.feeds.content import Site
from eventapp.feeds.models import IcalBlock
from eventapp.settings import settings_of

FEED = "/feeds/en/events.ics"


def events_with_blocks(lang: str = "en") -> int:
    """Events whose block is stored, read on a connection of its own (what is committed)."""
    engine = create_engine(db.engine.url)
    try:
        with engine.connect() as conn:
            return conn.scalar(
                select(func.count(func.distinct(IcalBlock.event_id))).where(IcalBlock.lang == lang)
            )
    finally:
        engine.dispose()


def imported(app, make_event, n: int) -> list[int]:
    """`n` events whose blocks are gone, as after an import made outside the app's sessions
    (or a deploy: a new process with a new fingerprint finds no current block)."""
    ids = [make_event(title_en=f"Imported {i}").id for i in range(n)]
    db.session.execute(delete(IcalBlock))
    db.session.commit()
    app.extensions.pop("eventapp.ical_blocks", None)  # the process's memo of them too
    return ids


def test_a_request_builds_a_bounded_chunk_and_asks_to_come_back(app, client, make_event):
    imported(app, make_event, 7)
    app.config["FEED_INLINE_BUILD"] = 3
    first = client.get(FEED)
    assert first.status_code == 503 and first.headers["Retry-After"] == "60"
    assert "try again" in first.get_data(as_text=True)
    assert events_with_blocks() == 3  # stored and committed: the next poll builds the next ones
    assert client.get(FEED).status_code == 503
    assert events_with_blocks() == 6
    last = client.get(FEED)  # one left: within the request's bound
    assert last.status_code == 200
    assert last.data.count(b"BEGIN:VEVENT") == 7


def test_the_worker_builds_every_stale_block_ahead_of_the_readers(app, client, runner, make_event):
    ids = imported(app, make_event, 5)
    assert warming.stale_events("en", warming.current_fingerprint()) == ids
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert events_with_blocks("en") == events_with_blocks("fr") == 5
    assert warming.stale_events("fr", warming.current_fingerprint()) == []
    app.config["FEED_INLINE_BUILD"] = 0  # a request may build nothing: all is ready
    assert client.get(FEED).data.count(b"BEGIN:VEVENT") == 5


def test_a_build_stopped_half_way_keeps_the_chunks_it_committed(app, make_event):
    imported(app, make_event, 5)
    chunks = []
    built = warming.build_stale(
        Site.of(settings_of(app)), chunk=2, stop=lambda: len(chunks) >= 1,
        commit=lambda: (db.session.commit(), chunks.append(1)),
    )  # fmt: skip
    assert built == 2
    assert events_with_blocks("fr") == 2  # committed: a killed worker loses nothing done
    assert len(warming.stale_events("fr", warming.current_fingerprint())) == 3


def test_the_wait_is_said_in_the_feed_s_language(app, client, make_event):
    imported(app, make_event, 2)
    app.config["FEED_INLINE_BUILD"] = 1
    answer = client.get("/feeds/fr/events.ics")
    assert answer.status_code == 503
    assert "réessayez dans une minute" in answer.get_data(as_text=True)
