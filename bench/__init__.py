"""Benchmarks: pages and calendar feeds against baselines of the same app, in one run.

Speed is measured here, never in tests. See bench/README.md for what each number means.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench import cards, databases, feeds, imports, load, pages, registrations, report, search
from bench.data import populate
from eventapp.clock import system_now as utcnow

SMALL, LARGE = 100, 10_000
FEED_SMALL, FEED_LARGE = 1_000, 10_000


def main(argv: list[str] | None = None) -> int:
    """Time the pages, then the feeds, each on its own databases. Exit 0: it's a report."""
    args = _parser().parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="eventapp-bench-") as tmp:
        if args.only in (None, "pages"):
            _pages(args, Path(tmp))
        if args.only in (None, "feeds"):
            _feeds(args, Path(tmp))
        if args.only in (None, "imports"):
            imports.run(Path(tmp), args.import_events)
        if args.only in (None, "cards"):
            cards.run(Path(tmp))
        if args.only in (None, "search"):
            search.run(Path(tmp), small=args.search_small, large=args.search_large)
        if args.only in (None, "registrations"):
            registrations.run()
        if args.only in (None, "load"):
            load.run(
                Path(tmp),
                rounds=args.load_rounds,
                seconds=args.load_seconds,
                workers=args.load_workers,
                events=args.load_events,
                profile=args.load_profile,
                rush_only=args.load_rush_only,
                only_routes=_names(args.load_routes),
            )
    return 0


def _pages(args: argparse.Namespace, tmp: Path) -> None:
    """Build both databases, time the pages on each, print the report."""
    began = time.perf_counter()
    with ExitStack() as stack:
        targets = []
        for size in (args.small, args.large):
            database = stack.enter_context(databases.fresh_database(size, tmp))
            targets.append(_prepare(database, size, history=args.history))
            stack.callback(databases.dispose, targets[-1].app)
        setup_s = time.perf_counter() - began
        for target in targets:
            pages.check(target)
            pages.record_statements(target)
        pages.measure(targets, rounds=args.rounds, warmup=args.warmup)
        report.print_report(
            targets,
            sizes=(args.small, args.large),
            rounds=args.rounds,
            warmup=args.warmup,
            backend=databases.backend(),
            setup_s=setup_s,
            measure_s=time.perf_counter() - began - setup_s,
        )
        print("\nlist page kept in memory (an anonymous reader, data unchanged; pagecache):")
        for target in targets:
            kept, hello = pages.measure_kept(target, target.pages["list"], rounds=args.rounds)
            ratio = kept / hello
            print(f"  {target.label}: {kept:.2f} ms, hello {hello:.2f} ms, {ratio:.1f}x hello")
        print("\nevent page, a signed-in reader with a confirmed place (body kept, parts joined):")
        for target in targets:
            seen = pages.measure_signed_in(target, target.pages["event"], rounds=args.rounds)
            print(
                f"  {target.label}: signed in {seen.kept_ms:.2f} ms ({seen.kept_sql} SQL, "
                f"{seen.kept_ms / seen.hello_ms:.1f}x hello), built {seen.built_ms:.2f} ms "
                f"({seen.built_sql} SQL), anonymous kept {seen.anonymous_ms:.2f} ms, "
                f"hello {seen.hello_ms:.2f} ms"
            )
        if args.explain:
            report.print_plans(targets[-1])


