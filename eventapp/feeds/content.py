"""From events to the builder's plain data, in one language: what a calendar shows of them.

The feeds' blocks are built from plain rows (`EventRow`, `SessionRow`, read in bulk by
`rows.py`), not from ORM objects, and with the few translated texts a block needs looked up once
per language (`Texts`): building thousands of blocks after a deploy is then mostly writing bytes.
An invitation builds its one VEVENT from the ORM event through the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import gettext as _

from eventapp.events.models import Event
from eventapp.feeds.ical import CalEvent
from eventapp.text import slugify

Person = tuple[str, str | None]  # a speaker's name and affiliation

# An event's title gives the slug of its URL in every block of the event (its sessions' too).
_slug = lru_cache(maxsize=4096)(slugify)


@dataclass(frozen=True)
class Site:
    """Where links and UIDs point: the deployment's base URL and UID domain."""

    base_url: str
    uid_domain: str

    @classmethod
    def of(cls, settings) -> Site:
        """The links and UIDs of a deployment's settings (`eventapp.settings.Settings`)."""
        return cls(settings.base_url, settings.uid_domain)

    def event_url(self, event: Event, lang: str) -> str:
        return self.page_url(event.id, event.localised("title", lang).text, lang)

    def page_url(self, event_id: int, title: str, lang: str) -> str:
        """An event's page in `lang`, from its id and its title in that language."""
        slug = _slug(title)
        return f"{self.base_url}/{lang}/events/{event_id}" + (f"-{slug}" if slug else "")


class EventRow(NamedTuple):
    """What a feed shows of an event, as one row (the columns `rows.EVENT_COLUMNS` selects)."""

    id: int
    status: str
    all_day: bool
    start_at: datetime
    end_at: datetime
    sequence: int
    updated_at: datetime
    timezone: str
    title_fr: str | None
    title_en: str | None
    summary_fr: str | None
    summary_en: str | None
    cancel_reason_fr: str | None
    cancel_reason_en: str | None
    online_url: str | None
    # With registration, the online link is for confirmed attendees only.
    online_link_private: bool
    source_id: int | None
    source_uid: str | None
    venue_id: int | None
    venue_name_fr: str | None
    venue_name_en: str | None
    venue_address: str | None

    @classmethod
    def of(cls, event: Event) -> EventRow:
        """The row of an ORM event (an invitation, a personal feed)."""
        venue = event.venue
        return cls(
            event.id, event.status, event.all_day, event.start_at, event.end_at, event.sequence,
            event.updated_at, event.site.timezone, event.title_fr, event.title_en,
            event.summary_fr, event.summary_en, event.cancel_reason_fr, event.cancel_reason_en,
            event.online_url, event.online_link_private, event.source_id, event.source_uid,
            event.venue_id, venue and venue.name_fr, venue and venue.name_en,
            venue and venue.address,
        )  # fmt: skip


class SessionRow(NamedTuple):
    """What a feed shows of one session of an event (the columns `rows.SESSION_COLUMNS`)."""

    id: int
    event_id: int
    title_fr: str | None
    title_en: str | None
    start_at: datetime
    end_at: datetime
    room: str | None
    sequence: int


@dataclass(frozen=True)
class Texts:
    """The fixed texts of the feeds in one language, translated once (not once per event)."""

    lang: str
    cancelled_title: str
    cancelled: str
    speakers: str
    where: str
    online: str
    online_link: str
    more: str
    part_of: str
    room: str

    @classmethod
    def of(cls, lang: str) -> Texts:
        """The catalogue's texts for `lang` (templates, filled in with `%`, as gettext does)."""
        with force_locale(lang):
            return cls(
                lang, _("[CANCELLED] %(title)s"), _("This event has been cancelled."),
                _("Speakers: %(names)s"), _("Where: %(place)s"), _("Online"),
                _("Online: %(url)s"), _("More: %(url)s"), _("Part of: %(event)s"),
                _("Room: %(room)s"),
            )  # fmt: skip


def event_uid(event_id: int, domain: str) -> str:
    return f"event-{event_id}@{domain}"


def session_uid(session_id: int, domain: str) -> str:
    return f"session-{session_id}@{domain}"


