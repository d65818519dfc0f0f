"""The baseline writer: a minimal hand-written RFC 5545 writer, for the feed benchmark only.

It gets the same rows the feed shows, already loaded (events with their site, venue and
speakers), and writes the same properties as our feed in English: VCALENDAR, one VTIMEZONE
per zone used (the two-rule RRULE form) and one VEVENT per event, with TEXT escaping, CRLF
and folding at 75 octets that splits neither a UTF-8 sequence nor an escape. Only `write` is
timed: it is what plain Python costs to produce a feed's bytes from rows in memory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import selectinload

from eventapp.events.filters import EventFilters
from eventapp.events.models import Event
from eventapp.events.queries import filtered
from eventapp.extensions import db
from eventapp.text import slugify

PAST_DAYS, CANCELLED_DAYS = 90, 30
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_VTIMEZONES = {
    # (daylight: from, to, name, DTSTART) (standard: from, to, name, DTSTART)
    "Europe/Paris": (("+0100", "+0200", "CEST", "19700329T020000"),
                     ("+0200", "+0100", "CET", "19701025T030000")),
    "Europe/London": (("+0000", "+0100", "BST", "19700329T010000"),
                      ("+0100", "+0000", "GMT", "19701025T020000")),
}  # fmt: skip


def load_rows(today: datetime) -> list[Event]:
    """The events the unfiltered feed shows on `today`, in its order, with what is written."""
    stmt = filtered(
        EventFilters(), now=today - timedelta(days=PAST_DAYS),
        statuses=("published", "cancelled"), cancelled_since=today - timedelta(days=CANCELLED_DAYS),
    )  # fmt: skip
    return list(
        db.session.scalars(
            stmt.order_by(Event.start_at, Event.id).options(
                selectinload(Event.site), selectinload(Event.venue), selectinload(Event.speakers)
            )
        )
    )


def write(events: Sequence[Event], *, base_url: str, uid_domain: str) -> bytes:
    """A whole VCALENDAR of `events`, in English."""
    zones = sorted({event.site.timezone for event in events}) or ["Europe/Paris"]
    out = [
        _fold(line)
        for line in (
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//eventapp bench//hand-written//EN",
            "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:Entente CordIAle — Events",
        )
    ]
    out += [_vtimezone(zone) for zone in zones]
    cache: dict[str, ZoneInfo] = {}
    for event in events:
        zone = cache.get(event.site.timezone) or cache.setdefault(
            event.site.timezone, ZoneInfo(event.site.timezone)
        )
        out.append(_vevent(event, zone, base_url, uid_domain))
    out.append(b"END:VCALENDAR\r\n")
    return b"".join(out)


def _vevent(event: Event, zone: ZoneInfo, base_url: str, uid_domain: str) -> bytes:
    title = event.title_en or event.title_fr or ""
    slug = _slug(title)
    url = f"{base_url}/en/events/{event.id}" + (f"-{slug}" if slug else "")
    cancelled = event.status == "cancelled"
    if event.venue is None:
        where = "Online"
    else:
        name = event.venue.name_en or event.venue.name_fr or ""
        where = ", ".join(p for p in (name, event.venue.address) if p)
    description = []
    if cancelled:
        description.append("This event has been cancelled.")
        if reason := event.cancel_reason_en or event.cancel_reason_fr:
            description.append(reason)
        description.append("")
    if summary := event.summary_en or event.summary_fr:
        description += [summary, ""]
    if event.speakers:
        names = ", ".join(
            f"{p.name} ({p.affiliation})" if p.affiliation else p.name for p in event.speakers
        )
        description.append(f"Speakers: {names}")
    description.append(f"Where: {where}")
    if event.online_url:
        description.append(f"Online: {event.online_url}")
    description += ["", f"More: {url}"]
    modified = _utc(event.updated_at)
    if event.all_day:
        first = event.start_at.astimezone(zone).date()
        last = event.end_at.astimezone(zone).date()
        times = [f"DTSTART;VALUE=DATE:{_date(first)}", f"DTEND;VALUE=DATE:{_date(last)}",
                 "TRANSP:TRANSPARENT"]  # fmt: skip
    else:
        tzid = event.site.timezone
        times = [
            f"DTSTART;TZID={tzid}:{_local(event.start_at.astimezone(zone))}",
            f"DTEND;TZID={tzid}:{_local(event.end_at.astimezone(zone))}",
        ]
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.id}@{uid_domain}",
        f"DTSTAMP:{modified}",
        f"LAST-MODIFIED:{modified}",
        f"SEQUENCE:{event.sequence}",
        *times,
        "SUMMARY:" + _text(f"[CANCELLED] {title}" if cancelled else title),
        "STATUS:" + ("CANCELLED" if cancelled else "CONFIRMED"),
        "LOCATION:" + _text(where),
        "DESCRIPTION:" + _text("\n".join(description)),
        f"URL;VALUE=URI:{url}",
        "END:VEVENT",
    ]
    return b"".join(_fold(line) for line in lines)


def _vtimezone(tzid: str) -> bytes:
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}"]
    for kind, (offset_from, offset_to, name, start), month in zip(
        ("DAYLIGHT", "STANDARD"), _VTIMEZONES[tzid], (3, 10), strict=True
    ):
        lines += [
            f"BEGIN:{kind}",
            f"TZOFFSETFROM:{offset_from}",
            f"TZOFFSETTO:{offset_to}",
            f"TZNAME:{name}",
            f"DTSTART:{start}",
            f"RRULE:FREQ=YEARLY;BYMONTH={month};BYDAY=-1SU",
            f"END:{kind}",
        ]
    lines.append("END:VTIMEZONE")
    return b"".join(_fold(line) for line in lines)


def _text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped (CR LF and CR as LF)."""
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _slug(title: str) -> str:
    """The app's slug of a title (the same URL as our feed); ASCII titles the quick way."""
    if not title.isascii():
        return slugify(title)
    return _NON_SLUG.sub("-", title.lower()).strip("-")[:60].rstrip("-")


def _local(moment: datetime) -> str:
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        f"T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"
    )


def _utc(moment: datetime) -> str:
    return _local(moment) + "Z"  # the app's datetimes are aware and in UTC


def _date(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _fold(line: str) -> bytes:
    """One content line and its CRLF, folded at 75 octets: never inside a UTF-8 sequence or an
    escape (a continuation line starts with a space, so it holds 74 octets of the line)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while (data[end] & 0xC0) == 0x80:  # not before a UTF-8 continuation byte
            end -= 1
        backslashes = len(data[start:end]) - len(data[start:end].rstrip(b"\\"))
        if backslashes % 2:  # not between a backslash and the character it escapes
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"
