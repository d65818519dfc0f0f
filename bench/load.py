"""The load run: the app under gunicorn on PostgreSQL, each route alternated with a baseline of
the same app under wrk, three rounds; the registration rush against a plain-INSERT route; the
cold feed build per event against the hand-written writer (in process: bench/loadcold.py).

`python -m bench --only load` (part of `make bench` when PostgreSQL answers). Everything it
starts (a database of its own on the server, gunicorn) is stopped and dropped at the end.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import sys
import time
import urllib.request
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from bench import databases, faultstack, loadapp, loadcold, loaddrive, loadprofile, pages
from bench.data import populate
from eventapp.accounts.models import User
from eventapp.accounts.services import create_token
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.reference.models import Organisation, Site
from eventapp.registrations.models import Registration

EVENTS = 1_000
FEED_PATH = "/feeds/en/events.ics"
PEOPLE = 3_000  # tokens for the rush: one person per request, never the same twice in a round
CAPACITY = 100  # places of each rush's event: the rest wait
# The name of the load run's own database, when it must be another (a shared server's naming).
DATABASE_ENV = "BENCH_LOAD_DATABASE"
RUSH_NAME = "registrations, 200 people at once"


@dataclass(frozen=True)
class Route:
    """One measured route, alternated with its baseline; `target`: the least ratio wanted."""

    name: str
    path: str
    target: float | None
    headers: dict[str, str] = field(default_factory=dict)
    expect: int = 200


@dataclass
class Measure:
    route: Route
    baseline: str
    runs: list[loaddrive.Run] = field(default_factory=list)
    base_runs: list[loaddrive.Run] = field(default_factory=list)

    def rates(self) -> list[float]:
        return [run.rate() for run in self.runs]

    def base_rates(self) -> list[float]:
        return [run.rate() for run in self.base_runs]

    def ratios(self) -> list[float]:
        return [r / b if b else 0.0 for r, b in zip(self.rates(), self.base_rates(), strict=True)]

    def missed(self) -> bool:
        target = self.route.target
        return target is not None and statistics.median(self.ratios()) < target

    def unexpected(self) -> dict[int, int]:
        odd: dict[int, int] = {}
        for run in self.runs:
            for status, n in run.unexpected(self.route.expect).items():
                odd[status] = odd.get(status, 0) + n
        return odd


@dataclass
class Setup:
    url: str
    config: dict
    detail_id: int
    rush_events: list[int]
    spare_events: list[int]  # for the profiling pass
    tokens: Path
    reader_cookie: str  # the signed session cookie of a reader with a place on the detail event


def run(
    workdir: Path,
    *,
    rounds: int = 3,
    seconds: float = 3.0,
    workers: int = 2,
    events: int = EVENTS,
    profile: bool = False,
    rush_only: bool = False,
    only_routes: list[str] | None = None,
) -> None:
    """Measure and print; skipped with a message when no PostgreSQL answers. With `profile`, a
    second pass under a profiler for each route that missed its target (bench/loadprofile.py).
    `rush_only`: the registration rush alone, no page or feed route. `only_routes`: the routes
    whose name holds one of these words (the rush's is "registrations, 200 people at once"),
    without the feed sizes and the cold build."""
    server = databases.postgres_server()
    if server is None:
        print(f"\nload: skipped (no PostgreSQL at ${databases.POSTGRES_ENV} or localhost:5432)")
        return
    began = time.perf_counter()
    name = os.environ.get(DATABASE_ENV) or f"eventapp_bench_load_{events}_{os.getpid()}"
    with databases.own_database(server, name) as url:
        setup = _prepare(url, workdir, rounds, events)
        print(f"  load: database ready in {time.perf_counter() - began:.1f} s", file=sys.stderr)
        app = Gunicorn(setup.config, workdir, workers=workers)
        try:
            app.wait_ready()
            measures, sizes = _measure(app.port, setup, rounds=rounds, seconds=seconds,
                                       rush_only=rush_only, only_routes=only_routes)  # fmt: skip
        finally:
            app.stop()
        outcome = _check_rush(url, setup.rush_events)
        cold = None if sizes is None else loadcold.measure(url, sizes["vevents"], rounds=rounds)
        _print(measures, sizes, outcome, workers=workers, rounds=rounds, seconds=seconds,
               events=events)  # fmt: skip
        if cold is not None:
            print(cold.line())
        missed = [m for m in measures if m.missed()]
        if profile and missed:
            _profile(setup, workdir, missed, workers=workers, seconds=seconds)


def _profile(setup: Setup, workdir: Path, missed: list[Measure], *, workers: int, seconds: float):
    """Each missed route again, for 2 × `seconds`, in an app whose workers profile requests;
    the profiles are written when the workers stop, then summed and printed."""
    directory = workdir / "profiles"
    directory.mkdir(exist_ok=True)
    app = Gunicorn(setup.config, workdir, workers=workers, profile=directory)
    loads = []
    try:
        app.wait_ready()
        for m in missed:
            if m.route.path:
                load = loaddrive.Load(app.port, m.route.path, headers=m.route.headers)
                warm = replace(load, headers={**load.headers, **loadprofile.WARMUP}, seconds=1)
            else:  # the rush: warmed up on one of the events kept for this pass, run on the other
                path = "/api/v1/events/{}/registrations"
                load = loaddrive.Load(
                    app.port,
                    path.format(setup.spare_events[1]),
                    method="POST",
                    tokens=setup.tokens,
                    connections=200,
                )
                warm = replace(load, path=path.format(setup.spare_events[0]), connections=8,
                               headers=loadprofile.WARMUP, seconds=1)  # fmt: skip
            loaddrive.drive(warm)
            loaddrive.drive(replace(load, seconds=2 * seconds))
            loads.append((m, load.path))
    finally:
        app.stop(grace=120)  # the queued requests served, then each worker writes its profiles
    print("\nProfiles of the routes that missed their target (one pass, under cProfile):")
    for m, path in loads:
        print(f"  {m.route.name}:")
        for line in loadprofile.summary(directory, path):
            print(f"    {line}")


class Gunicorn(faultstack.Process):
    """`gunicorn bench.loadapp:app`, `workers` sync workers, on a free port."""

    def __init__(
        self, config: dict, logdir: Path, *, workers: int, profile: Path | None = None
    ) -> None:
        self.port, self.workers = faultstack.free_port(), workers
        argv = [str(faultstack.BIN / "gunicorn"), "--workers", str(workers),
                "--worker-class", "sync", "--bind", f"127.0.0.1:{self.port}",
                "--timeout", "120", "bench.loadapp:app"]  # fmt: skip
        env = {**os.environ, loadapp.CONFIG_ENV: json.dumps(config)}
        if profile is not None:
            env[loadprofile.PROFILE_ENV] = str(profile)
        super().__init__(f"gunicorn-load-{self.port}", argv, env, logdir)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while self.popen.poll() is None and time.monotonic() < deadline:
            try:
                if _get(self.port, loadapp.HELLO_PATH)[0] == 200:
                    return
            except OSError:  # not listening yet
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")


def _prepare(url: str, workdir: Path, rounds: int, events: int) -> Setup:
    """Migrate and fill the database; add the rush's events and people and the plain table."""
    database = databases.Database("postgresql-load", url, {})
    app = databases.build_app(database)
    try:
        with app.app_context():
            now = datetime.now(UTC)
            dataset = populate(events, now=now)
            db.session.execute(
                text(
                    f"CREATE TABLE {loadapp.PLAIN_TABLE} (id serial PRIMARY KEY, note text, "
                    "created_at timestamptz NOT NULL DEFAULT clock_timestamp())"
                )
            )
            site = db.session.get(Site, 1)
            org = db.session.scalars(select(Organisation).where(Organisation.site_id == 1)).first()
            rush = [_rush_event(site, org, now, n) for n in range(rounds + 2)]
            users = [
                User(email=f"rush-{n}@bench.example.org", name=f"Rush {n}", confirmed_at=now)
                for n in range(PEOPLE)
            ]
            db.session.add_all(users)
            db.session.flush()
            tokens = [create_token(user, now=now) for user in users]
            db.session.commit()
            rush_events = [event.id for event in rush]
        reader = pages.session_cookie(app, pages.signed_in_reader(app, dataset.detail_event_id))
        databases.analyse(app)
    finally:
        databases.dispose(app)
    path = workdir / "load-tokens.txt"
    path.write_text("\n".join(tokens) + "\n")
    # The app's own engine options (pooled connections checked as in production). A MAIL_SERVER,
    # as production requires: without one each request that queues mail would deliver it to the
    # log itself (mail/inline.py, for `make run`), which production never does. Nothing is sent:
    # no worker runs during the load.
    config = {k: v for k, v in database.config().items() if k != "SQLALCHEMY_ENGINE_OPTIONS"}
    config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)
    return Setup(url, config, dataset.detail_event_id, rush_events[:-2], rush_events[-2:], path,
                 reader)  # fmt: skip


