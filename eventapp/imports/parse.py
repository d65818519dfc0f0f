"""From a feed's bytes to plain items, one per event or occurrence. Pure: no Flask, no database.

Whatever a feed holds, this says what it made of it: each item it keeps, and each VEVENT it
skips with the reason. A file that is not a whole iCalendar stream (an HTML page, a truncated
download) is refused as a whole, so that a sync never takes a half-read feed for the truth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from eventapp.bounds import MAX_TEXT, MAX_TITLE, MAX_URL, MAX_YEAR, MIN_YEAR, is_web_url, one_line
from eventapp.bounds import printable as multi_line
from eventapp.events.localtime import local_midnight
from eventapp.imports import blocks, zones
from eventapp.markup import html_to_markdown

BACK = timedelta(days=90)  # the window of occurrences kept: 90 days back, 12 months ahead
AHEAD = timedelta(days=365)
MAX_UID = 500
MAX_OCCURRENCES = 1000  # of one recurring event inside the window
TOO_MANY = f"It recurs more than {MAX_OCCURRENCES} times in the window; the first are kept."
MAX_PLACE = 500
# Links to the online meeting, wherever a feed puts them (URL, LOCATION, DESCRIPTION, X-…).
_MEETING = re.compile(
    r"https://(?:[\w-]+\.)*(?:teams\.microsoft\.com|teams\.live\.com|zoom\.us|meet\.google\.com)"
    r"/[^\s<>\"'\\]*",
    re.I,
)
_HTML = re.compile(r"<(?:br|p|a|b|i|ul|ol|li|div|span|strong|em)\b[^>]*>", re.I)
_OUR_PREFIXES = ("[CANCELLED] ", "[ANNULÉ] ")  # what our own feeds put before a cancelled title


class NotACalendar(ValueError):
    """The bytes are not an iCalendar feed as a whole; `reason` says what they are."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Item:
    """One event or one occurrence of a recurring event, as the feed gives it, in UTC."""

    uid: str
    recurrence_id: str  # '' for a single event; the occurrence's original start otherwise
    start_at: datetime
    end_at: datetime
    all_day: bool
    title: str
    description: str | None = None
    location: str | None = None
    url: str | None = None
    online_url: str | None = None
    cancelled: bool = False
    # For an occurrence of a recurring event (RRULE or RDATE): its series' SUMMARY (the master
    # event's, not an override's), for a source that names no series of its own.
    series: str | None = None


@dataclass
class Parsed:
    """The items kept, and (uid, reason) for each VEVENT left out."""

    items: list[Item] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # What the next parse of this source may reuse (blocks.py): kept by the sync on the source.
    cache: dict = field(default_factory=dict)


def parse_feed(
    data: bytes, *, zone: str, now: datetime, back: timedelta = BACK, ahead: timedelta = AHEAD,
    cache: dict | None = None,
) -> Parsed:  # fmt: skip
    """The items of `data` between `now - back` and `now + ahead`; floating times in `zone`.
    VEVENTs that stand alone and are in `cache` (a former parse's) are not parsed again."""
    unfolded = _unfolded(decode(data))
    cut = blocks.cut(unfolded)
    key = cut.key(zone)
    cache = cache or {}
    known = cache.get("blocks", {}) if cut.whole and cache.get("key") == key else {}
    digests = blocks.alone(cut.blocks) if cut.whole else []
    reused = [i for i, digest in enumerate(digests) if digest is not None and digest in known]
    if reused:
        taken = set(reused)
        text = cut.text([block for i, block in enumerate(cut.blocks) if i not in taken])
    else:
        text = "\r\n".join(unfolded) + "\r\n"
    parsed = _parse(_calendar(text), zone, now - back, now + ahead)
    parsed.cache = _next_cache(parsed, cut, digests, set(reused), known, key)
    start, end = now - back, now + ahead
    for i in reused:
        entry = known[digests[i]]
        if "skip" in entry:
            parsed.skipped.append((entry["label"], entry["skip"]))
            continue
        item = blocks.restored(Item, entry["item"])
        if item.start_at < end and (item.end_at > start or item.start_at >= start):
            parsed.items.append(item)
    return parsed