def _feeds(args: argparse.Namespace, tmp: Path) -> None:
    """Build both feed databases, time the feed and its baselines on each, print the report."""
    began = time.perf_counter()
    with ExitStack() as stack:
        targets = []
        for size in (args.feed_small, args.feed_large):
            database = stack.enter_context(databases.fresh_database(size, tmp, tag="feeds"))
            targets.append(feeds.prepare(database, size))
            stack.callback(databases.dispose, targets[-1].app)
        setup_s = time.perf_counter() - began
        for target in targets:
            # Cold builds every block: a few runs at the small size, one at the large (seconds).
            feeds.measure_cold(target, runs=3 if target is targets[0] else 1)
            feeds.measure_handwritten(target, runs=5)
        feeds.measure_polls(targets, rounds=args.feed_rounds, warmup=args.warmup)
        for target in targets:
            feeds.measure_after_change(target, runs=args.changes)
        if args.only == "feeds":
            report.print_title(databases.backend())
        report.print_feed_report(
            targets,
            rounds=args.feed_rounds,
            warmup=args.warmup,
            setup_s=setup_s,
            measure_s=time.perf_counter() - began - setup_s,
        )


def _prepare(database: databases.Database, size: int, *, history: int) -> pages.Target:
    """A migrated, populated database and its app, with the hello route added for the baseline."""
    step = time.perf_counter()
    app = databases.build_app(database)
    pages.add_hello(app)
    with app.app_context():
        dataset = populate(size, now=utcnow(), history=history)
    databases.analyse(app)
    print(
        f"  {database.name}: {dataset.counts['events']:,} events, "
        f"{dataset.counts['event_sessions']:,} sessions, {dataset.counts['links']:,} links "
        f"in {time.perf_counter() - step:.1f} s",
        file=sys.stderr,
    )
    return pages.Target(
        label=f"{size:,} events" + (f" +{history:,} past" if history else ""),
        app=app,
        pages={
            "list": "/en/events/",
            "event": f"/en/events/{dataset.detail_event_id}",
            "hello": pages.HELLO_PATH,
        },
    )


def _names(words: str | None) -> list[str] | None:
    return None if words is None else [w.strip() for w in words.split(",") if w.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per page first")
    parser.add_argument("--small", type=int, default=SMALL, help="events in the small database")
    parser.add_argument("--large", type=int, default=LARGE, help="events in the large database")
    parser.add_argument(
        "--history", type=int, default=0, help="past events added to each database (default 0)"
    )
    parser.add_argument(
        "--explain", action="store_true", help="also print the query plans of the list page"
    )
    parser.add_argument(
        "--only",
        choices=("pages", "feeds", "imports", "registrations", "cards", "search", "load"),
        help="run one part only",
    )
    parser.add_argument(
        "--import-events", type=int, default=imports.EVENTS, help="events in the imported feed"
    )
    parser.add_argument(
        "--feed-rounds", type=int, default=30, help="timed requests per feed measure"
    )
    parser.add_argument(
        "--feed-small", type=int, default=FEED_SMALL, help="events in the small feed database"
    )
    parser.add_argument(
        "--feed-large", type=int, default=FEED_LARGE, help="events in the large feed database"
    )
    parser.add_argument(
        "--search-small", type=int, default=search.SMALL, help="events, small search database"
    )
    parser.add_argument(
        "--search-large", type=int, default=search.LARGE, help="events, large search database"
    )
    parser.add_argument(
        "--load-rounds", type=int, default=3, help="rounds of each route under load (3)"
    )
    parser.add_argument(
        "--load-events", type=int, default=load.EVENTS, help="events under load (1,000)"
    )
    parser.add_argument(
        "--load-profile",
        action="store_true",
        help="then profile each route that missed its target under load",
    )
    parser.add_argument(
        "--load-rush-only",
        action="store_true",
        help="under load, the registration rush alone (no page or feed route)",
    )
    parser.add_argument(
        "--load-routes",
        metavar="WORDS",
        help="under load, only the routes whose name holds one of these comma-separated words "
        "(e.g. 304, or list,registrations); no feed sizes and no cold build then",
    )
    parser.add_argument(
        "--load-workers", type=int, default=2, help="gunicorn workers under load (2)"
    )
    parser.add_argument(
        "--load-seconds", type=float, default=3.0, help="seconds of each load run (3)"
    )
    parser.add_argument(
        "--changes", type=int, default=5, help="changed-event requests timed per feed size"
    )
    return parser