def _rush_event(site: Site, org: Organisation, now: datetime, n: int) -> Event:
    start = now + timedelta(days=40 + n)
    event = Event(
        kind="seminar", status="published", language="en", site=site, title_en=f"Rush {n + 1}",
        start_at=start, end_at=start + timedelta(hours=2), online_url="https://meet.example.org/r",
        capacity=CAPACITY, organisations=[org],
    )  # fmt: skip
    db.session.add(event)
    return event


def _get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _routes(port: int, setup: Setup) -> list[Route]:
    status, headers, _ = _get(port, FEED_PATH)  # built here, untimed: every block stored
    if status != 200:
        raise RuntimeError(f"the feed answered {status}")
    return [
        Route("/en/events/ list", "/en/events/", 0.25),
        Route("/fr/events/<id> event page", f"/fr/events/{setup.detail_id}", 0.25),
        Route(
            "/fr/events/<id> signed in, a place",
            f"/fr/events/{setup.detail_id}",
            None,
            {"Cookie": _settled_cookie(port, f"/fr/events/{setup.detail_id}", setup)},
        ),
        Route("/api/v1/events (50 a page)", "/api/v1/events", 0.2),
        Route("feed, conditional (304)", FEED_PATH, 0.5, {"If-None-Match": headers["ETag"]}, 304),
        Route("feed, full, plain", FEED_PATH, None),
        Route("feed, full, gzip", FEED_PATH, None, {"Accept-Encoding": "gzip"}),
    ]