def _parse(calendar, zone: str, start: datetime, end: datetime) -> Parsed:
    """The items of a parsed calendar inside the window, and the VEVENTs skipped."""
    parsed = Parsed()
    kept = _kept_components(calendar, zone, parsed.skipped)
    recurring = {
        uid
        for uid, components in kept.items()
        if any(c.get(name) is not None for c in components for name in _RECURRING)
    }
    timezones = list(calendar.walk("VTIMEZONE"))
    for uid, components in kept.items():
        if uid in recurring:
            occurrences = _occurrences(timezones, components, start, end, parsed, zone)
        else:  # most items: one event, no expansion needed
            occurrences = [c for c in components if _overlaps(c, start, end, zone)]
        series = _series_title(components) if uid in recurring else None
        for occurrence in occurrences:
            item = _item(occurrence, uid, uid in recurring, zone)
            if isinstance(item, str):
                parsed.skipped.append((uid, item))
            else:
                parsed.items.append(item if series is None else replace(item, series=series))
    return parsed


def _next_cache(parsed: Parsed, cut, digests: list, reused: set, known: dict, key: str) -> dict:
    """The blocks standing alone and what they gave (an item, or the reason it was skipped);
    a block whose item lies outside the window gave nothing and is parsed again next time."""
    entries = {digests[i]: known[digests[i]] for i in reused}
    fresh = {
        blocks.uid_of(cut.blocks[i]): digest
        for i, digest in enumerate(digests)
        if digest is not None and i not in reused
    }
    for item in parsed.items:
        if item.uid in fresh:
            entries[fresh[item.uid]] = {"item": blocks.stored(item)}
    for label, reason in parsed.skipped:
        if label in fresh:
            entries[fresh[label]] = {"label": label, "skip": reason}
    return {"key": key, "blocks": entries}


_RECURRING = ("RRULE", "RDATE", "RECURRENCE-ID")


def _series_title(components: list) -> str | None:
    """The SUMMARY of the event that recurs (RRULE or RDATE), if one of them does; '' when it
    has none (the source's name then stands for it)."""
    for component in components:
        if component.get("RRULE") is not None or component.get("RDATE") is not None:
            return _text(component.get("SUMMARY"), MAX_TITLE)
    return None


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Latin-1: the one other charset that feeds are seen in."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _unfolded(text: str) -> list[str]:
    """The feed's lines, unfolded, its zone names made IANA; refused unless it is one whole
    VCALENDAR (not an HTML page, not cut short)."""
    lines = re.split(r"\r\n|\r|\n", text)
    content = [line for line in lines if line.strip()]
    if not content:
        raise NotACalendar("The feed is empty.")
    first = content[0].strip()
    if first.upper() != "BEGIN:VCALENDAR":
        if first.startswith("<") or "<html" in text[:2000].lower():
            raise NotACalendar("The address gives an HTML page, not an iCalendar feed.")
        raise NotACalendar("This is not an iCalendar feed: it does not begin with BEGIN:VCALENDAR.")
    if content[-1].strip().upper() != "END:VCALENDAR":
        raise NotACalendar("The feed is cut short: it does not end with END:VCALENDAR.")
    return zones.with_iana_names(lines).split("\r\n")[:-1]


def _calendar(text: str) -> icalendar.Calendar:
    """The one VCALENDAR of `text` (unfolded lines, CRLF)."""
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as error:  # icalendar raises ValueError, KeyError… on a malformed file
        raise NotACalendar(f"The feed is not valid iCalendar: {error}") from error
    if not calendars or calendars[0].name != "VCALENDAR":
        raise NotACalendar("The feed is not valid iCalendar: its BEGIN and END lines do not match.")
    if len(calendars) > 1:
        raise NotACalendar("The feed holds several calendars; one is expected.")
    return calendars[0]


