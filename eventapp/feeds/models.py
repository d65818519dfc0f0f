"""What makes feeds cheap and right across processes: a change counter and serialised blocks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from eventapp.db import UTCDateTime
from eventapp.extensions import db


class FeedState(db.Model):
    """One row: bumped in the same transaction as any change a feed could show."""

    __tablename__ = "feed_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IcalBlock(db.Model):
    """The serialised VEVENT(s) of one event in one language, as last built."""

    __tablename__ = "ical_blocks"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    lang: Mapped[str] = mapped_column(String(2), primary_key=True)
    part: Mapped[str] = mapped_column(String(10), primary_key=True)
    # The fingerprint and the event's (updated_at, sequence) the block was built from; any other
    # value means stale.
    stamp: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes] = mapped_column(LargeBinary)
