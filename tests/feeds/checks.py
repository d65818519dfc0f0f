"""Byte-level checks of an iCalendar feed, and a small parser of our own to read it back.

No common parser rejects a feed that breaks the rules of `shared/ical-feeds.md` (CRLF, folding at
75 octets outside UTF-8 sequences and escapes, TEXT escaping...), so `check_feed` reads the raw
bytes itself, then has `icalendar` parse and validate them too and compares the texts both read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

TEXT_PROPERTIES = {
    "SUMMARY", "DESCRIPTION", "LOCATION", "NAME", "X-WR-CALNAME", "X-WR-CALDESC", "UID", "TZNAME",
}  # fmt: skip
REQUIRED_ONCE = (
    "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "STATUS", "LAST-MODIFIED", "URL",
    "DESCRIPTION", "LOCATION",
)  # fmt: skip
STATUSES = {"CONFIRMED", "TENTATIVE", "CANCELLED"}
DURATION = re.compile(r"^[+-]?P(\d+W|(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?)$")
NAME = re.compile(r"^[A-Za-z0-9-]+$")
UTC_TIME = re.compile(r"^\d{8}T\d{6}Z$")
LOCAL_TIME = re.compile(r"^\d{8}T\d{6}$")
DATE = re.compile(r"^\d{8}$")
RULES = {
    "DAYLIGHT": "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "STANDARD": "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
}


class FeedError(AssertionError):
    pass


def require(condition: object, message: str) -> None:
    if not condition:
        raise FeedError(message)


@dataclass
class Prop:
    """One unfolded content line."""

    name: str
    params: dict[str, str]
    raw: str  # the value as written, escapes included

    @property
    def text(self) -> str:
        return unescape(self.raw)


@dataclass
class Component:
    name: str
    props: list[Prop] = field(default_factory=list)
    subs: list[Component] = field(default_factory=list)

    def all(self, name: str) -> list[Prop]:
        return [p for p in self.props if p.name == name]

    def one(self, name: str) -> Prop:
        found = self.all(name)
        require(len(found) == 1, f"{self.name}: {len(found)} {name} lines, expected one")
        return found[0]

    def get(self, name: str) -> Prop | None:
        found = self.all(name)
        return found[0] if found else None

    def components(self, name: str) -> list[Component]:
        return [c for c in self.subs if c.name == name]

    def __getitem__(self, name: str) -> str:
        """The value of a property that appears once: unescaped for TEXT properties."""
        prop = self.one(name)
        return prop.text if name in TEXT_PROPERTIES else prop.raw


@dataclass
class Feed:
    """A checked feed: our own reading of it and `icalendar`'s."""

    data: bytes
    calendar: Component
    icalendar: Calendar

    @property
    def events(self) -> list[Component]:
        return self.calendar.components("VEVENT")

    @property
    def uids(self) -> list[str]:
        return [e["UID"] for e in self.events]

    def event(self, uid: str) -> Component:
        found = [e for e in self.events if e["UID"] == uid]
        require(len(found) == 1, f"{len(found)} events with UID {uid}")
        return found[0]

    @property
    def zones(self) -> list[str]:
        return [z["TZID"] for z in self.calendar.components("VTIMEZONE")]


# --- text --------------------------------------------------------------------------------------


def escape(text: str) -> str:
    """RFC 5545 TEXT escaping, for building expected values in tests."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def unescape(raw: str) -> str:
    """A TEXT value, after checking that it is escaped as RFC 5545 §3.3.11 says."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        char = raw[i]
        if char == "\\":
            require(i + 1 < len(raw), f"TEXT value ends in a lone backslash: {raw!r}")
            nxt = raw[i + 1]
            require(nxt in "\\;,nN", f"unknown escape \\{nxt} in TEXT value {raw!r}")
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        require(char not in ";,", f"unescaped {char!r} in TEXT value {raw!r}")
        require(
            char == "\t" or not (ord(char) < 0x20 or ord(char) == 0x7F),
            f"control character {char!r} in TEXT value {raw!r}",
        )
        out.append(char)
        i += 1
    return "".join(out)


# --- bytes to content lines --------------------------------------------------------------------


