"""Dates and times as readers see them: by Babel, in the event's zone, with the zone named."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
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
    return Spans(lang).span(start, end, tz, all_day=all_day, last_day=last_day)


class Spans:
    """`span` for many events in one language (a list's cards): the locale parsed, the zones
    looked up and the words translated once, not once per event."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = Locale.parse(lang)
        self._zones: dict[str, tuple[ZoneInfo, str]] = {}

    def _zone(self, tz: str) -> tuple[ZoneInfo, str]:
        if tz not in self._zones:
            self._zones[tz] = (ZoneInfo(tz), zone_label(tz))
        return self._zones[tz]

    def _day(self, value: date) -> str:
        return format_date(value, DAY, locale=self.locale)

    def span(
        self,
        start: datetime,
        end: datetime,
        tz: str,
        *,
        all_day: bool = False,
        last_day: date | None = None,
    ) -> str:
        zone, label = self._zone(tz)
        if all_day:
            first = start.astimezone(zone).date()
            last = last_day or first
            if first == last:
                return self._day(first)
            return f"{self._day(first)} – {self._day(last)}"
        local_start, local_end = start.astimezone(zone), end.astimezone(zone)
        begins = format_datetime(local_start, DAY_TIME, tzinfo=zone, locale=self.locale)
        if local_start.date() == local_end.date():
            ends = format_time(local_end, TIME, tzinfo=zone, locale=self.locale)
            text = f"{begins}–{ends}"
        else:
            ends = format_datetime(local_end, DAY_TIME, tzinfo=zone, locale=self.locale)
            text = f"{begins} – {ends}"
        return _("%(when)s (%(zone)s)", when=text, zone=label)


def instant(value: datetime, lang: str) -> str:
    """A moment that belongs to no event (a token's creation): in UTC, said so."""
    return format_datetime(value, DAY_TIME, tzinfo=ZoneInfo("UTC"), locale=lang) + " UTC"
