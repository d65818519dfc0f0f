"""Time the calendar feed against two baselines of the same run: hello-db and a hand-written writer.

For each size: the cold cost (no stored blocks), the unchanged feed and its 304 (interleaved
with hello-db, round by round), and one request right after one event changed through a
service. The hand-written writer of `bench/handwritten.py` gets the same rows, already loaded.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as clock

from flask import Flask
from sqlalchemy import delete, select, text, update

from bench import bytecheck, databases, handwritten
from bench.data import populate
from eventapp import create_app
from eventapp.clock import system_now as utcnow
from eventapp.events.models import Event
from eventapp.events.services import move_event
from eventapp.extensions import db
from eventapp.feeds import warming
from eventapp.feeds.content import Site
from eventapp.feeds.models import IcalBlock
from eventapp.i18n import LANGUAGES
from eventapp.settings import settings_of

FEED_PATH = "/feeds/en/events.ics"
HELLO_DB_PATH = "/bench-hello-db"
TIMED = ("hello-db", "feed", "304")


@dataclass
class FeedTarget:
    """One app on a database of `size` events, all of them in the unfiltered feed."""

    size: int
    app: Flask
    label: str
    config: dict
    etag: str = ""
    cold_s: list[float] = field(default_factory=list)
    warm_s: float = 0.0
    worker_s: float = 0.0
    handwritten_s: list[float] = field(default_factory=list)
    samples: dict[str, list[float]] = field(default_factory=dict)
    after_change_s: list[float] = field(default_factory=list)
    ours: bytecheck.Verdict | None = None
    theirs: bytecheck.Verdict | None = None

    def median_ms(self, name: str) -> float:
        return statistics.median(self.samples[name]) * 1000

    def p90_ms(self, name: str) -> float:
        return statistics.quantiles(self.samples[name], n=10)[-1] * 1000

    def cold_us_per_event(self) -> float:
        return statistics.median(self.cold_s) / self.size * 1e6

    def worker_us_per_event(self) -> float:
        """Per event and language: the worker builds and stores both of each."""
        return self.worker_s / (self.size * len(LANGUAGES)) * 1e6

    def handwritten_us_per_event(self) -> float:
        return statistics.median(self.handwritten_s) / self.size * 1e6

    def handwritten_ms(self) -> float:
        return statistics.median(self.handwritten_s) * 1000

    def after_change_ms(self) -> float:
        return statistics.median(self.after_change_s) * 1000


def add_hello_db(app: Flask) -> None:
    """The baseline: a route of the bench's app instance that sends one trivial query."""

    def hello_db() -> str:
        db.session.execute(text("SELECT 1"))
        return "hello"

    app.add_url_rule(HELLO_DB_PATH, "bench_hello_db", hello_db)


def prepare(database: databases.Database, size: int) -> FeedTarget:
    """A migrated, populated database whose `size` events are all in the feed."""
    step = time.perf_counter()
    app = databases.build_app(database)
    add_hello_db(app)
    with app.app_context():
        # The data starts just after now, so every event is inside the feed's window; its 3 %
        # of drafts are published here so that the feed holds exactly `size` events.
        dataset = populate(size, now=utcnow())
        db.session.execute(update(Event).where(Event.status == "draft").values(status="published"))
        db.session.commit()
    databases.analyse(app)
    print(
        f"  {database.name}: {dataset.counts['events']:,} events, "
        f"{dataset.counts['event_sessions']:,} sessions in {time.perf_counter() - step:.1f} s",
        file=sys.stderr,
    )
    return FeedTarget(size=size, app=app, label=f"{size:,} events", config=database.config())


def _get(target: FeedTarget, client, headers=None, *, status: int = 200):
    response = client.get(FEED_PATH, headers=headers)
    if response.status_code != status:
        body = response.get_data(as_text=True)[:400]
        raise SystemExit(f"{target.label}: GET {FEED_PATH} -> {response.status_code}\n{body}")
    return response


def _vevents(target: FeedTarget, body: bytes) -> int:
    count = body.count(b"BEGIN:VEVENT\r\n")
    if count != target.size:
        raise SystemExit(f"{target.label}: the feed holds {count} VEVENTs, not {target.size}")
    return count


