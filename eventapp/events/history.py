"""Each event's history: who changed what, and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.accounts.models import User
from eventapp.db import UTCDateTime
from eventapp.extensions import db


class EventChange(db.Model):
    """One change to an event: its author, its moment, and each field's old and new value."""

    __tablename__ = "event_changes"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # 'created', 'updated', 'published', 'unpublished', 'moved', 'cancelled', 'sessions'…
    action: Mapped[str] = mapped_column(String(30))
    # {"field": [old, new]} with values as text, for people to read.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    user: Mapped[User | None] = relationship()


def record(event_id: int, user: User | None, action: str, changes: dict, *, now: datetime) -> None:
    """Add a line to an event's history (flushed with the change itself)."""
    db.session.add(
        EventChange(
            event_id=event_id,
            user_id=user.id if user is not None else None,
            at=now,
            action=action,
            changes=changes,
        )
    )
