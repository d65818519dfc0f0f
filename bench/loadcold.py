"""The load phase's cold feed build: per event, as a ratio to the hand-written writer.

Measured in process on the load run's own database, once gunicorn has stopped, the way
`bench/feeds.py` measures it (its functions): the feed served once by a new app instance on a
table of stored blocks emptied first (every block built by that request), against the
hand-written writer of `bench/handwritten.py` writing the same rows already in memory. Each round
times one cold build, then the writer (median of 5) right after it: each ratio is made of two
figures from the same moment of a machine whose load moves, not of a build timed while other work
ran and a writer timed once it had stopped.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from bench import databases, feeds

TARGET = 3.0  # the most the cold build may cost per event, in hand-written writer's
WRITES = 5  # the writer's runs after each cold build


@dataclass(frozen=True)
class Cold:
    vevents: int
    cold_us: list[float]  # per event, one per round
    handwritten_us: list[float]  # per event, one per round (the median of its writes)

    def ratios(self) -> list[float]:
        return [us / hand for us, hand in zip(self.cold_us, self.handwritten_us, strict=True)]

    def line(self) -> str:
        ratios = self.ratios()
        ratio = statistics.median(ratios)
        hand = statistics.median(self.handwritten_us)
        verdict = "PASS" if ratio <= TARGET else "MISS"
        return (
            f"  cold feed build ({self.vevents:,} VEVENTs, in process), per event: "
            f"{statistics.median(self.cold_us):.0f} µs ({min(self.cold_us):.0f}–"
            f"{max(self.cold_us):.0f}), hand-written writer {hand:.1f} µs: "
            f"ratio {ratio:.1f} ({min(ratios):.1f}–{max(ratios):.1f}), target ≤ {TARGET:g} "
            f"{verdict}"
        )


def measure(url: str, vevents: int, *, rounds: int) -> Cold:
    """Time `rounds` cold builds of the unfiltered feed (`vevents` events) and the writer."""
    database = databases.Database("postgresql-load", url, {})
    app = databases.build_app(database)
    try:
        target = feeds.FeedTarget(size=vevents, app=app, label="load", config=database.config())
        hand: list[float] = []
        for _ in range(rounds):
            feeds.cold_once(target)
            writes = len(target.handwritten_s)
            feeds.measure_handwritten(target, runs=WRITES)
            hand.append(statistics.median(target.handwritten_s[writes:]) / vevents * 1e6)
        feeds.worker_build(target)  # every block stored again, as the profiling pass expects
    finally:
        databases.dispose(app)
    cold = [s / vevents * 1e6 for s in target.cold_s]
    return Cold(vevents, cold, hand)
