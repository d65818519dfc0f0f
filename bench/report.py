"""Print the benchmark's table and verdict, and on request the list page's query plans."""

from __future__ import annotations

import platform
import re
import sqlite3
import statistics
from collections.abc import Sequence

from bench.feeds import FEED_PATH, TIMED, FeedTarget
from bench.pages import Target
from eventapp.extensions import db

TARGET_RATIO = 1.5
PAGES = ("list", "event", "hello")


def print_report(
    targets: Sequence[Target],
    *,
    sizes: tuple[int, int],
    rounds: int,
    warmup: int,
    backend: str,
    setup_s: float,
    measure_s: float,
) -> None:
    """The table per database size, the ratios to the baseline, and list(large)/list(small)."""
    print_title(backend)
    print(f"{rounds} timed requests per page after {warmup} warm-up; median (p90) in ms")
    print()
    header = f"{'database':<28}" + "".join(f"{p + ' ms':>17}" for p in PAGES)
    header += f"{'list/hello':>12}{'event/hello':>13}{'SQL list':>10}{'SQL event':>11}"
    print(header)
    print("-" * len(header))
    for t in targets:
        cells = "".join(f"{_ms(t.median_ms(p)):>8} ({_ms(t.p90_ms(p))})".rjust(17) for p in PAGES)
        hello = t.median_ms("hello")
        print(
            f"{t.label:<28}{cells}"
            f"{t.median_ms('list') / hello:>11.1f}x{t.median_ms('event') / hello:>12.1f}x"
            f"{t.statements['list']:>10}{t.statements['event']:>11}"
        )
    small, large = targets
    ratio = large.median_ms("list") / small.median_ms("list")
    event_ratio = large.median_ms("event") / small.median_ms("event")
    verdict = "PASS" if ratio <= TARGET_RATIO else "OVER TARGET"
    print()
    print(
        f"list page at {sizes[1]:,} events / at {sizes[0]:,} events: {ratio:.2f}"
        f"   (target <= {TARGET_RATIO})   {verdict}"
    )
    print(f"event page at {sizes[1]:,} events / at {sizes[0]:,} events: {event_ratio:.2f}")
    if ratio > TARGET_RATIO:
        print(f"!!! over target: the list page slows down with the data ({ratio:.2f} > 1.5)")
    print()
    print(f"(databases built in {setup_s:.1f} s, measured in {measure_s:.1f} s)")


def print_title(backend: str) -> None:
    engine = f"SQLite {sqlite3.sqlite_version}" if backend == "sqlite" else "PostgreSQL"
    print()
    print(f"eventapp benchmark: {engine}, Python {platform.python_version()}, Flask test client")


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def print_plans(target: Target) -> None:
    """The plans of the statements the list page sends to read events, as the database runs them."""
    with target.app.app_context():
        sqlite = db.engine.dialect.name == "sqlite"
        explain = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN (ANALYZE, COSTS OFF) "
        print(f"\nQuery plans of the list page at {target.label}:")
        for statement, parameters in target.sql["list"]:
            if "FROM events" not in statement:
                continue
            print(f"\n-- {_shorten(statement)}")
            for row in db.session.connection().exec_driver_sql(explain + statement, parameters):
                print("   ", " | ".join(str(v) for v in row))
        db.session.rollback()


def _shorten(sql: str) -> str:
    """One line, with the long column lists cut down, so the plan is what catches the eye."""
    sql = re.sub(r"\s+", " ", sql)
    return re.sub(r"(events\.\w+(?: AS \w+)?, ){3,}", "events.…, ", sql)


FEED_TARGETS = {"feed": 5.0, "304": 2.0, "after change": 0.5, "cold": 3.0}


def print_feed_report(
    targets: Sequence[FeedTarget], *, rounds: int, warmup: int, setup_s: float, measure_s: float
) -> None:
    """The feed table per size, the byte checks of both writers, and the targets."""
    print()
    print(f"Calendar feed GET {FEED_PATH}: {rounds} timed requests each after {warmup} warm-up,")
    print("interleaved with hello-db; median (p90) in ms")
    print()
    header = f"{'database':<16}{'VEVENTs':>8}" + "".join(f"{p + ' ms':>17}" for p in TIMED)
    header += f"{'feed/hello-db':>15}{'304/hello-db':>14}"
    print(header)
    print("-" * len(header))
    for t in targets:
        cells = "".join(f"{_ms(t.median_ms(p)):>8} ({_ms(t.p90_ms(p))})".rjust(17) for p in TIMED)
        hello = t.median_ms("hello-db")
        print(
            f"{t.label:<16}{t.ours.vevents:>8,}{cells}"
            f"{t.median_ms('feed') / hello:>14.1f}x{t.median_ms('304') / hello:>13.1f}x"
        )
    print()
    header = (
        f"{'database':<16}{'cold ms':>10}{'µs/event':>10}{'worker µs':>11}{'warm ms':>10}"
        f"{'hand-written ms':>17}{'µs/event':>10}{'after change ms':>17}{'/hand-written':>15}"
    )
    print(header)
    print("-" * len(header))
    for t in targets:
        cold = statistics.median(t.cold_s) * 1000
        print(
            f"{t.label:<16}{_ms(cold):>10}{t.cold_us_per_event():>10.0f}"
            f"{t.worker_us_per_event():>11.0f}{_ms(t.warm_s * 1000):>10}"
            f"{_ms(t.handwritten_ms()):>17}{t.handwritten_us_per_event():>10.1f}"
            f"{_ms(t.after_change_ms()):>17}{t.after_change_ms() / t.handwritten_ms():>15.2f}"
        )
    print()
    print("byte checks (CRLF, lines <= 75 octets, no fold inside a UTF-8 sequence or an escape,")
    print("unique UIDs, no floating times, one VTIMEZONE per TZID):")
    for t in targets:
        for who, verdict in (("our feed", t.ours), ("hand-written", t.theirs)):
            print(
                f"  {who + ',':<14}{t.label:<15}{verdict.vevents:>7,} VEVENTs"
                f"{verdict.octets:>12,} bytes   {verdict.summary()}"
            )
    small, large = targets[0], targets[-1]
    verdicts = [
        (f"unchanged {small.label} feed / hello-db",
         small.median_ms("feed") / small.median_ms("hello-db"), FEED_TARGETS["feed"]),
        *((f"304 at {t.label} / hello-db", t.median_ms("304") / t.median_ms("hello-db"),
           FEED_TARGETS["304"]) for t in targets),
        (f"{large.label} feed after one change / hand-written whole feed",
         large.after_change_ms() / large.handwritten_ms(), FEED_TARGETS["after change"]),
        *((f"cold build at {t.label}, per event / hand-written's",
           t.cold_us_per_event() / t.handwritten_us_per_event(), FEED_TARGETS["cold"])
          for t in targets),
    ]  # fmt: skip
    print()
    width = max(len(name) for name, _, _ in verdicts)
    for name, ratio, limit in verdicts:
        verdict = "PASS" if ratio <= limit else "OVER TARGET"
        print(f"{name + ':':<{width + 1}} {ratio:6.2f}   (target <= {limit:g})   {verdict}")
    print()
    print(f"(feed databases built in {setup_s:.1f} s, measured in {measure_s:.1f} s)")
