"""What a person follows, how they like to hear of it, and which events they were told of."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from eventapp.db import UTCDateTime
from eventapp.extensions import clock, db

KINDS = ("series", "topic", "site", "organisation", "speaker")


class Follow(db.Model):
    """A person follows one series, topic, site, organisation or speaker (by its id)."""

    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "target_id"),
        CheckConstraint("kind IN ('series', 'topic', 'site', 'organisation', 'speaker')",
                        name="kind"),
        Index("ix_follows_kind_target", "kind", "target_id"),
        {"sqlite_autoincrement": True},
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    # No foreign key: the target's table depends on the kind. A target deleted leaves a follow
    # that matches nothing; the profile leaves it out (targets.py) and it can still be removed.
    target_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class FollowPreference(db.Model):
    """How a person hears of new events: a mail for each (no row), or a weekly digest."""

    __tablename__ = "follow_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    weekly: Mapped[bool] = mapped_column(default=False, server_default=false())
    # When the next digest is due; moved a week on by the worker that claims it (digest.py).
    digest_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


class FollowNotice(db.Model):
    """An event a follower is, or will be (a digest's pending item), told about: at most once."""

    __tablename__ = "follow_notices"
    __table_args__ = (
        UniqueConstraint("user_id", "event_id"),
        Index("ix_follow_notices_pending", "user_id", "sent_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # Set when the mail is queued; empty while the item waits for the person's weekly digest.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
