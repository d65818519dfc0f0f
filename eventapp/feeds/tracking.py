"""Keeps feeds right after any write: who changed, and a counter that every process reads.

Any change that a feed shows moves the `updated_at` of the events concerned (so their stored
blocks no longer match), bumps the one `feed_state` row (so every feed's ETag changes) and, just
before the commit, stores the events' new blocks in both languages: all in the same transaction
as the change itself, so a feed read only reads.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from flask import current_app, has_app_context
from sqlalchemy import Connection, Select, event, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from eventapp.events import queries
from eventapp.events.changes import shown_change
from eventapp.events.models import (
    Event,
    EventSession,
    event_organisations,
    event_speakers,
    event_topics,
    session_speakers,
)
from eventapp.extensions import clock, db
from eventapp.feeds import blocks
from eventapp.feeds.content import Site as Links
from eventapp.feeds.fingerprint import current_fingerprint
from eventapp.feeds.models import FeedState
from eventapp.i18n import LANGUAGES
from eventapp.reference.models import Organisation, Person, Series, Site, Topic, Venue
from eventapp.settings import settings_of

REFERENCE = (Venue, Series, Site, Organisation, Topic, Person)
FEED_STATE_ID = 1
STALE = "feeds.stale_events"  # in `session.info`: events whose blocks this transaction changed


def _affected(obj) -> object:
    """The events that show `obj`, as a WHERE clause on the events table."""
    if isinstance(obj, Venue):
        return Event.venue_id == obj.id
    if isinstance(obj, Series):
        return Event.series_id == obj.id
    if isinstance(obj, Site):
        return Event.site_id == obj.id
    if isinstance(obj, Organisation):
        link = event_organisations.c
        return Event.id.in_(select(link.event_id).where(link.organisation_id == obj.id))
    if isinstance(obj, Topic):
        return Event.id.in_(
            select(event_topics.c.event_id).where(event_topics.c.topic_id == obj.id)
        )
    speaking = select(event_speakers.c.event_id).where(event_speakers.c.person_id == obj.id)
    in_sessions = (
        select(EventSession.event_id)
        .join(session_speakers, session_speakers.c.event_session_id == EventSession.id)
        .where(session_speakers.c.person_id == obj.id)
    )
    return Event.id.in_(speaking.union(in_sessions))


@event.listens_for(Session, "before_flush")
def _touch_parents(session: Session, flush_context, instances) -> None:
    # A session's change is its event's change: the event's blocks hold its sessions.
    now = clock.now()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, EventSession):
            continue
        parent = obj.event
        # Keep a time the caller already gave the event (a service's injected `now`).
        if (
            parent is not None
            and parent not in session.deleted
            and not inspect(parent).attrs.updated_at.history.has_changes()
        ):
            parent.updated_at = now


@event.listens_for(Session, "after_flush")
def _record_changes(session: Session, flush_context) -> None:
    changed = [
        obj
        for obj in (*session.new, *session.dirty, *session.deleted)
        if isinstance(obj, (Event, EventSession, *REFERENCE))
        and (obj not in session.dirty or (session.is_modified(obj) and shown_change(obj)))
    ]
    if not changed:
        return
    now = clock.now()
    conn = session.connection()
    stale: set[int] = session.info.setdefault(STALE, set())
    for obj in changed:
        if isinstance(obj, Event) and obj not in session.deleted:
            stale.add(obj.id)
        elif isinstance(obj, EventSession) and obj.event_id is not None:
            stale.add(obj.event_id)
        elif isinstance(obj, REFERENCE) and obj not in session.new:
            stale.update(conn.scalars(select(Event.id).where(_affected(obj))))
            conn.execute(update(Event).where(_affected(obj)).values(updated_at=now))
    bump(conn, now)


@event.listens_for(Session, "before_commit")
def _store_blocks(session: Session) -> None:
    """The changed events' blocks, built and stored by the writer, not by the next reader."""
    if not has_app_context() or session is not db.session():
        return  # a session of its own (a script's): the next read builds what it needs
    session.flush()
    stale = session.info.pop(STALE, None)
    if not stale:
        return
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Event) and obj.id in stale:
            session.expire(obj)  # a reference change moved its `updated_at` behind the ORM's back
    links = Links.of(settings_of(current_app))
    for lang in LANGUAGES:
        blocks.build(stale, lang, links, current_fingerprint())


@event.listens_for(Session, "after_rollback")
def _forget_stale(session: Session) -> None:
    session.info.pop(STALE, None)


def bump(conn: Connection, now: datetime) -> None:
    """Add 1 to the feed state's version (creating the row the first time)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    table = FeedState.__table__
    stmt = dialect.insert(table).values(id=FEED_STATE_ID, version=1, changed_at=now)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.id],
        set_={"version": table.c.version + 1, "changed_at": now},
    )
    conn.execute(stmt)


# Built once, on the table's columns: every feed request and every 304 runs it, and a plain Core
# statement built once costs about a fifth of an ORM select built per call.
_STATE = FeedState.__table__.c
_VERSION = select(_STATE.version, _STATE.changed_at).where(_STATE.id == FEED_STATE_ID)


def feed_version(conn: Connection) -> tuple[int, datetime | None]:
    """The current version and the instant of the last change."""
    row = conn.execute(_VERSION).first()
    return (row.version, row.changed_at) if row else (0, None)


def data_version(conn: Connection, now: datetime | None = None) -> tuple[object, ...]:
    """What names the published data a page shows: the feed state's version (moved with every
    change a feed or a list shows) and its fingerprint (the settings in links, the catalogues);
    with `now`, also the next instant a visible event ends (`queries.next_end`), which moves a
    list's events from upcoming to past with no write: read in the same statement."""
    if now is None:
        return (feed_version(conn)[0], current_fingerprint())
    version, next_end = conn.execute(_version_and_next_end(), {"now": now}).one()
    return (version or 0, current_fingerprint(), next_end)


@cache
def _version_and_next_end() -> Select:
    version = select(_STATE.version).where(_STATE.id == FEED_STATE_ID).scalar_subquery()
    return select(version, queries.next_end_statement().scalar_subquery())