def cal_event(event: Event, lang: str, site: Site, *, private: bool = False) -> CalEvent:
    """The VEVENT data of an event in `lang`; `private` (an attendee's invitation) adds the
    online link that an event with registration keeps for its attendees."""
    speakers = [(p.name, p.affiliation) for p in event.speakers]
    return event_content(EventRow.of(event), speakers, Texts.of(lang), site, private=private)


def event_content(
    row: EventRow, speakers: list[Person], texts: Texts, site: Site, *, private: bool = False
) -> CalEvent:
    """The VEVENT data of the event of `row`, with its `speakers`, in the language of `texts`."""
    lang = texts.lang
    cancelled = row.status == "cancelled"
    start, end = row.start_at, row.end_at
    if row.all_day:
        zone = ZoneInfo(row.timezone)
        start, end = start.astimezone(zone).date(), end.astimezone(zone).date()
    url = site.page_url(row.id, _pick(row.title_fr, row.title_en, lang), lang)
    return CalEvent(
        uid=event_uid(row.id, site.uid_domain),
        sequence=row.sequence,
        modified_at=row.updated_at,
        start=start,
        end=end,
        tzid=row.timezone,
        summary=_summary(_pick(row.title_fr, row.title_en, lang), cancelled, texts),
        description=_event_description(row, speakers, texts, url, private),
        location=_location(row, texts),
        url=url,
        cancelled=cancelled,
        source_uid=row.source_uid if row.source_id is not None else None,
    )


def session_content(
    session: SessionRow, speakers: list[Person], event: EventRow, texts: Texts, site: Site
) -> CalEvent:
    """The VEVENT data of one session of `event`, with its `speakers`, in `texts`' language."""
    lang = texts.lang
    event_title = _pick(event.title_fr, event.title_en, lang)
    title = _pick(session.title_fr, session.title_en, lang)
    url = site.page_url(event.id, event_title, lang)
    lines = [texts.part_of % {"event": event_title}]
    if speakers:
        lines.append(texts.speakers % {"names": _people(speakers)})
    if session.room:
        lines.append(texts.room % {"room": session.room})
    lines += ["", url]
    location = ", ".join(p for p in (session.room, _location(event, texts)) if p)
    cancelled = event.status == "cancelled"
    return CalEvent(
        uid=session_uid(session.id, site.uid_domain),
        sequence=event.sequence + session.sequence,
        modified_at=event.updated_at,  # any change to a session moves its event's
        start=session.start_at,
        end=session.end_at,
        tzid=event.timezone,
        summary=_summary(f"{title} — {event_title}" if title else event_title, cancelled, texts),
        description="\n".join(lines),
        location=location,
        url=url,
        cancelled=cancelled,
    )


def _pick(fr: str | None, en: str | None, lang: str) -> str:
    """A bilingual field in `lang`, else in the other language (as `Bilingual.localised`)."""
    return (fr or en or "") if lang == "fr" else (en or fr or "")


def _summary(title: str, cancelled: bool, texts: Texts) -> str:
    return texts.cancelled_title % {"title": title} if cancelled else title


def _location(row: EventRow, texts: Texts) -> str:
    if row.venue_id is None:
        return texts.online
    name = _pick(row.venue_name_fr, row.venue_name_en, texts.lang)
    return ", ".join(p for p in (name, row.venue_address) if p)


def _people(people: list[Person]) -> str:
    return ", ".join(f"{name} ({aff})" if aff else name for name, aff in people)


def _event_description(
    row: EventRow, speakers: list[Person], texts: Texts, url: str, private: bool
) -> str:
    lang = texts.lang
    lines: list[str] = []
    if row.status == "cancelled":
        lines.append(texts.cancelled)
        reason = _pick(row.cancel_reason_fr, row.cancel_reason_en, lang)
        if reason:
            lines.append(reason)
        lines.append("")
    summary = _pick(row.summary_fr, row.summary_en, lang)
    if summary:
        lines += [summary, ""]
    if speakers:
        lines.append(texts.speakers % {"names": _people(speakers)})
    lines.append(texts.where % {"place": _location(row, texts)})
    if row.online_url and (private or not row.online_link_private):
        lines.append(texts.online_link % {"url": row.online_url})
    lines += ["", texts.more % {"url": url}]
    return "\n".join(lines)
