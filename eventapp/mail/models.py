"""The outbox: every message is written here in the transaction that decided to send it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from eventapp.db import UTCDateTime
from eventapp.extensions import clock, db


class OutboxMessage(db.Model):
    """One message to deliver, with its delivery attempts."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "sent_at", "next_attempt_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Fixed when queued, so a retry after a lost reply is recognisably the same message.
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    # An optional iCalendar part (invitations), with its METHOD.
    ical: Mapped[str | None] = mapped_column(Text)
    ical_method: Mapped[str | None] = mapped_column(String(20))
    # Extra headers the message carries (List-Unsubscribe…), as a JSON object of one-line values.
    headers: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last mail to a person whose data is erased: once delivered (or given up), its
    # recipient and bodies are erased too (delivery.py), so the address is kept nowhere.
    forget_when_sent: Mapped[bool] = mapped_column(default=False, server_default=false())
    # A message decided in a transaction that holds a lock is rendered after its commit
    # (deferred.py): until then its subject and bodies are empty, `render_kind` names the
    # renderer and `render_spec` (JSON) what it renders. Both are emptied once it is rendered.
    render_kind: Mapped[str | None] = mapped_column(String(40))
    render_spec: Mapped[str | None] = mapped_column(Text)