def physical_lines(data: bytes) -> list[bytes]:
    """The lines of `data`, after checking CRLF endings, lengths and where folds fall."""
    require(not data.startswith(b"\xef\xbb\xbf"), "the feed starts with a byte order mark")
    require(data.endswith(b"\r\n"), "the feed does not end with CRLF")
    lines = data[:-2].split(b"\r\n")
    for number, line in enumerate(lines, 1):
        require(b"\n" not in line, f"line {number}: bare LF: {line[:80]!r}")
        require(b"\r" not in line, f"line {number}: bare CR: {line[:80]!r}")
        require(len(line) <= 75, f"line {number}: {len(line)} octets (more than 75): {line!r}")
        require(line != b"", f"line {number} is empty")
    return lines


def content_lines(data: bytes) -> list[str]:
    """Unfold the physical lines, checking that no fold splits a UTF-8 sequence or an escape."""
    logical: list[bytes] = []
    for number, line in enumerate(physical_lines(data), 1):
        if line[:1] in (b" ", b"\t"):
            require(logical, "the feed starts with a continuation line")
            rest = line[1:]
            require(rest, f"line {number}: a continuation line with nothing after the fold")
            require(
                (rest[0] & 0xC0) != 0x80,
                f"line {number}: a fold inside a UTF-8 sequence: {line[:20]!r}",
            )
            previous = logical[-1]
            trailing = len(previous) - len(previous.rstrip(b"\\"))
            require(
                trailing % 2 == 0,
                f"line {number}: a fold between a backslash and the character it escapes",
            )
            logical[-1] = previous + rest
        else:
            logical.append(line)
    try:  # after the folds, so that a fold inside a sequence is reported as such
        return [line.decode("utf-8") for line in logical]
    except UnicodeDecodeError as err:
        raise FeedError(f"not UTF-8: {err}") from err


def parse_line(line: str) -> Prop:
    """NAME;PARAM=VALUE;PARAM="QUOTED":VALUE"""
    i = 0
    while i < len(line) and line[i] not in ";:":
        i += 1
    name = line[:i]
    require(NAME.match(name), f"bad property name in {line!r}")
    params: dict[str, str] = {}
    while i < len(line) and line[i] == ";":
        j = line.index("=", i)
        pname = line[i + 1 : j]
        require(NAME.match(pname), f"bad parameter name in {line!r}")
        k = j + 1
        if k < len(line) and line[k] == '"':
            end = line.index('"', k + 1)
            value, k = line[k + 1 : end], end + 1
        else:
            end = k
            while end < len(line) and line[end] not in ";:":
                end += 1
            value, k = line[k:end], end
        require(pname.upper() not in params, f"parameter {pname} twice in {line!r}")
        params[pname.upper()] = value
        i = k
    require(i < len(line) and line[i] == ":", f"no ':' after the name in {line!r}")
    return Prop(name.upper(), params, line[i + 1 :])


def parse(data: bytes) -> Component:
    """Our own reading of a whole VCALENDAR, with every TEXT value checked."""
    stack: list[Component] = []
    root: Component | None = None
    for line in content_lines(data):
        prop = parse_line(line)
        if prop.name == "BEGIN":
            component = Component(prop.raw.upper())
            if stack:
                stack[-1].subs.append(component)
            else:
                require(root is None, "more than one top-level component")
                root = component
            stack.append(component)
        elif prop.name == "END":
            require(stack and stack[-1].name == prop.raw.upper(), f"unbalanced END:{prop.raw}")
            stack.pop()
        else:
            require(stack, f"a property outside any component: {line!r}")
            if prop.name in TEXT_PROPERTIES:
                unescape(prop.raw)
            stack[-1].props.append(prop)
    require(not stack, "components left open")
    require(root is not None and root.name == "VCALENDAR", "not a VCALENDAR")
    return root


# --- the rules ---------------------------------------------------------------------------------


