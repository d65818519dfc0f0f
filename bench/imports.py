"""A sync of a large imported calendar: the first run (every event created) and a second run of
the same bytes (nothing changed, nothing written), with the time per event.

The feed is made in memory and handed to the sync by a stand-in fetcher, so the numbers are
the parser's and the upsert's, not the network's. Target: the unchanged run under a tenth of
the first.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import databases
from eventapp.extensions import db
from eventapp.imports.fetch import Fetched
from eventapp.imports.models import Source
from eventapp.imports.sync import sync_source
from eventapp.reference.models import Organisation, Site
from eventapp.settings import settings_of

EVENTS = 5_000
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def feed(n: int) -> bytes:
    """`n` talks over the coming year, in the shape talks.cam publishes (UTC, plain text)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//talks//EN"]
    for i in range(n):
        start = NOW + timedelta(days=1 + i * 360 / n, hours=i % 8)
        end = start + timedelta(hours=1)
        lines += [
            "BEGIN:VEVENT", f"UID:talk-{i}@talks.example.org",
            f"DTSTART:{start:%Y%m%dT%H%M00Z}", f"DTEND:{end:%Y%m%dT%H%M00Z}",
            f"SUMMARY:Talk {i}: learning with fewer labels",
            "DESCRIPTION:Speaker: Dr Example (Somewhere)\\n\\nAbstract: a few lines.",
            f"LOCATION:Room {i % 20}, William Gates Building",
            f"URL:https://talks.example.org/talk/{i}", "END:VEVENT",
        ]  # fmt: skip
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def run(workdir: Path, events: int = EVENTS) -> None:
    """Time the two syncs and print the report."""
    data = feed(events)

    def fetcher(url: str, **_):
        return Fetched(200, data, None, None)

    with databases.fresh_database(events, workdir, tag="imports") as database:
        app = databases.build_app(database)
        try:
            with app.app_context():
                site = Site(slug="cambridge", name_en="Cambridge", timezone="Europe/London")
                organisation = Organisation(slug="cl", name_en="CL", site=site)
                source = Source(name="talks", url="https://x.org/f.ics", site=site,
                                organisation=organisation)  # fmt: skip
                db.session.add(source)
                db.session.commit()
                timings = []
                # The second run as a server without ETag would make it: the same bytes, read
                # again (past the day for which identical bytes are not even read).
                for now in (NOW, NOW + timedelta(days=2)):
                    began = time.perf_counter()
                    report = sync_source(source, now=now, settings=settings_of(app),
                                         fetcher=fetcher)  # fmt: skip
                    db.session.commit()
                    timings.append((time.perf_counter() - began, report))
        finally:
            databases.dispose(app)
    (first, one), (second, two) = timings
    print(f"\nImported calendar, {events:,} events ({databases.backend()}, {len(data):,} bytes)")
    for label, seconds, report in (("first sync", first, one), ("unchanged", second, two)):
        print(
            f"  {label:<11} {seconds:7.2f} s  {seconds / events * 1e6:7.0f} µs/event  "
            f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}"
        )
    verdict = "PASS" if second < first / 10 else "OVER TARGET"
    print(f"  unchanged / first: {second / first:.3f} (target under 0.1): {verdict}")
