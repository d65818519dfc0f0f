"""Time pages through the Flask test client, in-process, and count the SQL each one issues."""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from eventapp import pagecache
from eventapp.extensions import db

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