def _settled_cookie(port: int, path: str, setup: Setup) -> str:
    """The reader's cookie once the page has put its CSRF token in it: a browser sends that one
    back (with the first cookie, each request would make a new token and a new Set-Cookie)."""
    status, headers, body = _get(port, path, {"Cookie": f"session={setup.reader_cookie}"})
    if status != 200 or b"Bench Reader" not in body:
        raise RuntimeError(f"the signed-in event page answered {status} without its reader")
    cookie = headers.get("Set-Cookie", "")
    value = cookie.split(";", 1)[0].partition("session=")[2] or setup.reader_cookie
    return f"session={value}"


def _measure(port: int, setup: Setup, *, rounds: int, seconds: float, rush_only: bool = False,
             only_routes: list[str] | None = None):  # fmt: skip
    routes = [] if rush_only else _routes(port, setup)
    sizes = None if rush_only or only_routes is not None else _feed_sizes(port)
    if only_routes is not None:
        routes = [r for r in routes if any(word in r.name for word in only_routes)]
    hello = loaddrive.Load(port, loadapp.HELLO_PATH, seconds=seconds)
    measures = []
    for route in routes:
        load = loaddrive.Load(port, route.path, headers=route.headers, seconds=seconds)
        # Warm-up, untimed: every worker has built and kept what it serves.
        loaddrive.drive(loaddrive.Load(port, route.path, headers=route.headers, seconds=1))
        measure = Measure(route, "hello")
        for _ in range(rounds):
            measure.base_runs.append(loaddrive.drive(hello))
            measure.runs.append(loaddrive.drive(load))
        measures.append(measure)
        print(f"  load: {route.name} done", file=sys.stderr)
    if only_routes is None or any(word in RUSH_NAME for word in only_routes):
        measures.append(_rush(port, setup, rounds=rounds, seconds=seconds))
    return measures, sizes


