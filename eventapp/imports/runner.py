"""Running syncs at the edge (the command, the worker, later the API): which sources are due,
each claimed so that two workers never sync the same source at once, each committed alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update

from eventapp.extensions import db
from eventapp.imports.fetch import MAX_BYTES, TIMEOUT_SECONDS, Fetcher
from eventapp.imports.models import Source
from eventapp.imports.sync import Fetch, SyncReport, record, sync_source
from eventapp.settings import Settings

log = logging.getLogger(__name__)
# How long a claimed sync may take before another worker may try the source again.
CLAIM = timedelta(minutes=15)


def fetcher_of(config: Mapping[str, Any]) -> Fetcher:
    """The fetcher the configuration asks for (IMPORTS_TIMEOUT_SECONDS, IMPORTS_MAX_BYTES;
    IMPORTS_ALLOW_PRIVATE; IMPORTS_ALLOW_HTTP_LOCALHOST for the tests' local server only)."""
    return Fetcher(
        timeout=float(config.get("IMPORTS_TIMEOUT_SECONDS", TIMEOUT_SECONDS)),
        max_bytes=int(config.get("IMPORTS_MAX_BYTES", MAX_BYTES)),
        allow_http_localhost=bool(config.get("IMPORTS_ALLOW_HTTP_LOCALHOST", False)),
        allow_private=bool(config.get("IMPORTS_ALLOW_PRIVATE", False)),
        user_agent=f"EntenteCordIAle-Events (calendar import; {config.get('EVENTAPP_BASE_URL')})",
    )


def due_sources(now: datetime) -> list[int]:
    """The ids of the sources whose next sync is due (or that never synced), oldest first."""
    due = or_(Source.next_sync_at.is_(None), Source.next_sync_at <= now)
    return list(db.session.scalars(select(Source.id).where(due).order_by(Source.next_sync_at)))


def claim(source_id: int, now: datetime) -> bool:
    """Mark a due source as taken (committed); False if another worker took it first."""
    due = or_(Source.next_sync_at.is_(None), Source.next_sync_at <= now)
    taken = db.session.execute(
        update(Source).where(Source.id == source_id, due).values(next_sync_at=now + CLAIM)
    )
    db.session.commit()
    return taken.rowcount == 1


def sync_and_commit(
    source_id: int, *, now: datetime, settings: Settings, fetcher: Fetch
) -> SyncReport | None:
    """Sync one source and commit; an unexpected error rolls its changes back and is recorded
    on the source as a failed sync. None when there is no such source."""
    source = db.session.get(Source, source_id)
    if source is None:
        return None
    try:
        report = sync_source(source, now=now, settings=settings, fetcher=fetcher)
        db.session.commit()
        return report
    except Exception as error:  # the events stay as they were; the source says why
        db.session.rollback()
        log.exception("imports: the sync of source %s failed", source_id)
        source = db.session.get(Source, source_id)
        report = SyncReport(status="failed", errors=[f"The sync failed: {error}"])
        record(source, report, now=now, settings=settings)
        db.session.commit()
        return report


def sync_due(
    *, now: Callable[[], datetime], settings: Settings, fetcher: Fetch,
    stop: Callable[[], bool] = lambda: False,
) -> list[tuple[int, SyncReport]]:  # fmt: skip
    """Sync every due source that this process claims, one after the other."""
    done = []
    for source_id in due_sources(now()):
        if stop():
            break
        if claim(source_id, now()):
            report = sync_and_commit(source_id, now=now(), settings=settings, fetcher=fetcher)
            if report is not None:
                done.append((source_id, report))
    return done
