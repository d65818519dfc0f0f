"""Print the benchmark's table and verdict, and on request the list page's query plans."""

from __future__ import annotations

import platform
import re
import sqlite3
from collections.abc import Sequence

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
    engine = f"SQLite {sqlite3.sqlite_version}" if backend == "sqlite" else "PostgreSQL"
    print()
    print(f"eventapp benchmark: {engine}, Python {platform.python_version()}, Flask test client")
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
