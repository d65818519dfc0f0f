"""People who use the platform, what they may do, and their API tokens."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.db import UTCDateTime
from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation

ROLES = ("attendee", "organiser", "admin")

user_organisations = Table(
    "user_organisations",
    db.metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
    UniqueConstraint("user_id", "organisation_id"),
    sqlite_autoincrement=True,
)


class User(UserMixin, db.Model):
    """A person with an account: an attendee, an organiser of some organisations, or an admin."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('attendee', 'organiser', 'admin')", name="role"),
        CheckConstraint("language IN ('fr', 'en')", name="language"),
        # An index, not a table constraint, so SQLite adds it without rebuilding the table.
        Index("ix_users_feed_token_hash", "feed_token_hash", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased: one account per address, whatever case it is typed in.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(200), default="")
    affiliation: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(2), default="en")
    role: Mapped[str] = mapped_column(String(20), default="attendee")
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # No longer read: server-side sessions (UserSession) replaced it; a migration may drop it.
    session_key: Mapped[str] = mapped_column(String(64), default="")
    # The hash of the secret in the personal feed's URL; a new one revokes the old.
    feed_token_hash: Mapped[str | None] = mapped_column(String(64))

    organisations: Mapped[list[Organisation]] = relationship(
        secondary=user_organisations, order_by=user_organisations.c.id
    )
    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="ApiToken.created_at"
    )

    def get_id(self) -> str:
        # Who the user is; the session cookie holds a session's secret instead (login.py).
        return str(self.id)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_organiser(self) -> bool:
        return self.role == "organiser" and bool(self.organisations)


class ApiToken(db.Model):
    """A bearer token for the API, stored as a hash; revoked tokens are kept for the record."""

    __tablename__ = "api_tokens"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class UserSession(db.Model):
    """A signed-in browser, known on the server: logging out deletes it, so a replayed cookie
    opens nothing. The cookie carries the secret; the table keeps its hash (as API tokens)."""

    __tablename__ = "user_sessions"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