def measure_cold(target: FeedTarget, *, runs: int) -> None:
    """Serve the feed once from a new app instance (as a new process: nothing in its memory)
    on a table of blocks emptied first: every block the feed shows is built, for that request
    (a read stores nothing). Then the worker's way: every block of every event, both parts, in
    both languages, built and stored in committed chunks (`warming.build_stale`). Then "warm":
    once more from another new instance, every block now stored."""
    for _ in range(runs):
        response = cold_once(target)
    _vevents(target, response.data)
    target.ours = bytecheck.check(response.data)
    target.etag = response.headers["ETag"]
    target.worker_s = worker_build(target)
    target.warm_s, warm = _first_request(target)
    if warm.data != response.data:
        raise SystemExit(f"{target.label}: the stored blocks do not give the cold feed's bytes")


def cold_once(target: FeedTarget):
    """One cold build: the stored blocks deleted, then the feed served once by a new app
    instance (timed, in `target.cold_s`); its response."""
    with target.app.app_context():
        db.session.execute(delete(IcalBlock))
        db.session.commit()
    elapsed, response = _first_request(target)
    target.cold_s.append(elapsed)
    return response


def worker_build(target: FeedTarget) -> float:
    """Time the worker's build of every block, from a new app instance, on an emptied table."""
    app = create_app(target.config)
    try:
        with app.app_context():
            db.session.execute(delete(IcalBlock))
            db.session.commit()
            began = time.perf_counter()
            built = warming.build_stale(Site.of(settings_of(app)), stop=lambda: False)
            elapsed = time.perf_counter() - began
        if built != target.size * len(LANGUAGES):
            raise SystemExit(f"{target.label}: the worker built {built} events' blocks")
        return elapsed
    finally:
        databases.dispose(app)


def _first_request(target: FeedTarget):
    """Time one feed request of a new app instance on the same database (its connection
    opened first, untimed)."""
    app = create_app(target.config)
    add_hello_db(app)
    try:
        client = app.test_client()
        client.get(HELLO_DB_PATH)
        began = time.perf_counter()
        response = _get(target, client)
        return time.perf_counter() - began, response
    finally:
        databases.dispose(app)


def measure_handwritten(target: FeedTarget, *, runs: int) -> None:
    """Load the feed's rows once (untimed), then time only the writing, `runs` times."""
    config = target.app.config
    with target.app.app_context():
        today = datetime.combine(utcnow().date(), clock(), tzinfo=UTC)
        rows = handwritten.load_rows(today)
        if len(rows) != target.size:
            raise SystemExit(f"{target.label}: {len(rows)} rows loaded, not {target.size}")
        for _ in range(runs):
            began = time.perf_counter()
            body = handwritten.write(
                rows, base_url=config["EVENTAPP_BASE_URL"], uid_domain=config["EVENTAPP_UID_DOMAIN"]
            )
            target.handwritten_s.append(time.perf_counter() - began)
        db.session.rollback()
    _vevents(target, body)
    target.theirs = bytecheck.check(body)


def measure_polls(targets: Sequence[FeedTarget], *, rounds: int, warmup: int) -> None:
    """hello-db, the unchanged feed and its 304, interleaved round by round over all sizes."""
    clients = [(t, t.app.test_client()) for t in targets]
    requests = {
        "hello-db": lambda t, c: c.get(HELLO_DB_PATH),
        "feed": lambda t, c: _get(t, c),
        "304": lambda t, c: _get(t, c, {"If-None-Match": t.etag}, status=304),
    }
    for target in targets:
        target.samples = {name: [] for name in TIMED}
    for number in range(warmup + rounds):
        for target, client in clients:
            for name, send in requests.items():
                began = time.perf_counter()
                send(target, client)
                elapsed = time.perf_counter() - began
                if number >= warmup:
                    target.samples[name].append(elapsed)


def measure_after_change(target: FeedTarget, *, runs: int) -> None:
    """Move one event through the service and commit, then time the next request of the feed."""
    client = target.app.test_client()
    with target.app.app_context():
        picks = db.session.scalars(
            select(Event.id)
            .where(Event.status == "published")
            .order_by(Event.id)
            .offset(target.size // 3)
            .limit(runs)
        ).all()
        db.session.rollback()
    etag = target.etag
    for event_id in picks:
        with target.app.app_context():
            event = db.session.get(Event, event_id)
            later = timedelta(minutes=30)
            move_event(
                event,
                start_at=event.start_at + later,
                end_at=event.end_at + later,
                now=utcnow(),
                settings=settings_of(target.app),
            )
            db.session.commit()
        began = time.perf_counter()
        response = _get(target, client)
        target.after_change_s.append(time.perf_counter() - began)
        if response.headers["ETag"] == etag:
            raise SystemExit(f"{target.label}: the ETag did not change after a move")
        etag = response.headers["ETag"]
        _vevents(target, response.data)
    target.etag = etag
