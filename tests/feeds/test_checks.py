"""The byte checks catch what they claim to: each rule refuses a feed that breaks only it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventapp.feeds import ical
from eventapp.feeds.ical import CalendarInfo, CalEvent

URL = "https://events.example.org/en/events/1-x"


def good() -> bytes:
    item = CalEvent(
        uid="event-1@x", sequence=3, modified_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        start=datetime(2026, 3, 27, 13, tzinfo=UTC), end=datetime(2026, 3, 27, 15, tzinfo=UTC),
        tzid="Europe/Paris", summary="Séminaire, 1", description="Ligne\nligne",
        location="Salle", url=URL,
    )  # fmt: skip
    return ical.calendar(
        CalendarInfo("Nom", "Desc", URL), ["Europe/Paris"], [ical.event_block(item)]
    )


def test_a_good_feed_passes(check_feed) -> None:
    feed = check_feed(good())
    assert feed.uids == ["event-1@x"]
    assert feed.events[0]["SUMMARY"] == "Séminaire, 1"
    assert feed.events[0]["DESCRIPTION"] == "Ligne\nligne"


def swap(old: bytes, new: bytes):
    def change(data: bytes) -> bytes:
        assert old in data, old
        return data.replace(old, new, 1)

    return change


def insert_event_line(line: bytes):
    return swap(b"END:VEVENT\r\n", line + b"\r\nEND:VEVENT\r\n")


BROKEN = {
    "a byte order mark": lambda d: b"\xef\xbb\xbf" + d,
    "bare LF": swap(b"VERSION:2.0\r\n", b"VERSION:2.0\n"),
    "bare CR": swap(b"SUMMARY:S", b"SUMMARY:\rS"),
    "more than 75": swap(b"LOCATION:Salle", b"LOCATION:" + b"x" * 70),
    "inside a UTF-8 sequence": swap(b"SUMMARY:S\xc3\xa9", b"SUMMARY:S\xc3\r\n \xa9"),
    "between a backslash": swap(
        b"SUMMARY:S\xc3\xa9minaire\\,", b"SUMMARY:S\xc3\xa9minaire\\\r\n ,"
    ),  # fmt: skip
    "unescaped ','": swap(b"SUMMARY:S\xc3\xa9minaire\\,", b"SUMMARY:S\xc3\xa9minaire,"),
    "unknown escape": swap(b"LOCATION:Salle", b"LOCATION:Sa\\lle"),
    "control character": swap(b"LOCATION:Salle", b"LOCATION:Sa\x01lle"),
    "not UTF-8": swap(b"LOCATION:Salle", b"LOCATION:Sa\xfflle"),
    "a METHOD": swap(b"VERSION:2.0\r\n", b"VERSION:2.0\r\nMETHOD:PUBLISH\r\n"),
    "PRODID lines": swap(b"VERSION:2.0\r\n", b"VERSION:2.0\r\nPRODID:-//other//EN\r\n"),
    "VALUE=DURATION": swap(b"REFRESH-INTERVAL;VALUE=DURATION:", b"REFRESH-INTERVAL:"),
    "X-PUBLISHED-TTL is not a duration": swap(
        b"X-PUBLISHED-TTL:PT12H", b"X-PUBLISHED-TTL:12:00:00"
    ),  # fmt: skip
    "NAME holds": swap(b"NAME:Nom\r\n", b"NAME:No\\,m\r\n"),
    "floating": swap(b"DTSTART;TZID=Europe/Paris:", b"DTSTART:"),
    "TZIDs without a VTIMEZONE": lambda d: d.replace(
        b"TZID=Europe/Paris:", b"TZID=Europe/London:"
    ),  # fmt: skip
    "RDATE": swap(b"END:DAYLIGHT", b"RDATE:20270328T020000\r\nEND:DAYLIGHT"),
    "RRULE": swap(b"BYMONTH=10;BYDAY=-1SU", b"BYMONTH=10;BYDAY=1SU"),
    "the rule misses": swap(b"DTSTART:19701025T030000", b"DTSTART:19701025T040000"),
    "DURATION with DTEND": insert_event_line(b"DURATION:PT1H"),
    "0 STATUS lines": swap(b"STATUS:CONFIRMED\r\n", b""),
    "0 LOCATION lines": swap(b"LOCATION:Salle\r\n", b""),
    "2 SUMMARY lines": insert_event_line(b"SUMMARY;LANGUAGE=en:Seminar"),
    "DTSTAMP is not UTC": swap(b"DTSTAMP:20260102T030405Z", b"DTSTAMP:20260102T030405"),
    "DTEND is not after": swap(
        b"DTEND;TZID=Europe/Paris:20260327T160000", b"DTEND;TZID=Europe/Paris:20260327T140000"
    ),  # fmt: skip
    "duplicate UIDs": lambda d: d.replace(
        b"END:VCALENDAR", d[d.index(b"BEGIN:VEVENT") : d.index(b"END:VCALENDAR")] + b"END:VCALENDAR"
    ),
}


@pytest.mark.parametrize("rule", BROKEN)
def test_each_rule_refuses_a_feed_breaking_it(check_feed, feed_checks, rule) -> None:
    broken = BROKEN[rule](good())
    with pytest.raises(feed_checks.FeedError, match=rule.replace("(", r"\(")):
        check_feed(broken)


def test_icalendar_errors_are_refused(check_feed) -> None:
    broken = good().replace(b"SEQUENCE:3", b"SEQUENCE:three")
    with pytest.raises(AssertionError):
        check_feed(broken)


def test_the_unfolded_values_are_what_parsers_see(feed_checks) -> None:
    line = "SUMMARY:" + "é" * 60 + "\\, " + "\\\\" * 30 + "😀" * 20
    data = b"BEGIN:VCALENDAR\r\n" + ical.fold(line) + b"END:VCALENDAR\r\n"
    cal = feed_checks.parse(data)
    assert cal.props[0].raw == line.split(":", 1)[1]
    assert cal.props[0].text == "é" * 60 + ", " + "\\" * 30 + "😀" * 20
