"""Time pages through the Flask test client, in-process, and count the SQL each one issues."""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from eventapp import pagecache
from eventapp.accounts import services as accounts
from eventapp.accounts import sessions as user_sessions
from eventapp.events.models import Event
from eventapp.extensions import clock, db
from eventapp.registrations import services as registrations
from eventapp.settings import settings_of

HELLO_PATH = "/bench-hello"


@dataclass
class Target:
    """One app on one database, and the pages to time on it (name -> path)."""

    label: str
    app: Flask
    pages: dict[str, str]
    statements: dict[str, int] = field(default_factory=dict)
    sql: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    samples: dict[str, list[float]] = field(default_factory=dict)

    def median_ms(self, page: str) -> float:
        return statistics.median(self.samples[page]) * 1000

    def p90_ms(self, page: str) -> float:
        return statistics.quantiles(self.samples[page], n=10)[-1] * 1000


def add_hello(app: Flask) -> None:
    """The baseline: a route of the same app that renders nothing and touches no database."""
    app.add_url_rule(HELLO_PATH, "bench_hello", lambda: "hello")


class StatementRecorder:
    """Records the statements sent to an app's database while `on` is set."""

    def __init__(self, app: Flask) -> None:
        self.seen: list[tuple[str, Any]] = []
        self.on = False
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.on:
            self.seen.append((statement, parameters))

    def during(self, client: FlaskClient, path: str) -> list[tuple[str, Any]]:
        """The statements one GET of `path` sends, with their parameters."""
        self.seen, self.on = [], True
        try:
            client.get(path)
        finally:
            self.on = False
        return self.seen


def check(target: Target) -> None:
    """Fail early, and say why, if a page does not answer 200."""
    client = target.app.test_client()
    for name, path in target.pages.items():
        response = client.get(path)
        if response.status_code != 200:
            body = response.get_data(as_text=True)[:400]
            raise SystemExit(
                f"{target.label}: GET {path} ({name}) -> {response.status_code}\n{body}"
            )


def record_statements(target: Target) -> None:
    """What SQL one request to each page sends: counted for the report, kept for --explain."""
    recorder = StatementRecorder(target.app)
    client = target.app.test_client()
    for name, path in target.pages.items():
        forget_kept_pages(target.app)  # the statements of building the page
        target.sql[name] = recorder.during(client, path)
        target.statements[name] = len(target.sql[name])


def forget_kept_pages(app: Flask) -> None:
    """Empty the app's kept pages (eventapp/pagecache.py), so the next request builds its page:
    what a request costs after every change, or on a query nobody asked before."""
    app.extensions.pop("eventapp.page_memo", None)


def forget_kept_pages_but_cards(app: Flask) -> None:
    """Empty the app's kept pages, lists and ids, keeping the events' cards only: a list built
    with every card it shows kept (labelled so wherever it is reported)."""
    memo = app.extensions.get("eventapp.page_memo")
    if memo is not None:
        memo.keep_only(lambda key: key.startswith(pagecache.PIECE))


def measure(targets: Sequence[Target], *, rounds: int, warmup: int) -> None:
    """Time every page of every target, interleaved so drift in the machine hits all alike.
    Each page is built by the request timed (kept pages forgotten first); `measure_kept` times
    what a reader gets from memory."""
    clients = [(t, t.app.test_client()) for t in targets]
    for _ in range(warmup):
        for target, client in clients:
            for path in target.pages.values():
                client.get(path)
    for target in targets:
        target.samples = {name: [] for name in target.pages}
    for _ in range(rounds):
        for target, client in clients:
            for name, path in target.pages.items():
                forget_kept_pages(target.app)
                began = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - began
                if response.status_code != 200:
                    raise SystemExit(f"{target.label}: GET {path} -> {response.status_code}")
                target.samples[name].append(elapsed)


def measure_kept(target: Target, path: str, *, rounds: int) -> tuple[float, float]:
    """Median ms of `path` served from the kept pages (an anonymous reader, data unchanged), and
    of the hello-world route, interleaved."""
    client = target.app.test_client()
    client.get(path)
    kept, hello = [], []
    for _ in range(rounds):
        for samples, url in ((kept, path), (hello, HELLO_PATH)):
            began = time.perf_counter()
            client.get(url)
            samples.append(time.perf_counter() - began)
    return statistics.median(kept) * 1000, statistics.median(hello) * 1000


@dataclass
class SignedIn:
    """The event page for a signed-in reader with a confirmed place, against the anonymous kept
    page and hello: medians in ms, and the statements of one request."""

    kept_ms: float  # the body kept, the reader's parts joined in
    built_ms: float  # kept pages forgotten first: after a change, and every request before
    anonymous_ms: float  # the anonymous reader's whole kept page
    hello_ms: float
    kept_sql: int
    built_sql: int


def signed_in_reader(app: Flask, event_id: int) -> str:
    """A new attendee with a confirmed place on `event_id` (given a capacity if it had none, so
    that the page has its registration box), signed in: the secret of their session."""
    with app.app_context():
        user = accounts.create_user(
            "bench-reader@example.org", "a-long-enough-password", now=clock.now(),
            name="Bench Reader", confirmed=True,
        )  # fmt: skip
        found = db.session.get(Event, event_id)
        if found.capacity is None:
            found.capacity = 120
        registrations.register(
            found, registrations.Attendee.of(user), now=clock.now(), settings=settings_of(app)
        )
        secret = user_sessions.open_session(user, now=clock.now(), lifetime=timedelta(days=1))
        db.session.commit()
    return secret


def session_cookie(app: Flask, secret: str) -> str:
    """The signed session cookie's value that names the session `secret` (as logging in sets)."""
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.dumps({"_user_id": secret, "_fresh": True})


def signed_in_client(app: Flask, event_id: int) -> FlaskClient:
    """A test client signed in as `signed_in_reader`."""
    secret = signed_in_reader(app, event_id)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = secret
        session["_fresh"] = True
    return client


def measure_signed_in(target: Target, path: str, *, rounds: int) -> SignedIn:
    """Time `path` for a signed-in reader (body kept, and built) and for an anonymous one (kept),
    interleaved with hello."""
    event_id = int(path.rsplit("/", 1)[1])
    reader, anonymous = signed_in_client(target.app, event_id), target.app.test_client()
    recorder = StatementRecorder(target.app)
    forget_kept_pages(target.app)
    built_sql = len(recorder.during(reader, path))
    kept_sql = len(recorder.during(reader, path))
    if "Bench Reader" not in reader.get(path).get_data(as_text=True):
        raise SystemExit(f"{target.label}: GET {path} signed in does not show the reader")
    anonymous.get(path)
    samples: dict[str, list[float]] = {"kept": [], "built": [], "anonymous": [], "hello": []}
    for _ in range(rounds):
        for name, client, url in (
            ("kept", reader, path), ("anonymous", anonymous, path), ("hello", reader, HELLO_PATH),
            ("built", reader, path),
        ):  # fmt: skip
            if name == "built":
                forget_kept_pages(target.app)
            began = time.perf_counter()
            response = client.get(url)
            samples[name].append(time.perf_counter() - began)
            if response.status_code != 200:
                raise SystemExit(f"{target.label}: GET {url} -> {response.status_code}")
        reader.get(path)  # keep both again for the next round
        anonymous.get(path)
    ms = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    return SignedIn(
        kept_ms=ms["kept"], built_ms=ms["built"], anonymous_ms=ms["anonymous"],
        hello_ms=ms["hello"], kept_sql=kept_sql, built_sql=built_sql,
    )  # fmt: skip
