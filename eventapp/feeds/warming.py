"""Blocks built ahead of the readers: after a deploy (new fingerprint) or a change made outside
the app's sessions (an import, a script), every event's blocks are stale at once.

The worker builds them in committed chunks (`build_stale`), so that work done is never lost when
a worker is stopped or killed. A feed request builds at most EVENTAPP_FEED_INLINE_BUILD events
for itself: beyond that (blocks.FeedNotReady) it stores one such chunk, commits, and answers 503
with Retry-After, so that even without a worker each poll moves the work on. Blocks of another
fingerprint are never served: the ETag names the fingerprint, so its bytes must be that
fingerprint's.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import and_, select

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.feeds.blocks import BUILD_CHUNK, EVENT, FEED_STATUSES, build, stamp
from eventapp.feeds.content import Site
from eventapp.feeds.fingerprint import current_fingerprint
from eventapp.feeds.models import IcalBlock
from eventapp.i18n import LANGUAGES


def stale_events(lang: str, fingerprint: str) -> list[int]:
    """The feed events whose stored block in `lang` is missing or not current, by id."""
    block = and_(IcalBlock.event_id == Event.id, IcalBlock.lang == lang, IcalBlock.part == EVENT)
    rows = db.session.execute(
        select(Event.id, Event.updated_at, Event.sequence, IcalBlock.stamp)
        .outerjoin(IcalBlock, block)
        .where(Event.status.in_(FEED_STATUSES))
        .order_by(Event.id)
    )
    return [
        event_id
        for event_id, updated_at, sequence, kept in rows
        if kept != stamp(fingerprint, updated_at, sequence)
    ]


def build_chunk(ids: list[int], lang: str, site: Site) -> int:
    """Build and store the blocks of `ids` (both parts) in `lang`; the caller commits."""
    build(ids, lang, site, current_fingerprint())
    return len(ids)


def build_stale(
    site: Site, *, stop: Callable[[], bool], chunk: int = BUILD_CHUNK, commit=None
) -> int:
    """Build every stale block, chunk by chunk, each chunk committed; returns how many events."""
    commit = commit or db.session.commit
    built = 0
    for lang in LANGUAGES:
        ids = stale_events(lang, current_fingerprint())
        for start in range(0, len(ids), chunk):
            if stop():
                return built
            built += build_chunk(ids[start : start + chunk], lang, site)
            commit()
    return built
