"""Messages an event's organisers wrote to its registrants."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.accounts.models import User
from eventapp.db import UTCDateTime
from eventapp.extensions import db


class EventMessage(db.Model):
    """One message to some of an event's registrants, with how many it was queued for."""

    __tablename__ = "event_messages"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The form's one-time key: a second submission of the same form sends nothing more.
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    subject_fr: Mapped[str | None] = mapped_column(String(300))
    subject_en: Mapped[str | None] = mapped_column(String(300))
    body_fr: Mapped[str | None] = mapped_column(Text)
    body_en: Mapped[str | None] = mapped_column(Text)
    # The statuses written to: ["confirmed", "waiting", "pending"] or some of them.
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    queued: Mapped[int] = mapped_column(default=0)

    user: Mapped[User | None] = relationship()
