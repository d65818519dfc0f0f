"""Search at two catalogue sizes: the time of each query, through the list page and on its own.

The data is `bench/data.py`'s (bulk Core inserts, then the search documents written in bulk by
the app's own `index_events`), plus one speaker, added through the ORM so that the app's flush
hook indexes him, who speaks at five events whatever the size. Target: each query's page at
the large size at most 1.5 times its time at the small one.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from flask import Flask
from sqlalchemy import select

from bench import databases
from bench.data import populate
from bench.pages import forget_kept_pages, forget_kept_pages_but_cards
from eventapp.clock import system_now as utcnow
from eventapp.events import queries
from eventapp.events.cards import load_cards
from eventapp.events.filters import EventFilters
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.reference.models import Person

SMALL, LARGE = 100, 50_000
TARGET_RATIO = 1.5
# What people type: a rare name, a title word, an accent-blind topic, two words still being
# typed, and a word nobody wrote.
QUERIES = {
    "rare name": "whitcombe",
    "title word": "diffusion",
    "topic, no accent": "ethique",
    "two words, prefix": "robots collab",
    "nothing": "zzyzx",
}
RARE_TALKS = 5


@dataclass
class SearchTarget:
    """One app on one database, and the timings of each query on it."""

    label: str
    size: int
    app: Flask
    found: dict[str, int] = field(default_factory=dict)
    page: dict[str, list[float]] = field(default_factory=dict)
    alone: dict[str, list[float]] = field(default_factory=dict)
    # The page built again with its cards kept (only the cards: the list, its ids and the
    # page itself forgotten), a second figure beside the cold `page`.
    kept_cards: dict[str, list[float]] = field(default_factory=dict)


def prepare(database: databases.Database, size: int) -> SearchTarget:
    """A migrated, populated, indexed database, and the rare speaker's five talks."""
    step = time.perf_counter()
    app = databases.build_app(database)
    with app.app_context():
        populate(size, now=utcnow())
        loaded = time.perf_counter()
        ids = db.session.scalars(
            select(Event.id).where(Event.status == "published").order_by(Event.id)
        ).all()
        speaker = Person(name="Daniel Whitcombe", affiliation="University of Cambridge")
        chosen = ids[1 :: max(1, len(ids) // RARE_TALKS)][:RARE_TALKS]  # the first may be over
        for event in db.session.scalars(select(Event).where(Event.id.in_(chosen))).all():
            event.speakers.append(speaker)
        db.session.commit()
    databases.analyse(app)
    print(
        f"  {database.name}: {size:,} events loaded and indexed in {loaded - step:.1f} s",
        file=sys.stderr,
    )
    return SearchTarget(label=f"{size:,} events", size=size, app=app)


def measure(targets: list[SearchTarget], *, rounds: int, warmup: int) -> None:
    """Each query's list page and its search alone, interleaved across the two databases."""
    clients = [(t, t.app.test_client()) for t in targets]
    for target, client in clients:
        for name, q in QUERIES.items():
            response = client.get(_path(q))
            if response.status_code != 200:
                raise SystemExit(f"{target.label}: {_path(q)} -> {response.status_code}")
            with target.app.app_context():
                target.found[name] = _search(q, exact=True).total
            target.page[name], target.alone[name], target.kept_cards[name] = [], [], []
    for i in range(warmup + rounds):
        for target, client in clients:
            for name, q in QUERIES.items():
                forget_kept_pages(target.app)  # the search itself, not a page kept from before
                began = time.perf_counter()
                client.get(_path(q))
                page = time.perf_counter() - began
                forget_kept_pages_but_cards(target.app)  # this page's cards stay kept
                began = time.perf_counter()
                client.get(_path(q))
                kept = time.perf_counter() - began
                with target.app.app_context():
                    began = time.perf_counter()
                    _search(q)
                    alone = time.perf_counter() - began
                if i >= warmup:
                    target.page[name].append(page)
                    target.alone[name].append(alone)
                    target.kept_cards[name].append(kept)


def _path(q: str) -> str:
    return f"/en/events/?q={quote(q)}"


def _search(q: str, *, exact: bool = False) -> queries.Page:
    """What the list page asks of the database for its events: one page of 20, the count (up
    to `queries.SEARCH_COUNT`, as the page counts; every match with `exact`), and what the
    page's cards show (`cards.load_cards`)."""
    count_up_to = None if exact else queries.SEARCH_COUNT
    found = queries.find_page(EventFilters(q=q), now=utcnow(), per_page=20, count_up_to=count_up_to)
    load_cards(found.items)
    return found


def print_report(targets: list[SearchTarget], *, backend: str, rounds: int) -> None:
    small, large = targets
    print()
    print(f"Search ({backend}): median of {rounds} per query, in ms; found = events matching")
    header = (
        f"{'query':<22}{'q':<16}"
        + "".join(f"{f'found {t.size:,}':>14}" for t in targets)
        + "".join(f"{f'page {t.size:,}':>13}" for t in targets)
        + f"{'ratio':>8}"
        + "".join(f"{f'search {t.size:,}':>15}" for t in targets)
        + f"{'ratio':>8}"
    )
    print(header)
    print("-" * len(header))
    worst = 0.0
    for name, q in QUERIES.items():
        pages = [statistics.median(t.page[name]) * 1000 for t in targets]
        alone = [statistics.median(t.alone[name]) * 1000 for t in targets]
        ratio, alone_ratio = pages[1] / pages[0], alone[1] / alone[0]
        worst = max(worst, ratio)
        print(
            f"{name:<22}{q:<16}"
            + "".join(f"{t.found[name]:>14,}" for t in targets)
            + "".join(f"{ms:>13.2f}" for ms in pages)
            + f"{ratio:>8.2f}"
            + "".join(f"{ms:>15.2f}" for ms in alone)
            + f"{alone_ratio:>8.2f}"
        )
    verdict = "PASS" if worst <= TARGET_RATIO else "OVER TARGET"
    print()
    print(
        f"search page at {large.size:,} events / at {small.size:,}, worst query: {worst:.2f}"
        f"   (target <= {TARGET_RATIO})   {verdict}"
    )
    _print_kept_cards(targets)


def _print_kept_cards(targets: list[SearchTarget]) -> None:
    """The second figure, apart from the target's: each page built again with its cards kept."""
    print()
    print("Page with its cards kept (list, ids and page forgotten; not the target's figure), ms:")
    header = f"{'query':<22}" + "".join(f"{f'kept {t.size:,}':>13}" for t in targets)
    print(header + f"{'ratio':>8}")
    print("-" * (len(header) + 8))
    for name in QUERIES:
        kept = [statistics.median(t.kept_cards[name]) * 1000 for t in targets]
        print(f"{name:<22}" + "".join(f"{ms:>13.2f}" for ms in kept) + f"{kept[1] / kept[0]:>8.2f}")


def run(workdir: Path, *, small: int = SMALL, large: int = LARGE, rounds: int = 30) -> None:
    """Build both databases, time every query on each, print the report."""
    targets = []
    with (
        databases.fresh_database(small, workdir, tag="search") as db_small,
        databases.fresh_database(large, workdir, tag="search") as db_large,
    ):
        try:
            for database, size in ((db_small, small), (db_large, large)):
                targets.append(prepare(database, size))
            measure(targets, rounds=rounds, warmup=5)
            print_report(targets, backend=databases.backend(), rounds=rounds)
        finally:
            for target in targets:
                databases.dispose(target.app)
