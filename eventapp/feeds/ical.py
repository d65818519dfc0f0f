"""A pure iCalendar builder: plain data in, RFC 5545 bytes out. No Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Event as VEvent
from icalendar import vDuration, vText

PRODID = "-//Entente CordIAle//Events//EN"
CRLF = b"\r\n"
TAIL = b"END:VCALENDAR\r\n"
REFRESH = timedelta(hours=12)

# Outlook reads only the two offsets and the yearly rules, so each zone is written in that form.
# The changes happen at 01:00 UTC; a VTIMEZONE's DTSTART is in the local wall time before it.
_ZONES = {
    "Europe/Paris": (("+0100", "+0200", "CEST", "02"), ("+0200", "+0100", "CET", "03")),
    "Europe/London": (("+0000", "+0100", "BST", "01"), ("+0100", "+0000", "GMT", "02")),
}


@dataclass(frozen=True)
class CalendarInfo:
    """What a feed says of itself, already in its language."""

    name: str
    description: str
    url: str


@dataclass(frozen=True)
class CalEvent:
    """One VEVENT, in the feed's language: timed (aware datetimes and a TZID) or whole days."""

    uid: str
    sequence: int
    modified_at: datetime
    start: datetime | date
    end: datetime | date
    tzid: str
    summary: str
    description: str
    location: str
    url: str
    cancelled: bool = False

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)


def event_block(item: CalEvent) -> bytes:
    """One VEVENT as CRLF-terminated, folded bytes."""
    vevent = VEvent()
    vevent.add("uid", item.uid)
    vevent.add("dtstamp", item.modified_at)
    vevent.add("last-modified", item.modified_at)
    vevent.add("sequence", item.sequence)
    if item.all_day:
        vevent.add("dtstart", item.start)
        vevent.add("dtend", item.end)
        vevent.add("transp", "TRANSPARENT")
    else:
        zone = ZoneInfo(item.tzid)
        vevent.add("dtstart", item.start.astimezone(zone))
        vevent.add("dtend", item.end.astimezone(zone))
    vevent.add("summary", vText(item.summary))
    vevent.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    if item.location:
        vevent.add("location", vText(item.location))
    vevent.add("description", vText(item.description))
    vevent.add("url", item.url, parameters={"VALUE": "URI"})
    return vevent.to_ical()


def calendar_head(info: CalendarInfo, zones: list[str]) -> bytes:
    """Everything before the events: the calendar's properties and one VTIMEZONE per zone."""
    name, desc = _calendar_text(info.name), _calendar_text(info.description)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"NAME:{name}",
        f"X-WR-CALNAME:{name}",
        f"DESCRIPTION:{desc}",
        f"X-WR-CALDESC:{desc}",
        f"URL;VALUE=URI:{info.url}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{vDuration(REFRESH).to_ical().decode()}",
        f"X-PUBLISHED-TTL:{vDuration(REFRESH).to_ical().decode()}",
    ]
    head = b"".join(fold(line) for line in lines)
    return head + b"".join(vtimezone(tz) for tz in sorted(set(zones)))


def calendar(info: CalendarInfo, zones: list[str], blocks: list[bytes]) -> bytes:
    """A whole VCALENDAR from already-serialised event blocks."""
    return calendar_head(info, zones) + b"".join(blocks) + TAIL


@cache
def vtimezone(tzid: str) -> bytes:
    """The VTIMEZONE of `tzid` in the two-rule RRULE form."""
    (d_from, d_to, d_name, d_hour), (s_from, s_to, s_name, s_hour) = _ZONES[tzid]
    lines = [
        "BEGIN:VTIMEZONE",
        f"TZID:{tzid}",
        "BEGIN:DAYLIGHT",
        f"TZOFFSETFROM:{d_from}",
        f"TZOFFSETTO:{d_to}",
        f"TZNAME:{d_name}",
        f"DTSTART:19700329T{d_hour}0000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        f"TZOFFSETFROM:{s_from}",
        f"TZOFFSETTO:{s_to}",
        f"TZNAME:{s_name}",
        f"DTSTART:19701025T{s_hour}0000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
    return b"".join(fold(line) for line in lines)


def fold(line: str) -> bytes:
    """One content line, folded at 75 octets without splitting a UTF-8 sequence."""
    data = line.encode("utf-8")
    out, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while end > start and (data[end] & 0xC0) == 0x80:
            end -= 1
        out.append(data[start:end])
        start, limit = end, 74  # continuation lines begin with a space
    out.append(data[start:])
    return b"\r\n ".join(out) + CRLF


def _calendar_text(text: str) -> str:
    # ical.js does not unescape calendar names: keep the characters that need escaping out.
    for char in ",;\\":
        text = text.replace(char, " ")
    return " ".join(text.split())


def zone_supported(tzid: str) -> bool:
    return tzid in _ZONES
