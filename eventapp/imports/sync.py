"""One sync of one source: fetch, parse, upsert, and the report of what happened.

A feed that cannot be had or read (unreachable, not iCalendar, too big, cut short) changes no
event: the source records why, counts one more failure in a row, and waits longer before the
next try. The caller commits (the command, the worker, later the API's "sync now").
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from eventapp.imports.alerts import tell_hosts
from eventapp.imports.fetch import Fetched, FetchError
from eventapp.imports.models import Source
from eventapp.imports.parse import NotACalendar, parse_feed
from eventapp.imports.upsert import apply_items, has_events_to_come
from eventapp.settings import Settings

Fetch = Callable[..., Fetched]  # fetch.Fetcher, or a test's stand-in
MAX_BACKOFF = timedelta(hours=24)
# The same bytes as the last feed read are read again only after this: the window of
# occurrences moves on (a recurrence 12 months ahead comes into it).
REREAD = timedelta(days=1)
# A calendar emptied at once is far more often a server's fault than every event withdrawn:
# nothing is cancelled (and no one mailed) until an organiser looks (or detaches the source).
EMPTIED = "The feed lists no event at all any more; its events were left as they were."
MAX_SKIPPED_KEPT = 200  # in the stored report: a broken feed of 5,000 items stays readable


@dataclass
class SyncReport:
    """What one sync did: its outcome, the HTTP status, counts, and each skipped item's reason."""

    status: str = "ok"  # 'ok', 'not-modified' (HTTP 304) or 'failed'
    http_status: int | None = None
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    duration_ms: int = 0

    def as_dict(self) -> dict:
        """The report as JSON keeps it (and as the API will show it)."""
        data = asdict(self)
        data["skipped"] = [{"uid": uid, "reason": reason} for uid, reason in self.skipped]
        return data


def sync_source(source: Source, *, now: datetime, settings: Settings, fetcher: Fetch) -> SyncReport:
    """Bring `source`'s events in line with its feed, and record the sync on the source."""
    began = time.monotonic()
    report = SyncReport()
    try:
        fetched = fetcher(source.url, etag=source.etag, last_modified=source.last_modified)
        report.http_status = fetched.status
        digest = hashlib.sha256(fetched.body or b"").hexdigest()
        if fetched.status == 304 or _read_lately(source, digest, now):
            report.status = "not-modified"
        else:
            parsed = parse_feed(
                fetched.body or b"", zone=source.site.timezone, now=now, cache=source.item_cache
            )
            if not parsed.items and not parsed.skipped and has_events_to_come(source, now):
                raise NotACalendar(EMPTIED)
            outcome = apply_items(source, parsed, now=now, settings=settings)
            report.skipped = outcome.pop("skipped")
            for name, count in outcome.items():
                setattr(report, name, count)
            source.content_sha256, source.content_read_at = digest, now
            source.item_cache = parsed.cache
        # Kept only once the feed was read: a failed read is tried again in full.
        source.etag, source.last_modified = fetched.etag, fetched.last_modified
    except FetchError as error:
        report.status, report.http_status = "failed", error.status
        report.errors.append(error.reason)
    except NotACalendar as error:
        report.status = "failed"
        report.errors.append(error.reason)
    report.duration_ms = round((time.monotonic() - began) * 1000)
    record(source, report, now=now, settings=settings)
    return report


def _read_lately(source: Source, digest: str, now: datetime) -> bool:
    """The feed's bytes are those read in full less than REREAD ago: nothing can have changed."""
    read_at = source.content_read_at
    return source.content_sha256 == digest and read_at is not None and now - read_at < REREAD


def record(source: Source, report: SyncReport, *, now: datetime, settings: Settings) -> None:
    """Keep `report` on the source and say when it is next due (later after each failure);
    after repeated failures, and when it works again, its hosts are told (imports/alerts.py)."""
    failed = report.status == "failed"
    failures_before = source.failures or 0
    source.failures = failures_before + 1 if failed else 0
    interval = timedelta(minutes=source.interval_minutes or 60)
    if failed:
        interval = min(interval * 2 ** min(source.failures - 1, 10), max(interval, MAX_BACKOFF))
    source.last_sync_at, source.next_sync_at = now, now + interval
    source.last_status, source.last_http_status = report.status, report.http_status
    source.last_duration_ms = report.duration_ms
    source.last_error = "\n".join(report.errors) or None
    stored = report.as_dict()
    stored["skipped"] = stored["skipped"][:MAX_SKIPPED_KEPT]
    stored["skipped_count"] = len(report.skipped)
    source.last_report = stored
    tell_hosts(source, report.errors, failures_before=failures_before, now=now, settings=settings)
