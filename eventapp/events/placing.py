"""An event's time and place at one moment: what `event_moved` says the event was before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from eventapp.reference.models import Site, Venue


@dataclass(frozen=True)
class Placing:
    """The time and place of an event, kept apart from the row so a later change leaves it be."""

    start_at: datetime
    end_at: datetime
    all_day: bool
    site: Site
    venue: Venue | None

    @classmethod
    def of(cls, event) -> Placing:
        """The event's time and place as they are now."""
        return cls(event.start_at, event.end_at, bool(event.all_day), event.site, event.venue)

    @property
    def last_day(self) -> date:
        """The last day (an all-day event's end is the next midnight), as `Event.last_day`."""
        end = self.end_at.astimezone(self.site.zone).date()
        return end - timedelta(days=1) if self.all_day else end

    def moved_from(self, other: Placing) -> tuple[bool, bool]:
        """Whether the time, and whether the place, differ from `other`."""
        when = (self.start_at, self.end_at, self.all_day) != (
            other.start_at,
            other.end_at,
            other.all_day,
        )
        return when, (self.site, self.venue) != (other.site, other.venue)