def _kept_components(calendar, zone: str, skipped: list) -> dict[str, list]:
    """The VEVENTs worth expanding, by UID; the others go to `skipped` with their reason."""
    kept: dict[str, list] = {}
    seen: set[tuple[str, str]] = set()
    for n, component in enumerate(calendar.walk("VEVENT"), start=1):
        uid = one_line(str(component.get("UID", ""))).strip()
        label = uid or f"#{n} {one_line(str(component.get('SUMMARY', '')))[:60]}".strip()
        reason = _refusal(component, uid, zone)
        if reason is None:
            key = (uid, _raw_recurrence(component))
            if key in seen:
                reason = "Another event of the feed has the same UID; the first one is kept."
            seen.add(key)
        if reason is not None:
            skipped.append((label, reason))
        else:
            kept.setdefault(uid, []).append(component)
    return kept


def _raw_recurrence(component) -> str:
    value = component.get("RECURRENCE-ID")
    return "" if value is None else value.to_ical().decode()


def _refusal(component, uid: str, zone: str) -> str | None:
    """Why a VEVENT cannot be imported, or None."""
    if not uid:
        return "No UID: the event could not be followed from one sync to the next."
    if len(uid) > MAX_UID:
        return f"The UID is longer than {MAX_UID} characters."
    try:
        start = component.get("DTSTART")
        end = component.get("DTEND")
        if start is None:
            return "No DTSTART: the event has no date."
        start_at = _instant(start.dt, zone)
        end_at = _instant(end.dt, zone) if end is not None else None
        duration = component.get("DURATION")
        if duration is not None and duration.dt < timedelta(0):
            return "Its DURATION is negative."
    except (ValueError, TypeError, AttributeError, OverflowError) as error:
        return f"Its dates cannot be read: {error}"
    for moment in (start_at, end_at):
        if moment is not None and not MIN_YEAR <= moment.year <= MAX_YEAR:
            return f"Its year is outside {MIN_YEAR}–{MAX_YEAR}."
    if end_at is not None and end_at < start_at:
        return "It ends (DTEND) before it starts (DTSTART)."
    return None


def _overlaps(component, start: datetime, end: datetime, zone: str) -> bool:
    """A single event inside the window (as recurring_ical_events.between would keep it)."""
    value = component["DTSTART"].dt
    begins = _instant(value, zone)
    if component.get("DTEND") is not None:
        finishes = _instant(component["DTEND"].dt, zone)
    elif component.get("DURATION") is not None:
        finishes = begins + component["DURATION"].dt
    else:
        finishes = begins + (timedelta(0) if isinstance(value, datetime) else timedelta(days=1))
    return begins < end and (finishes > start or begins >= start)


def _occurrences(timezones: list, components: list, start: datetime, end: datetime, parsed, zone):
    """The occurrences of one UID's components inside the window (none if they cannot be
    expanded: that UID is skipped, the rest of the feed still counts)."""
    single = icalendar.Calendar()
    for timezone in timezones:
        single.add_component(timezone)
    for component in components:
        single.add_component(component)
    uid = str(components[0].get("UID"))
    found = []
    try:
        for occurrence in recurring_ical_events.of(single).after(start):
            if _instant(occurrence["DTSTART"].dt, zone) >= end:
                break
            if len(found) == MAX_OCCURRENCES:  # FREQ=MINUTELY must not fill the database
                parsed.skipped.append((uid, TOO_MANY))
                break
            found.append(occurrence)
    except Exception as error:  # a broken RRULE, an unknown value: this event only
        parsed.skipped.append((uid, f"Its recurrence cannot be expanded: {error}"))
        return []
    return found


