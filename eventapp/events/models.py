"""Events and their timetable of sessions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from eventapp.db import UTCDateTime
from eventapp.extensions import clock, db
from eventapp.i18n import Bilingual
from eventapp.reference.models import Organisation, Person, Series, Site, Topic, Venue
from eventapp.text import slugify

KINDS = ("seminar", "workshop", "symposium")
STATUSES = ("draft", "published", "cancelled")
DELIVERY_LANGUAGES = ("fr", "en", "both")
#: The statuses anyone may see (queries.VISIBLE), as the predicate of a partial index.
VISIBLE_SQL = "status IN ('published', 'cancelled')"


def _link_table(name: str, left: str, right: str, *extra: Column) -> Table:
    """A many-to-many table between `left` and `right` (table names)."""
    left_col, right_col = f"{left.removesuffix('s')}_id", _singular(right) + "_id"
    # The surrogate id keeps the order in which hosts and speakers were listed.
    return Table(
        name,
        db.metadata,
        Column("id", Integer, primary_key=True),
        Column(left_col, ForeignKey(f"{left}.id", ondelete="CASCADE"), nullable=False, index=True),
        Column(right_col, ForeignKey(f"{right}.id", ondelete="CASCADE"), nullable=False),
        *extra,
        UniqueConstraint(left_col, right_col),
        sqlite_autoincrement=True,
    )


def _singular(table: str) -> str:
    return "person" if table == "people" else table.removesuffix("s")


# A co-host named by another organisation's organiser shows and grants rights only once one of
# its own organisers accepts (accepted_at set); the hosts' own organisation is accepted at once.
# Rows written through `Event.organisations` (demo data, copies) are accepted by this default (a
# Python one: the schema stays as migrated); naming hosts for an actor goes through
# events/hosts.py, which decides who is accepted and who is only invited.
event_organisations = _link_table(
    "event_organisations",
    "events",
    "organisations",
    Column("accepted_at", UTCDateTime, default=clock.now),
)
event_topics = _link_table("event_topics", "events", "topics")
event_speakers = _link_table("event_speakers", "events", "people")
session_speakers = _link_table("session_speakers", "event_sessions", "people")


class Event(Bilingual, db.Model):
    """A seminar, workshop or symposium held at one site."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("kind IN ('seminar', 'workshop', 'symposium')", name="kind"),
        CheckConstraint("status IN ('draft', 'published', 'cancelled')", name="status"),
        CheckConstraint("language IN ('fr', 'en', 'both')", name="language"),
        CheckConstraint("end_at >= start_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity"),
        Index("ix_events_status_start", "status", "start_at", "end_at"),
        Index("ix_events_status_end", "status", "end_at", "start_at"),
        # The API's list (published and cancelled, in start order): no index on (status, …)
        # gives two statuses in one order, so it scanned and sorted every upcoming event.
        Index(
            "ix_events_visible_start",
            "start_at",
            "id",
            "end_at",
            postgresql_where=text(VISIBLE_SQL),
            sqlite_where=text(VISIBLE_SQL),
        ),  # fmt: skip
        # One event per item of an imported calendar. An item without a recurrence id keeps ''
        # here, never NULL: NULLs are distinct in a unique constraint, on both databases.
        UniqueConstraint(
            "source_id", "source_uid", "source_recurrence_id", name="uq_events_source_item"
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    language: Mapped[str] = mapped_column(String(4), default="en")
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"), index=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("series.id"), index=True)
    online_url: Mapped[str | None] = mapped_column(String(500))
    all_day: Mapped[bool] = mapped_column(default=False)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    title_fr: Mapped[str | None] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    summary_fr: Mapped[str | None] = mapped_column(Text)
    summary_en: Mapped[str | None] = mapped_column(Text)
    description_fr: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    cancel_reason_fr: Mapped[str | None] = mapped_column(Text)
    cancel_reason_en: Mapped[str | None] = mapped_column(Text)
    capacity: Mapped[int | None]
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Places taken at the moment of the query that loaded the event (see events/queries.py).
    taken: Mapped[int | None] = query_expression()
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # Imported events (eventapp/imports): the calendar they come from, the item's UID there,
    # its recurrence id ('' for a single event) and its page. NULL for events made here; a
    # deleted source leaves its events, detached.
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    source_uid: Mapped[str | None] = mapped_column(String(500))
    source_recurrence_id: Mapped[str | None] = mapped_column(String(40))
    source_url: Mapped[str | None] = mapped_column(String(500))
    # When an organiser detached it from its source: an ordinary event since, which the sync
    # leaves alone (its item is neither imported again nor followed).
    source_detached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    site: Mapped[Site] = relationship()
    venue: Mapped[Venue | None] = relationship()
    series: Mapped[Series | None] = relationship()
    # The accepted hosts: all that pages, feeds, the API and rights ever see.
    organisations: Mapped[list[Organisation]] = relationship(
        secondary=event_organisations,
        primaryjoin=lambda: Event.id == event_organisations.c.event_id,
        secondaryjoin=lambda: and_(
            Organisation.id == event_organisations.c.organisation_id,
            event_organisations.c.accepted_at.is_not(None),
        ),
        order_by=event_organisations.c.id,
    )
    # Organisations invited to co-host that have not accepted yet: only the hosts' workspace and
    # the invited organisation's organisers see them.
    invited: Mapped[list[Organisation]] = relationship(
        secondary=event_organisations,
        primaryjoin=lambda: Event.id == event_organisations.c.event_id,
        secondaryjoin=lambda: and_(
            Organisation.id == event_organisations.c.organisation_id,
            event_organisations.c.accepted_at.is_(None),
        ),
        order_by=event_organisations.c.id,
        viewonly=True,
    )
    topics: Mapped[list[Topic]] = relationship(secondary=event_topics, order_by=event_topics.c.id)
    speakers: Mapped[list[Person]] = relationship(
        secondary=event_speakers, order_by=event_speakers.c.id
    )
    sessions: Mapped[list[EventSession]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="(EventSession.start_at, EventSession.id)",
    )

    @property
    def zone(self) -> ZoneInfo:
        return self.site.zone

    @property
    def local_start(self) -> datetime:
        return self.start_at.astimezone(self.zone)

    @property
    def local_end(self) -> datetime:
        return self.end_at.astimezone(self.zone)

    @property
    def first_day(self) -> date:
        return self.local_start.date()

    @property
    def last_day(self) -> date:
        """The last day the event runs on (an all-day event's end is the next midnight)."""
        end = self.local_end
        if self.all_day:
            return end.date() - timedelta(days=1)
        return end.date()

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def registration_enabled(self) -> bool:
        return self.capacity is not None or self.registration_opens_at is not None

    @property
    def online_link_private(self) -> bool:
        """With registration, the online link is for confirmed attendees only."""
        return self.registration_enabled

    @property
    def places_left(self) -> int | None:
        """Places still free; None when there is no limit (`taken` is loaded by the queries)."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - (self.taken or 0))

    @property
    def is_full(self) -> bool:
        return self.places_left == 0

    def slug(self, lang: str) -> str:
        return slugify(self.localised("title", lang).text)


class EventSession(Bilingual, db.Model):
    """One slot of an event's timetable: a talk, a panel, a breakout workshop."""

    __tablename__ = "event_sessions"
    __table_args__ = (
        CheckConstraint("end_at >= start_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title_fr: Mapped[str | None] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    room: Mapped[str | None] = mapped_column(String(200))
    capacity: Mapped[int | None]
    sequence: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    event: Mapped[Event] = relationship(back_populates="sessions")
    speakers: Mapped[list[Person]] = relationship(
        secondary=session_speakers, order_by=session_speakers.c.id
    )

    @property
    def local_start(self) -> datetime:
        return self.start_at.astimezone(self.event.zone)

    @property
    def local_end(self) -> datetime:
        return self.end_at.astimezone(self.event.zone)