def _rush(port: int, setup: Setup, *, rounds: int, seconds: float) -> Measure:
    """200 people at once on one event (a new event each round), against 200 plain INSERTs.

    With 200 connections on 2 workers, most requests wait in the listen queue, and those still
    queued when wrk stops are served after it: each side's rate is every row it wrote over the
    time from the start of the load to its last row (the rows' own timestamps).
    """
    engine = create_engine(setup.url)
    plain = f"{loadapp.PLAIN_TABLE} WHERE id > :after"
    try:
        insert = loaddrive.Load(
            port, loadapp.INSERT_PATH, method="POST", connections=200, seconds=seconds
        )
        loaddrive.drive(loaddrive.Load(port, loadapp.INSERT_PATH, method="POST", seconds=1))
        route = Route(RUSH_NAME, "", 0.3, expect=201)
        measure = Measure(route, "plain INSERT")
        for event_id in setup.rush_events:
            after = _settle(engine, f"SELECT max(id) FROM {loadapp.PLAIN_TABLE}")
            measure.base_runs.append(_rows_run(engine, insert, plain, {"after": after}))
            path = f"/api/v1/events/{event_id}/registrations"
            rush = loaddrive.Load(
                port, path, method="POST", tokens=setup.tokens, connections=200, seconds=seconds
            )
            rows = "registrations WHERE event_id = :event"
            measure.runs.append(_rows_run(engine, rush, rows, {"event": event_id}))
        print("  load: registrations done", file=sys.stderr)
        return measure
    finally:
        engine.dispose()


def _rows_run(engine, load: loaddrive.Load, rows: str, params: dict) -> loaddrive.Run:
    """Drive `load`, wait until the server has written its last row (of `rows`: "table WHERE
    …"), and count the rows as answers (201) over the time from the start to that row; the
    answers wrk saw within its time are kept beside, for their statuses."""
    began = datetime.now(UTC)
    seen = loaddrive.drive(load)
    _settle(engine, f"SELECT count(*) FROM {rows}", params)
    with engine.connect() as conn:
        count, last = conn.execute(
            text(f"SELECT count(*), max(created_at) FROM {rows}"), params
        ).one()
    if last.tzinfo is None:  # the app stores UTC without a zone
        last = last.replace(tzinfo=UTC)
    seconds = (last - began).total_seconds() if count else load.seconds
    return loaddrive.Run(seconds, {201: count}, seen.socket_errors, seen.statuses)


def _settle(engine, query: str, params: dict | None = None, quiet: float = 1.0):
    """Wait until what `query` gives has not moved for `quiet` seconds (at most 60 s); return it."""
    deadline, last, since = time.monotonic() + 60, None, time.monotonic()
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            value = conn.scalar(text(query), params or {})
        if value != last:
            last, since = value, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
        time.sleep(0.2)
    return last or 0


def _feed_sizes(port: int) -> dict:
    _, plain_headers, plain = _get(port, FEED_PATH)
    _, packed_headers, packed = _get(port, FEED_PATH, {"Accept-Encoding": "gzip"})
    encoded = packed_headers.get("Content-Encoding") == "gzip"
    return {
        "plain": len(plain),
        "sent": len(packed),
        "gzip": encoded,
        "same": (gzip.decompress(packed) if encoded else packed) == plain,
        "etags differ": plain_headers.get("ETag") != packed_headers.get("ETag"),
        "vevents": plain.count(b"BEGIN:VEVENT"),
    }


