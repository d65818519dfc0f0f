"""A source: an iCalendar feed published elsewhere, imported for one organisation and site."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.db import UTCDateTime
from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation, Series, Site, Topic

LANGUAGES = ("fr", "en")
DEFAULT_INTERVAL_MINUTES = 60

source_topics = Table(
    "source_topics",
    db.metadata,
    Column("source_id", ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
)


class Source(db.Model):
    """A calendar feed the platform follows: where it is, what its events become, its last sync."""

    __tablename__ = "sources"
    __table_args__ = (
        CheckConstraint("language IN ('fr', 'en')", name="language"),
        CheckConstraint("interval_minutes > 0", name="interval"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    series_id: Mapped[int | None] = mapped_column(ForeignKey("series.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(2), default="en")
    # True: its events publish at once; False: they wait as drafts for an organiser.
    publish: Mapped[bool] = mapped_column(default=True)
    # True: its new events offer registration here (opening when they are imported).
    registration: Mapped[bool] = mapped_column(default=False)
    interval_minutes: Mapped[int] = mapped_column(Integer, default=DEFAULT_INTERVAL_MINUTES)
    # What the server said last time, sent back for a conditional GET.
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    # The last feed read in full: the same bytes again (a server without ETag) are not read
    # again for a day (imports/sync.py).
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    content_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the last feed read gave, VEVENT by VEVENT, so that unchanged ones are not parsed
    # again (imports/blocks.py); loaded only by a sync.
    item_cache: Mapped[dict | None] = mapped_column(JSON, deferred=True)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # 'ok', 'not-modified' or 'failed'; the HTTP status apart (None when no answer came).
    last_status: Mapped[str | None] = mapped_column(String(20))
    last_http_status: Mapped[int | None]
    last_duration_ms: Mapped[int | None]
    # The last sync's report (counts, skipped items and why, errors): see sync.SyncReport.
    last_report: Mapped[dict | None] = mapped_column(JSON)
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(default=0)  # in a row; 0 after a good sync
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    organisation: Mapped[Organisation] = relationship()
    site: Mapped[Site] = relationship()
    series: Mapped[Series | None] = relationship()
    topics: Mapped[list[Topic]] = relationship(secondary=source_topics)