def check_calendar(cal: Component) -> None:
    require(cal.one("VERSION").raw == "2.0", "VERSION is not 2.0")
    require(cal.one("PRODID").raw, "empty PRODID")
    require(not cal.all("METHOD"), "a feed must not have a METHOD")
    for name in ("NAME", "X-WR-CALNAME", "X-WR-CALDESC", "DESCRIPTION", "URL"):
        cal.one(name)
    for name in ("NAME", "X-WR-CALNAME", "X-WR-CALDESC", "DESCRIPTION"):
        raw = cal.one(name).raw
        require(not set(raw) & set(",;\\"), f"{name} holds one of , ; \\ (ical.js): {raw!r}")
    require(cal["NAME"] == cal["X-WR-CALNAME"], "NAME and X-WR-CALNAME differ")
    require(cal["DESCRIPTION"] == cal["X-WR-CALDESC"], "DESCRIPTION and X-WR-CALDESC differ")
    refresh = cal.one("REFRESH-INTERVAL")
    require(refresh.params.get("VALUE") == "DURATION", "REFRESH-INTERVAL without VALUE=DURATION")
    require(DURATION.match(refresh.raw), f"REFRESH-INTERVAL is not a duration: {refresh.raw!r}")
    ttl = cal.one("X-PUBLISHED-TTL").raw
    require(DURATION.match(ttl), f"X-PUBLISHED-TTL is not a duration: {ttl!r}")
    require(cal.components("VTIMEZONE"), "no VTIMEZONE (an empty feed needs one to be valid)")
    others = {c.name for c in cal.subs} - {"VTIMEZONE", "VEVENT"}
    require(not others, f"unexpected components {others}")


