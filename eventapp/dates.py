"""Dates and times as readers see them: by Babel, in the event's zone, with the zone named."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from flask_babel import gettext as _

DAY = "EEE d MMM y"
DAY_TIME = "EEE d MMM y, HH:mm"
TIME = "HH:mm"


def zone_label(tz: str) -> str:
    """How a reader names the zone ('Paris time', 'UK time'), in the page's language."""
    if tz == "Europe/Paris":
        return _("Paris time")
    if tz == "Europe/London":
        return _("UK time")
    return tz


def day(value: date, lang: str) -> str:
    return format_date(value, DAY, locale=lang)


def day_time(value: datetime, tz: str, lang: str) -> str:
    """'Tue 17 Mar 2026, 14:00' in the zone `tz`."""
    return format_datetime(value, DAY_TIME, tzinfo=ZoneInfo(tz), locale=lang)


def clock(value: datetime, tz: str, lang: str) -> str:
    return format_time(value, TIME, tzinfo=ZoneInfo(tz), locale=lang)


def span(
    start: datetime,
    end: datetime,
    tz: str,
    lang: str,
    *,
    all_day: bool = False,
    last_day: date | None = None,
) -> str:
    """An event's dates: 'Tue 17 Mar 2026, 14:00–16:00 (Paris time)' or whole days."""
    if all_day:
        first = start.astimezone(ZoneInfo(tz)).date()
        last = last_day or first
        if first == last:
            return day(first, lang)
        return f"{day(first, lang)} – {day(last, lang)}"
    local_start, local_end = start.astimezone(ZoneInfo(tz)), end.astimezone(ZoneInfo(tz))
    if local_start.date() == local_end.date():
        text = f"{day_time(start, tz, lang)}–{clock(end, tz, lang)}"
    else:
        text = f"{day_time(start, tz, lang)} – {day_time(end, tz, lang)}"
    return _("%(when)s (%(zone)s)", when=text, zone=zone_label(tz))


def instant(value: datetime, lang: str) -> str:
    """A moment that belongs to no event (a token's creation): in UTC, said so."""
    return format_datetime(value, DAY_TIME, tzinfo=ZoneInfo("UTC"), locale=lang) + " UTC"