def _item(occurrence, uid: str, recurring: bool, zone: str) -> Item | str:
    """The item of one occurrence, or the reason it is left out."""
    start = occurrence["DTSTART"].dt
    end_prop = occurrence.get("DTEND")
    all_day = not isinstance(start, datetime)
    if end_prop is not None:
        end = end_prop.dt
    elif occurrence.get("DURATION") is not None:
        end = start + occurrence["DURATION"].dt
    else:
        end = start + timedelta(days=1) if all_day else start
    if all_day:
        end = end if not isinstance(end, datetime) else end.date()
        start_at, end_at = local_midnight(start, zone), local_midnight(max(end, start), zone)
        if end <= start:  # a one-day event written with DTEND = DTSTART
            end_at = local_midnight(start + timedelta(days=1), zone)
    else:
        start_at, end_at = _instant(start, zone), _instant(end, zone)
    if end_at < start_at:
        return "It ends (DTEND) before it starts (DTSTART)."
    if end_at == start_at:  # a deadline, not an event: events here end after they start
        return "It has no duration: it ends when it starts."
    if not MIN_YEAR <= start_at.year <= MAX_YEAR or not MIN_YEAR <= end_at.year <= MAX_YEAR:
        return f"Its year is outside {MIN_YEAR}–{MAX_YEAR}."
    cancelled = str(occurrence.get("STATUS", "")).upper() == "CANCELLED"
    return Item(
        uid=uid,
        recurrence_id=_recurrence_id(occurrence, zone) if recurring else "",
        start_at=start_at,
        end_at=end_at,
        all_day=all_day,
        title=_title(occurrence, cancelled),
        description=_description(occurrence),
        location=_text(occurrence.get("LOCATION"), MAX_PLACE) or None,
        url=_url(occurrence.get("URL")),
        online_url=_meeting_link(occurrence),
        cancelled=cancelled,
    )


def _instant(value: date | datetime, zone: str) -> datetime:
    """A DTSTART/DTEND value as a UTC instant: a floating time is read in `zone` (a repeated
    wall time as its first occurrence, as typed times are), a date as its local midnight."""
    if not isinstance(value, datetime):
        return local_midnight(value, zone)
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(zone), fold=0)
    return value.astimezone(UTC)


def _recurrence_id(occurrence, zone: str) -> str:
    value = occurrence.get("RECURRENCE-ID") or occurrence["DTSTART"]
    moment = value.dt
    if not isinstance(moment, datetime):
        return f"{moment:%Y%m%d}"
    return f"{_instant(moment, zone):%Y%m%dT%H%M%SZ}"


def _text(value, limit: int) -> str:
    return one_line(str(value or "")).strip()[:limit]


def _title(occurrence, cancelled: bool) -> str:
    title = _text(occurrence.get("SUMMARY"), MAX_TITLE)
    if cancelled:
        for prefix in _OUR_PREFIXES:
            if title.startswith(prefix) or title == prefix.strip():
                title = title[len(prefix) :].strip()
    return title


def _description(occurrence) -> str | None:
    """Plain text, or the HTML of X-ALT-DESC (Outlook, Indico) or of DESCRIPTION (Google) as
    sanitised Markdown."""
    alt = occurrence.get("X-ALT-DESC")
    plain = str(occurrence.get("DESCRIPTION") or "")
    if alt is not None and "html" in str(alt.params.get("FMTTYPE", "")).lower():
        text = html_to_markdown(str(alt))
    elif _HTML.search(plain):
        text = html_to_markdown(plain)
    else:
        text = plain.replace("\r\n", "\n").strip()
    return multi_line(text)[:MAX_TEXT] or None


def _url(value) -> str | None:
    url = str(value or "").strip()
    return url if url and len(url) <= MAX_URL and is_web_url(url) else None


def _meeting_link(occurrence) -> str | None:
    """The first Teams, Zoom or Meet link of the event, where Outlook or Google put it."""
    names = ("X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-GOOGLE-CONFERENCE", "CONFERENCE", "URL",
             "LOCATION", "DESCRIPTION", "X-ALT-DESC")  # fmt: skip
    for name in names:
        values = occurrence.get(name)
        for value in values if isinstance(values, list) else [values]:
            found = _MEETING.search(str(value or ""))
            if found and len(found.group(0)) <= MAX_URL:
                return found.group(0).rstrip(".,;)")
    return None
