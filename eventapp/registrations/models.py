"""A person's place at an event (and at its sessions), or their place in the queue for one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.accounts.models import User
from eventapp.db import UTCDateTime
from eventapp.events.models import Event, EventSession
from eventapp.extensions import clock, db

STATUSES = ("pending", "confirmed", "waiting", "cancelled")


class Registration(db.Model):
    """One person at one event: by account, or as a guest known by e-mail."""

    __tablename__ = "registrations"
    __table_args__ = (
        # One registration per person per event: the address is stored lower-cased.
        UniqueConstraint("event_id", "email"),
        CheckConstraint(
            "status IN ('pending', 'confirmed', 'waiting', 'cancelled')", name="status"
        ),
        Index("ix_registrations_event_status", "event_id", "status"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200), default="")
    affiliation: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(2), default="en")
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A guest's unconfirmed place is held until then; after it, the place is free again.
    hold_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the person joined the waiting list (shown, not used to order it: see queue_number).
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Queue order, the lower the sooner promoted: numbered per event under the places' lock, so
    # the order is the order in which registrations got the lock, whatever their clocks read.
    queue_number: Mapped[int | None] = mapped_column()
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who marked the person present at the door (kept when that account goes: SET NULL).
    attended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The folded name and address that organisers search (kept at every flush: history.py).
    search_text: Mapped[str] = mapped_column(String(600), default="")
    # The highest SEQUENCE sent to this person for this event: every invitation goes higher.
    invite_sequence: Mapped[int] = mapped_column(default=-1)

    event: Mapped[Event] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    attended_by: Mapped[User | None] = relationship(foreign_keys=[attended_by_id])
    sessions: Mapped[list[RegistrationSession]] = relationship(
        back_populates="registration",
        cascade="all, delete-orphan",
        order_by="RegistrationSession.session_id",
    )
    changes: Mapped[list[RegistrationChange]] = relationship(
        back_populates="registration",
        cascade="all, delete-orphan",
        order_by="RegistrationChange.id",
    )


class RegistrationSession(db.Model):
    """A chosen session of a registration, confirmed or waiting on its own."""

    __tablename__ = "registration_sessions"
    __table_args__ = (
        UniqueConstraint("registration_id", "session_id"),
        CheckConstraint("status IN ('confirmed', 'waiting')", name="status"),
        Index("ix_registration_sessions_session_status", "session_id", "status"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int] = mapped_column(ForeignKey("event_sessions.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration: Mapped[Registration] = relationship(back_populates="sessions")
    session: Mapped[EventSession] = relationship()


class RegistrationChange(db.Model):
    """One step in a registration's life: its new status, or a check-in and its undoing.

    Holds no personal data, so it stays when a person's data is erased.
    """

    __tablename__ = "registration_changes"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # One of STATUSES, or 'attended' / 'not-attended'.
    what: Mapped[str] = mapped_column(String(20))
    # Who did it when it was not the person themselves (an organiser at the door).
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    registration: Mapped[Registration] = relationship(back_populates="changes")


class RegistrationLink(db.Model):
    """A link sent to a person about their registration: an opaque random token, stored as its
    hash, that opens it until `expires_at` (the event's end)."""

    __tablename__ = "registration_links"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
