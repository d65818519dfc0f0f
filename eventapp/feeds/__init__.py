"""iCalendar feeds of events (see shared/ical-feeds.md)."""
