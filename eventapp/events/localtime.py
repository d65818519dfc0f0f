"""Wall-clock times entered in a site's zone, turned into instants, clock changes included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


class NonexistentTime(ValueError):
    """A wall time skipped when the clocks go forward (e.g. 02:30 in Paris on the last Sunday
    of March)."""


@dataclass(frozen=True)
class Resolved:
    """An instant, and whether its wall time occurred twice (clocks going back)."""

    instant: datetime
    ambiguous: bool = False


def resolve(wall: datetime, tz: str) -> Resolved:
    """The UTC instant of naive `wall` in `tz`; a repeated time means its first occurrence."""
    if wall.tzinfo is not None:
        return Resolved(wall.astimezone(UTC))
    zone = ZoneInfo(tz)
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    # A wall time that does not exist fails the round trip through UTC.
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        raise NonexistentTime(f"{wall:%Y-%m-%d %H:%M} does not exist in {tz}")
    ambiguous = first.utcoffset() != second.utcoffset()
    return Resolved(first.astimezone(UTC), ambiguous)


def local_midnight(day: date, tz: str) -> datetime:
    """The instant a local day begins (midnight never falls in a gap in our zones)."""
    return resolve(datetime.combine(day, time()), tz).instant


def whole_days(first: date, last: date, tz: str) -> tuple[datetime, datetime]:
    """An all-day event's instants: local midnight of its first day and after its last."""
    return local_midnight(first, tz), local_midnight(last + timedelta(days=1), tz)


def wall_time(instant: datetime, tz: str) -> datetime:
    """The naive local wall time of an instant in `tz` (what an organiser sees and types)."""
    return instant.astimezone(ZoneInfo(tz)).replace(tzinfo=None)


def as_written(instant: datetime | None, tz: str) -> datetime | None:
    """The local wall time of `instant`, or the instant itself when that wall time would not
    lead back to it (the second of a repeated hour): what, written back, means `instant`."""
    if instant is None:
        return None
    local = instant.astimezone(ZoneInfo(tz))
    wall = local.replace(tzinfo=None)
    return wall if resolve(wall, tz).instant == instant else local


def local_day(value: datetime, tz: str | None) -> date | None:
    """The local day a date or a local-midnight date-time names (an all-day event's), else None."""
    local = value.astimezone(ZoneInfo(tz)) if value.tzinfo and tz else value
    return local.date() if local.time() == time() else None
