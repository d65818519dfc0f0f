"""When the demo's events happen: days relative to the day of seeding, local times to UTC.

The programme names days as `("week", n, "tue")` (the n-th week after the coming Monday) or
as `("march", offset)` / `("october", offset)` (days from the next last Sunday of that month,
when Europe changes its clocks), so that the demo always lies in the coming twelve months and
always straddles both clock changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
CLOCK_CHANGE_MONTHS = {"march": 3, "october": 10}
# Events start up to two days before a clock change, which must still be ahead of us.
LEAD_DAYS = 2


def last_sunday(year: int, month: int) -> date:
    """The last Sunday of `month`: the day the clocks change in Europe (March and October)."""
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    last = first_of_next - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def next_clock_change(month: int, today: date) -> date:
    """The first clock change in `month` whose preceding Friday is still to come."""
    for year in (today.year, today.year + 1):
        sunday = last_sunday(year, month)
        if sunday - timedelta(days=LEAD_DAYS) > today:
            return sunday
    raise AssertionError("unreachable: next year's change is always ahead")


@dataclass(frozen=True)
class Calendar:
    """Resolves the programme's day specifications against the day of seeding."""

    today: date

    @property
    def first_monday(self) -> date:
        """The Monday after today (never today itself, so that week 0 is still to come)."""
        return self.today + timedelta(days=7 - self.today.weekday())

    def day(self, spec: tuple) -> date:
        kind, *rest = spec
        if kind == "week":
            week, weekday = rest
            return self.first_monday + timedelta(weeks=week, days=WEEKDAYS[weekday])
        if kind in CLOCK_CHANGE_MONTHS:
            (offset,) = rest
            return next_clock_change(CLOCK_CHANGE_MONTHS[kind], self.today) + timedelta(offset)
        raise ValueError(f"unknown day specification: {spec!r}")


def to_utc(day: date, wall: str, zone: ZoneInfo) -> datetime:
    """The UTC instant of local wall time `wall` ('14:30') on `day`; refuses a skipped time."""
    naive = datetime.combine(day, time.fromisoformat(wall))
    instant = naive.replace(tzinfo=zone).astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != naive:
        raise ValueError(f"{naive} does not exist in {zone.key}")
    return instant


def midnight_utc(day: date, zone: ZoneInfo) -> datetime:
    """Local midnight at the start of `day`, as a UTC instant (an all-day event's bound)."""
    return to_utc(day, "00:00", zone)