def _check_rush(url: str, event_ids: list[int]) -> list[dict]:
    """Each rush event's rows: confirmed, waiting, duplicates, waiting positions given twice."""
    engine = create_engine(url)
    try:
        outcome = []
        with engine.connect() as conn:
            for event_id in event_ids:
                where = Registration.event_id == event_id
                counts = dict(conn.execute(
                    select(Registration.status, func.count()).where(where)
                    .group_by(Registration.status)
                ).all())  # fmt: skip
                rows = sum(counts.values())
                distinct = func.count(func.distinct(Registration.email))
                emails = conn.scalar(select(distinct).where(where))
                queue = conn.execute(
                    select(Registration.queue_number).where(where, Registration.status == "waiting")
                ).scalars().all()  # fmt: skip
                confirmed, waiting = counts.get("confirmed", 0), counts.get("waiting", 0)
                right = (
                    confirmed == min(CAPACITY, rows)
                    and waiting == rows - confirmed
                    and emails == rows
                    and len(set(queue)) == len(queue)
                )
                outcome.append(dict(event=event_id, rows=rows, confirmed=confirmed,
                                    waiting=waiting, duplicates=rows - emails,
                                    positions_repeated=len(queue) - len(set(queue)),
                                    right=right))  # fmt: skip
        return outcome
    finally:
        engine.dispose()


def _spread(values: list[float], fmt: str) -> str:
    return f"{statistics.median(values):{fmt}} ({min(values):{fmt}}–{max(values):{fmt}})"


def _print(measures, sizes, outcome, *, workers: int, rounds: int, seconds: float, events: int):
    tool = loaddrive.tool()
    print(f"\nLoad on PostgreSQL: gunicorn, {workers} sync workers, {events:,} events; "
          f"{tool}, each route alternated with its baseline, {rounds} rounds of {seconds:g} s; "
          "req/s median (min–max), ratio = route / baseline of the same round")  # fmt: skip
    head = f"  {'route':36} {'req/s':>22} {'baseline req/s':>30} {'ratio':>20} {'target':>7}"
    print(head)
    for m in measures:
        target = m.route.target
        ratio = statistics.median(m.ratios())
        verdict = "" if target is None else ("PASS" if ratio >= target else "MISS")
        base = f"{m.baseline} {_spread(m.base_rates(), ',.0f')}"
        print(f"  {m.route.name:36} {_spread(m.rates(), ',.0f'):>22} {base:>30} "
              f"{_spread(m.ratios(), '.3f'):>20} {'≥ ' + str(target) if target else '':>7} "
              f"{verdict}")  # fmt: skip
        odd = m.unexpected()
        if odd:
            print(f"  {'':36} answers other than {m.route.expect}: {odd}")
        seen = [run.seen for run in m.runs if run.seen]
        if seen:
            print(f"  {'':36} answers {tool} got within its time, by status: {seen}")
        errors = sum(run.socket_errors for run in m.runs + m.base_runs)
        if errors:
            print(f"  {'':36} socket errors (timeouts, resets): {errors}")
    if sizes is not None:
        _print_sizes(sizes)
    if measures and measures[-1].route.name == RUSH_NAME:
        _print_rushes(measures, outcome)


def _print_sizes(sizes: dict) -> None:
    share = sizes["sent"] / sizes["plain"]
    packed = f"gzip, {share:.2f} of plain" if sizes["gzip"] else "NOT compressed"
    print(f"  full feed ({sizes['vevents']:,} VEVENTs): {sizes['plain']:,} bytes plain, "
          f"{sizes['sent']:,} bytes with Accept-Encoding: gzip ({packed}; "
          f"decompresses to the plain bytes: {'yes' if sizes['same'] else 'NO'}; "
          f"ETags differ: {'yes' if sizes['etags differ'] else 'NO'})")  # fmt: skip


def _print_rushes(measures, outcome) -> None:
    print(f"  after the rushes (capacity {CAPACITY} each, {PEOPLE:,} people in turn):")
    for o in outcome:
        print(f"    event {o['event']}: {o['rows']} registrations, {o['confirmed']} confirmed, "
              f"{o['waiting']} waiting, {o['duplicates']} duplicates, "
              f"{o['positions_repeated']} waiting positions given twice: "
              f"{'right' if o['right'] else 'WRONG'}")  # fmt: skip
    rush = measures[-1]
    if any(run.statuses.get(201, 0) >= PEOPLE for run in rush.runs):
        print(f"    (a round registered all {PEOPLE:,} people: raise PEOPLE, the rate is capped)")
