"""The places and bodies that events belong to."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.extensions import db
from eventapp.i18n import Bilingual

AUTOINCREMENT = {"sqlite_autoincrement": True}


class Site(Bilingual, db.Model):
    """One hub of the partnership, with its IANA time zone."""

    __tablename__ = "sites"
    __table_args__ = AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_fr: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    #: The language (fr, en) of what its organisers type without translating: room names.
    language: Mapped[str] = mapped_column(String(2), default="en", server_default="en")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Organisation(Bilingual, db.Model):
    """A body that hosts events, belonging to a site."""

    __tablename__ = "organisations"
    __table_args__ = AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_fr: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)

    site: Mapped[Site] = relationship()


class Venue(Bilingual, db.Model):
    """A room and its address at a site."""

    __tablename__ = "venues"
    __table_args__ = AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    name_fr: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(500), default="")
    capacity: Mapped[int | None]
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)

    site: Mapped[Site] = relationship()


class Series(Bilingual, db.Model):
    """A recurring seminar series; each occurrence is its own event."""

    __tablename__ = "series"
    __table_args__ = AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title_fr: Mapped[str | None] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(200))
    description_fr: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), index=True)

    site: Mapped[Site | None] = relationship()


class Topic(Bilingual, db.Model):
    """A subject events can be filed under."""

    __tablename__ = "topics"
    __table_args__ = AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_fr: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))


class Person(db.Model):
    """A speaker, with an affiliation."""

    __tablename__ = "people"
    __table_args__ = AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    affiliation: Mapped[str | None] = mapped_column(String(300))
