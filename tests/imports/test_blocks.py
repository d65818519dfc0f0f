"""Unchanged VEVENTs are not parsed again: a parse with the former parse's cache gives the
same items and skipped reasons as a parse from scratch, on any day, and parses only what
changed (or everything, when the zones or the site's zone change)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from eventapp.imports.parse import parse_feed

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
FEEDS = Path(__file__).parent / "feeds"


def same(a, b) -> None:
    key = lambda item: (item.uid, item.recurrence_id)  # noqa: E731
    assert sorted(a.items, key=key) == sorted(b.items, key=key)
    assert sorted(a.skipped) == sorted(b.skipped)


@pytest.mark.parametrize(
    "name", ["talks_cam.ics", "google.ics", "outlook.ics", "indico.ics", "bad_items.ics"]
)
def test_a_parse_with_the_cache_gives_what_a_parse_from_scratch_gives(name):
    data = (FEEDS / name).read_bytes()
    first = parse_feed(data, zone="Europe/London", now=NOW)
    for now in (NOW, NOW + timedelta(days=40), NOW + timedelta(days=400)):
        fresh = parse_feed(data, zone="Europe/London", now=now)
        cached = parse_feed(data, zone="Europe/London", now=now, cache=first.cache)
        same(cached, fresh)


def talks(n: int, changed: int | None = None) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
    for i in range(n):
        title = f"Talk {i}" + (" (moved)" if i == changed else "")
        lines += ["BEGIN:VEVENT", f"UID:t{i}@x.org", f"SUMMARY:{title}",
                  f"DTSTART:202702{i + 1:02d}T100000", f"DTEND:202702{i + 1:02d}T110000",
                  "END:VEVENT"]  # fmt: skip
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.fixture
def parsed_vevents(monkeypatch):
    """How many VEVENTs icalendar is given to parse, call by call."""
    counts: list[int] = []
    original = icalendar.Calendar.from_ical

    def counting(text, *args, **kwargs):
        counts.append(text.count("BEGIN:VEVENT"))
        return original(text, *args, **kwargs)

    monkeypatch.setattr(icalendar.Calendar, "from_ical", counting)
    return counts


def test_only_the_changed_vevent_is_parsed_again(parsed_vevents):
    first = parse_feed(talks(10), zone="Europe/London", now=NOW)
    again = parse_feed(talks(10, changed=3), zone="Europe/London", now=NOW, cache=first.cache)
    assert parsed_vevents == [10, 1]
    assert {item.title for item in again.items} == {f"Talk {i}" for i in range(10) if i != 3} | {
        "Talk 3 (moved)"
    }
    # Floating times: another site's zone gives other instants, so nothing is reused.
    paris = parse_feed(talks(10), zone="Europe/Paris", now=NOW, cache=again.cache)
    assert parsed_vevents[-1] == 10
    assert paris.items[0].start_at == datetime(2027, 2, 1, 9, tzinfo=UTC)