def _when(prop: Prop, what: str) -> tuple[str, datetime | date]:
    """('date', day) | ('utc', instant) | ('local', wall time) after checking the form."""
    if prop.params.get("VALUE") == "DATE":
        require(DATE.match(prop.raw), f"{what}: VALUE=DATE but {prop.raw!r}")
        require("TZID" not in prop.params, f"{what}: a DATE with a TZID")
        return "date", datetime.strptime(prop.raw, "%Y%m%d").date()
    require(prop.params.get("VALUE", "DATE-TIME") == "DATE-TIME", f"{what}: bad VALUE")
    if "TZID" in prop.params:
        require(LOCAL_TIME.match(prop.raw), f"{what}: TZID with {prop.raw!r}")
        zone = ZoneInfo(prop.params["TZID"])
        return "local", datetime.strptime(prop.raw, "%Y%m%dT%H%M%S").replace(tzinfo=zone)
    require(UTC_TIME.match(prop.raw), f"{what}: a floating date-time {prop.raw!r}")
    return "utc", datetime.strptime(prop.raw, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def check_event(event: Component) -> None:
    for name in REQUIRED_ONCE:
        event.one(name)
    uid = event["UID"]
    require(not event.all("DURATION"), f"{uid}: DURATION with DTEND")
    require(event["STATUS"] in STATUSES, f"{uid}: STATUS {event['STATUS']!r}")
    require(re.fullmatch(r"\d+", event["SEQUENCE"]), f"{uid}: SEQUENCE {event['SEQUENCE']!r}")
    for name in ("DTSTAMP", "LAST-MODIFIED"):
        require(UTC_TIME.match(event[name]), f"{uid}: {name} is not UTC: {event[name]!r}")
    require(event["URL"].startswith(("https://", "http://")), f"{uid}: URL {event['URL']!r}")
    start_kind, start = _when(event.one("DTSTART"), f"{uid} DTSTART")
    end_kind, end = _when(event.one("DTEND"), f"{uid} DTEND")
    require((start_kind == "date") == (end_kind == "date"), f"{uid}: DTSTART/DTEND kinds differ")
    require(end > start, f"{uid}: DTEND is not after DTSTART")
    if start_kind == "date":
        require(event.get("TRANSP") and event["TRANSP"] == "TRANSPARENT", f"{uid}: TRANSP")
    else:
        require(
            event.one("DTSTART").params.get("TZID") == event.one("DTEND").params.get("TZID"),
            f"{uid}: DTSTART and DTEND in different zones",
        )


def _last_sunday(year: int, month: int) -> date:
    day = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _offset(raw: str) -> timedelta:
    sign = -1 if raw[0] == "-" else 1
    return sign * timedelta(hours=int(raw[1:3]), minutes=int(raw[3:5]))


def check_timezones(cal: Component) -> None:
    tzids = [z["TZID"] for z in cal.components("VTIMEZONE")]
    for tzid, count in Counter(tzids).items():
        require(count == 1, f"VTIMEZONE {tzid} {count} times")
    used = {
        prop.params["TZID"]
        for event in cal.components("VEVENT")
        for prop in event.props
        if "TZID" in prop.params
    }
    require(used <= set(tzids), f"TZIDs without a VTIMEZONE: {used - set(tzids)}")
    for vtz in cal.components("VTIMEZONE"):
        tzid = vtz["TZID"]
        parts = {c.name: c for c in vtz.subs}
        require(len(vtz.subs) == 2 and set(parts) == set(RULES), f"{tzid}: not two rules")
        zone = ZoneInfo(tzid)
        for name, rule in RULES.items():
            part = parts[name]
            require(part["RRULE"] == rule, f"{tzid} {name}: RRULE {part['RRULE']!r}")
            require(not part.all("RDATE"), f"{tzid} {name}: RDATE")
            require(LOCAL_TIME.match(part["DTSTART"]), f"{tzid} {name}: DTSTART")
            before, after = _offset(part["TZOFFSETFROM"]), _offset(part["TZOFFSETTO"])
            wall = datetime.strptime(part["DTSTART"], "%Y%m%dT%H%M%S")
            month = 3 if name == "DAYLIGHT" else 10
            require((wall.month, wall.day) == (month, _last_sunday(1970, month).day), "DTSTART")
            # The rule must give the real transitions: offsets either side of the change.
            for year in range(2024, 2036):
                local = datetime.combine(_last_sunday(year, month), wall.time())
                instant = (local - before).replace(tzinfo=UTC)
                require(
                    instant.astimezone(zone).utcoffset() == after
                    and (instant - timedelta(seconds=1)).astimezone(zone).utcoffset() == before,
                    f"{tzid} {name}: the rule misses the change of {year}",
                )


def check_with_icalendar(data: bytes, ours: Component, *, feed: bool = True) -> Calendar:
    """`icalendar` parses and validates the feed, without errors, and reads the same texts."""
    cal = Calendar.from_ical(data)
    cal.validate()
    for component in cal.walk():
        require(not component.errors, f"icalendar: {component.name}: {component.errors}")
    theirs = cal.walk("VEVENT")
    mine = ours.components("VEVENT")
    require(len(theirs) == len(mine), "icalendar sees another number of events")
    for their, my in zip(theirs, mine, strict=True):
        for name in ("UID", "SUMMARY", "DESCRIPTION", "LOCATION"):
            require(str(their[name]) == my[name], f"icalendar reads {name} differently")
    for name in ("NAME", "X-WR-CALNAME", "X-WR-CALDESC", "DESCRIPTION") if feed else ():
        require(str(cal[name]) == ours[name], f"icalendar reads the calendar's {name} differently")
    return cal


def check_feed(data: bytes) -> Feed:
    """Every rule of the bytes and the structure; returns the feed as read."""
    cal = parse(data)
    check_calendar(cal)
    check_timezones(cal)
    for event in cal.components("VEVENT"):
        check_event(event)
    uids = [e["UID"] for e in cal.components("VEVENT")]
    dupes = [uid for uid, n in Counter(uids).items() if n > 1]
    require(not dupes, f"duplicate UIDs: {dupes}")
    return Feed(data, cal, check_with_icalendar(data, cal))


def check_invitation(data: bytes) -> Component:
    """The byte rules, zones and events of a feed, plus what iTIP needs instead of feed names."""
    cal = parse(data)
    require(cal.one("VERSION").raw == "2.0", "VERSION is not 2.0")
    require(cal.one("PRODID").raw, "empty PRODID")
    require(cal.one("METHOD").raw in ("REQUEST", "CANCEL"), "METHOD is not REQUEST or CANCEL")
    check_timezones(cal)
    [event] = cal.components("VEVENT")
    check_event(event)
    require(event.one("ORGANIZER").raw.startswith("mailto:"), "ORGANIZER is not a mailto:")
    require(event.one("ATTENDEE").raw.startswith("mailto:"), "ATTENDEE is not a mailto:")
    check_with_icalendar(data, cal, feed=False)
    return cal


def instants(event: Component) -> tuple[datetime, datetime] | tuple[date, date]:
    """An event's start and end: UTC instants when timed, days when all-day."""
    start = _when(event.one("DTSTART"), "DTSTART")[1]
    end = _when(event.one("DTEND"), "DTEND")[1]
    if isinstance(start, datetime):
        return start.astimezone(UTC), end.astimezone(UTC)
    return start, end
