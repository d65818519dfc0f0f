"""A pure iCalendar builder: plain data in, RFC 5545 bytes out. No Flask, no database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from icalendar import vDuration

PRODID = "-//Entente CordIAle//Events//EN"
# Part of the fingerprint of every stored block and ETag (see fingerprint.py), which already
# covers this module, content.py, blocks.py, the catalogues and the settings: change it only when
# the bytes for the same data change through code elsewhere (an event's slug, its localised text).
BUILDER_VERSION = "3"
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
    # An imported event's UID in its own calendar: carried as X-ENTENTE-SOURCE-UID, never as
    # our UID (calendars subscribed to both must not merge the two copies wrongly).
    source_uid: str | None = None
    # When the iCalendar object was made, for a message with a METHOD (an invitation): RFC 5545
    # 3.8.7.2. A feed (no METHOD) stamps the event's last change, `modified_at`.
    stamped_at: datetime | None = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)


def event_block(item: CalEvent, extra: tuple[str, ...] = ()) -> bytes:
    """One VEVENT as CRLF-terminated, folded bytes (`extra`: more content lines, unfolded).

    Written by hand rather than with `icalendar`'s `Event.to_ical()`: its TEXT escaping turns a
    literal `\\N` of the text into a line break and lets control characters through, and its
    folding can split an escaped backslash pair (`\\\\`) across a fold.
    """
    if item.all_day:
        when = [
            f"DTSTART;VALUE=DATE:{_day(item.start)}",
            f"DTEND;VALUE=DATE:{_day(item.end)}",
            "TRANSP:TRANSPARENT",
        ]
    else:
        when = _timed(item.start, item.end, item.tzid)
    # Lines of fixed shape that always fit in 75 octets go out as they are; the others (text,
    # a TZID, a URL) are folded where they need it.
    stamps = (
        f"DTSTAMP:{_utc(item.stamped_at or item.modified_at)}\r\n"
        f"LAST-MODIFIED:{_utc(item.modified_at)}\r\nSEQUENCE:{item.sequence}\r\n"
    )
    parts = [
        b"BEGIN:VEVENT\r\n",
        _line(f"UID:{escape_text(item.uid)}"),
        stamps.encode("ascii"),
        *[_line(line) for line in when],
        _line(f"SUMMARY:{escape_text(item.summary)}"),
        b"STATUS:CANCELLED\r\n" if item.cancelled else b"STATUS:CONFIRMED\r\n",
        _line(f"LOCATION:{escape_text(item.location)}"),
        _line(f"DESCRIPTION:{escape_text(item.description)}"),
        _line(f"URL;VALUE=URI:{item.url}"),
        *(
            [_line(f"X-ENTENTE-SOURCE-UID:{escape_text(item.source_uid)}")]
            if item.source_uid
            else []
        ),
        *[_line(line) for line in extra],
        b"END:VEVENT\r\n",
    ]
    return b"".join(parts)


def _line(line: str) -> bytes:
    """One content line and its CRLF, folded only when longer than 75 octets (most are not)."""
    data = line.encode("utf-8")
    return data + CRLF if len(data) <= 75 else _fold(data) + CRLF


# Written with `%`, not strftime or format specifiers: a feed formats tens of thousands of these,
# and `%` is the fastest of the three (4x strftime, 2x f-string specifiers).
def _utc(instant: datetime) -> str:
    u = instant.astimezone(UTC)
    return "%04d%02d%02dT%02d%02d%02dZ" % (u.year, u.month, u.day, u.hour, u.minute, u.second)  # noqa: UP031


def _local(t: datetime) -> str:
    return "%04d%02d%02dT%02d%02d%02d" % (t.year, t.month, t.day, t.hour, t.minute, t.second)  # noqa: UP031


def _day(day: date) -> str:
    return "%04d%02d%02d" % (day.year, day.month, day.day)  # noqa: UP031


def _timed(start: datetime, end: datetime, tzid: str) -> list[str]:
    """DTSTART and DTEND in local time with their TZID, or in UTC where that would be ambiguous.

    When clocks go back, a wall time of the repeated hour happens twice. RFC 5545 §3.3.5 says it
    names the first, but ical.js (Thunderbird) reads the second: an event in that hour is written
    in UTC, which every client reads alike.
    """
    zone = ZoneInfo(tzid)
    local = [moment.astimezone(zone) for moment in (start, end)]
    if any(_ambiguous(moment) for moment in local):
        return [f"DTSTART:{_utc(start)}", f"DTEND:{_utc(end)}"]
    return [
        f"DTSTART;TZID={tzid}:{_local(local[0])}",
        f"DTEND;TZID={tzid}:{_local(local[1])}",
    ]


def _ambiguous(local: datetime) -> bool:
    if not _offset_changes(local.tzinfo, local.date()):
        return False
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


@lru_cache(maxsize=4096)
def _offset_changes(zone: tzinfo, day: date) -> bool:
    """Whether `zone`'s UTC offset changes between the local midnights a day either side of
    `day`: the exact test for a repeated wall time is needed on those few days only."""
    # No zone changes its offset twice within three days: the two ends tell.
    before, after = (datetime.combine(day + timedelta(days=d), time(), zone) for d in (-1, 2))
    return before.utcoffset() != after.utcoffset()


# RFC 5545 TEXT cannot carry control characters but HTAB; line breaks are written as "\n".
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PLAIN = re.compile(r"[^\x00-\x08\x0a-\x1f\x7f\\;,]*")


def clean_text(text: str) -> str:
    """`text` as TEXT can carry it: CR LF and lone CR become LF, other controls but TAB go."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): `\\ ; ,` escaped with a backslash, newlines as `\\n`."""
    if _PLAIN.fullmatch(text):  # most titles: nothing to escape or drop
        return text
    return (
        clean_text(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


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
    """One content line, folded at 75 octets, never inside a UTF-8 sequence or an escape."""
    return _fold(line.encode("utf-8")) + CRLF


def _fold(data: bytes) -> bytes:
    """A content line's octets folded (without its CRLF): see `fold`."""
    out, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while end > start and (data[end] & 0xC0) == 0x80:
            end -= 1
        # A backslash that starts an escape (an odd one in its run) stays with what it escapes.
        run = end
        while run > 0 and data[run - 1] == 0x5C:
            run -= 1
        if (end - run) % 2:
            end -= 1
        out.append(data[start:end])
        start, limit = end, 74  # continuation lines begin with a space
    out.append(data[start:])
    return b"\r\n ".join(out)


def _calendar_text(text: str) -> str:
    # ical.js does not unescape calendar names: keep the characters that need escaping out.
    text = clean_text(text)
    for char in ",;\\":
        text = text.replace(char, " ")
    return " ".join(text.split())
