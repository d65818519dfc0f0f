"""Serialised event blocks: stored when an event is written, read from the table when current.

Building a VEVENT costs tens of microseconds; joining stored bytes costs next to nothing. A block
is current when its stamp equals its event's (updated_at, sequence) and the fingerprint of what
else shapes the bytes (settings, catalogues, builder: see `fingerprint`), so every process,
reading the same table, serves the same bytes. The transaction that changes an event stores its
blocks (`tracking.py`); a read that finds none current builds them for its own process and
writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from threading import Lock

from flask import current_app
from sqlalchemy import Select, select
from sqlalchemy.dialects import postgresql, sqlite

from eventapp.extensions import db
from eventapp.feeds import rows
from eventapp.feeds.content import EventRow, Site, Texts, event_content, session_content
from eventapp.feeds.fingerprint import current_fingerprint
from eventapp.feeds.ical import event_block
from eventapp.feeds.models import IcalBlock

EVENT, SESSIONS = "event", "sessions"
PARTS = (EVENT, SESSIONS)  # an event's VEVENT, and its sessions' VEVENTs
FEED_STATUSES = ("published", "cancelled")  # the events feeds show


class FeedNotReady(Exception):
    """More blocks are stale than a request may build: `ids` are the events still to build."""

    def __init__(self, lang: str, ids: list[int]) -> None:
        super().__init__(f"{len(ids)} events' blocks to build in {lang}")
        self.lang, self.ids = lang, ids


BUILD_CHUNK = 500
# Blocks kept in memory per app instance, in bytes: 10,000 events in two languages with their
# sessions' blocks take about 40 MB.
BLOCK_MEMO_BYTES = 128 * 1024 * 1024


def stamp(fingerprint: str, updated_at, sequence: int) -> str:
    # With the fingerprint: blocks stored under other settings, catalogues or builder are stale,
    # not served forever.
    return f"{fingerprint}:{updated_at.isoformat()}#{sequence}"


def feed_blocks(
    ids: Select, lang: str, site: Site, *, sessions: bool, inline_limit: int
) -> tuple[list[bytes], set[str]]:
    """The blocks of the events `ids` selects (in its order), and the zones they use.

    `ids` selects the columns `id`, `updated_at`, `sequence`, `start_at` and `timezone`.
    Blocks come from this app's memo when their stamp is current, else from the table when
    current there, else they are built, for this request alone: at most `inline_limit` events,
    beyond which FeedNotReady says which are still to build (see warming.py).
    """
    parts = (EVENT, SESSIONS) if sessions else (EVENT,)
    wanted = ids.subquery()
    # Through the connection: the ORM's result machinery would double the cost of 10,000 rows.
    current = (
        db.session.connection()
        .execute(
            select(wanted.c.id, wanted.c.updated_at, wanted.c.sequence, wanted.c.timezone).order_by(
                wanted.c.start_at, wanted.c.id
            )
        )
        .all()
    )
    memo = _memo()
    fingerprint = current_fingerprint()
    order: dict[int, None] = {}
    zones: set[str] = set()
    found: dict[tuple[int, str], bytes] = {}
    missing: dict[int, tuple[datetime, int]] = {}  # event id -> its (updated_at, sequence)
    for event_id, updated_at, sequence, timezone in current:
        order[event_id] = None
        zones.add(timezone)
        for part in parts:
            kept = memo.get((event_id, lang, part))
            if kept is not None and kept[:3] == (fingerprint, updated_at, sequence):
                found[(event_id, part)] = kept[3]
            else:
                missing[event_id] = (updated_at, sequence)
    if missing:
        found.update(_stored(missing, lang, parts, memo, fingerprint))
        stale = {
            event_id for event_id in missing for part in parts if (event_id, part) not in found
        }
        if len(stale) > inline_limit:  # after a deploy or an import: the worker builds them
            raise FeedNotReady(lang, sorted(stale))
        if stale:  # built for this process only: a read writes nothing (writes store them)
            found.update(build(stale, lang, site, fingerprint, store=False, parts=parts))
    return [found[(event_id, part)] for event_id in order for part in parts], zones


def _stored(
    events: dict[int, tuple[datetime, int]],
    lang: str,
    parts: tuple[str, ...],
    memo: BlockMemo,
    fingerprint: str,
) -> dict[tuple[int, str], bytes]:
    """The stored blocks of these events that are current (their stamp is the event's)."""
    found: dict[tuple[int, str], bytes] = {}
    stamps = {event_id: stamp(fingerprint, *current) for event_id, current in events.items()}
    ids = sorted(stamps)
    conn = db.session.connection()
    for start in range(0, len(ids), BUILD_CHUNK):
        chunk = ids[start : start + BUILD_CHUNK]
        for event_id, part, row_stamp, body in conn.execute(
            select(IcalBlock.event_id, IcalBlock.part, IcalBlock.stamp, IcalBlock.body).where(
                rows.within(IcalBlock.event_id, chunk),
                IcalBlock.lang == lang,
                IcalBlock.part.in_(parts),
            )
        ):
            if row_stamp == stamps.get(event_id):  # a range may read others' blocks too
                found[(event_id, part)] = body
                memo.put((event_id, lang, part), fingerprint, *events[event_id], body)
    return found


def build(
    event_ids: Iterable[int],
    lang: str,
    site: Site,
    fingerprint: str,
    *,
    store: bool = True,
    parts: tuple[str, ...] = PARTS,
) -> dict[tuple[int, str], bytes]:
    """Build the `parts` of each event in `lang` and store them, unless told not to; returns
    them. What is stored is always both parts (the worker checks one stamp for the two); a
    read that stores nothing builds only the parts it serves."""
    if store:
        parts = PARTS
    built: dict[tuple[int, str], bytes] = {}
    memo = _memo()
    texts = Texts.of(lang)
    conn = db.session.connection()
    ids = sorted(event_ids)
    for start in range(0, len(ids), BUILD_CHUNK):
        chunk = rows.load(conn, ids[start : start + BUILD_CHUNK], sessions=SESSIONS in parts)
        stored = []
        for event in chunk.events:
            for part in parts:
                body = _body(part, event, chunk, texts, site)
                built[(event.id, part)] = body
                memo.put(
                    (event.id, lang, part), fingerprint, event.updated_at, event.sequence, body
                )
                if store:
                    stored.append(
                        {"event_id": event.id, "lang": lang, "part": part, "body": body,
                         "stamp": stamp(fingerprint, event.updated_at, event.sequence)}
                    )  # fmt: skip
        if stored:
            _store(stored)
    return built


def _body(part: str, event: EventRow, chunk: rows.Chunk, texts: Texts, site: Site) -> bytes:
    """One part of an event: its own VEVENT, or its sessions' VEVENTs (possibly none)."""
    if part == EVENT:
        return event_block(event_content(event, chunk.speakers.get(event.id, []), texts, site))
    speakers = chunk.session_speakers
    return b"".join(
        event_block(session_content(s, speakers.get(s.id, []), event, texts, site))
        for s in chunk.sessions.get(event.id, ())
    )


def _store(rows: list[dict]) -> None:
    conn = db.session.connection()
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(IcalBlock.__table__)
    stmt = stmt.on_conflict_do_update(
        index_elements=["event_id", "lang", "part"],
        set_={"body": stmt.excluded.body, "stamp": stmt.excluded.stamp},
    )
    conn.execute(stmt, rows)


class BlockMemo:
    """The blocks this app instance last read or built, with the stamp they were built from.

    In front of the table, not instead of it: a block is used only while the fingerprint and the
    (updated_at, sequence) it was built from are still current, the table's rule, so every
    process serves the same bytes. What it saves
    is reading 10,000 bodies from the database when one event changed. Bounded: emptied whole
    when it grows past `limit` bytes (it refills from the table on the next request).
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._blocks: dict[tuple[int, str, str], tuple[str, datetime, int, bytes]] = {}
        self._size = 0
        self._lock = Lock()

    def get(self, key: tuple[int, str, str]) -> tuple[str, datetime, int, bytes] | None:
        return self._blocks.get(key)

    def put(
        self,
        key: tuple[int, str, str],
        fingerprint: str,
        updated_at: datetime,
        sequence: int,
        body: bytes,
    ) -> None:
        value = (fingerprint, updated_at, sequence, body)
        with self._lock:
            old = self._blocks.get(key)
            if old is not None:
                self._size -= len(old[3])
            elif self._size + len(body) > self.limit:
                self._blocks.clear()
                self._size = 0
            self._blocks[key] = value
            self._size += len(body)


def _memo() -> BlockMemo:
    """This app's memo (per app, not per module: apps on different databases share nothing)."""
    memo = current_app.extensions.get("eventapp.ical_blocks")
    if memo is None:
        memo = current_app.extensions.setdefault(
            "eventapp.ical_blocks", BlockMemo(BLOCK_MEMO_BYTES)
        )
    return memo
