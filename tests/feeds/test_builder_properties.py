"""Property-based tests of the pure builder: arbitrary Unicode in every text field.

Whatever the text, the bytes pass every check of `checks.py` (and `icalendar` parses and
validates them), the text comes back unchanged (after the one normalisation RFC 5545 forces:
TEXT cannot carry control characters, so line breaks become newlines and the other C0 controls
and DEL are dropped), and every instant comes back the same, through our parser, `icalendar` and
(for fewer, bigger examples) ical.js.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from eventapp.feeds import ical
from eventapp.feeds.ical import CalendarInfo, CalEvent

ZONES = ("Europe/Paris", "Europe/London")
URL = "https://events.example.org/en/events/1-x"

# Everything Unicode offers, and text made mostly of what escaping and folding get wrong.
TRICKY = st.sampled_from(
    ["\\", ";", ",", ":", '"', "\n", "\r", "\r\n", "\t", " ", "N", "n", "é", "€", "😀", "\\N",
     "\x00", "\x01", "\x1f", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\u0301", "ß"]
)  # fmt: skip
TEXT = st.one_of(
    st.text(),
    st.lists(TRICKY, max_size=120).map("".join),
    st.lists(st.one_of(TRICKY, st.characters(codec="utf-8")), min_size=60, max_size=300).map(
        "".join
    ),
)
INSTANTS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
).map(lambda d: d.replace(second=0, microsecond=0))


def expected_text(text: str) -> str:
    """What a TEXT value can carry of `text`: newlines for line breaks, no other controls."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\t\n" or not (ord(c) < 0x20 or ord(c) == 0x7F))


def expected_name(text: str) -> str:
    """A calendar's name or description: also no `, ; \\` and no line breaks (ical.js)."""
    return " ".join(re.sub(r"[,;\\]", " ", expected_text(text)).split())


@st.composite
def cal_events(draw, index: int = 0) -> CalEvent:
    zone = draw(st.sampled_from(ZONES))
    if draw(st.booleans()):
        first = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 1)))
        start, end = first, first + timedelta(days=draw(st.integers(1, 20)))
    else:
        start = draw(INSTANTS)
        end = start + timedelta(minutes=draw(st.integers(1, 60 * 24 * 5)))
    return CalEvent(
        uid=f"{index}-{draw(TEXT)}",
        sequence=draw(st.integers(0, 10_000)),
        modified_at=draw(INSTANTS),
        start=start,
        end=end,
        tzid=zone,
        summary=draw(TEXT),
        description=draw(TEXT),
        location=draw(TEXT),
        url=URL,
        cancelled=draw(st.booleans()),
    )


@st.composite
def calendars(draw, max_events: int = 4) -> tuple[CalendarInfo, list[CalEvent], list[str]]:
    info = CalendarInfo(name=draw(TEXT), description=draw(TEXT), url=URL)
    count = draw(st.integers(0, max_events))
    events = [draw(cal_events(i)) for i in range(count)]
    zones = sorted({e.tzid for e in events}) or [draw(st.sampled_from(ZONES))]
    return info, events, zones


def build(info, events, zones) -> bytes:
    return ical.calendar(info, zones, [ical.event_block(e) for e in events])


def as_read(item: CalEvent) -> tuple:
    """The start and end the feed must give back: UTC instants, or the days."""
    if item.all_day:
        return item.start, item.end
    return item.start.astimezone(UTC), item.end.astimezone(UTC)


def assert_comes_back(feed, info, events, checks) -> None:
    assert feed.calendar["NAME"] == feed.calendar["X-WR-CALNAME"] == expected_name(info.name)
    assert feed.calendar["DESCRIPTION"] == expected_name(info.description)
    assert len(feed.events) == len(events)
    for read, item in zip(feed.events, events, strict=True):
        assert read["UID"] == expected_text(item.uid)
        assert read["SUMMARY"] == expected_text(item.summary)
        assert read["DESCRIPTION"] == expected_text(item.description)
        assert read["LOCATION"] == expected_text(item.location)
        assert read["STATUS"] == ("CANCELLED" if item.cancelled else "CONFIRMED")
        assert read["SEQUENCE"] == str(item.sequence)
        assert checks.instants(read) == as_read(item)
        stamp = item.modified_at.strftime("%Y%m%dT%H%M%SZ")
        assert read["DTSTAMP"] == read["LAST-MODIFIED"] == stamp


@settings(max_examples=150, deadline=None)
@given(calendars())
@example((CalendarInfo("a\\b", "x", URL), [], ["Europe/Paris"]))
def test_any_text_gives_valid_bytes_and_comes_back(check_feed, feed_checks, cal) -> None:
    info, events, zones = cal
    feed = check_feed(build(info, events, zones))  # bytes, structure and icalendar
    assert_comes_back(feed, info, events, feed_checks)


@settings(max_examples=100, deadline=None)
@given(TEXT, st.integers(0, 80))
def test_a_text_at_any_offset_folds_cleanly(check_feed, text, pad) -> None:
    """The same text shifted octet by octet: folds fall on every character of it once."""
    item = CalEvent(
        uid="u", sequence=0, modified_at=datetime(2026, 1, 1, tzinfo=UTC),
        start=datetime(2026, 3, 27, 13, tzinfo=UTC), end=datetime(2026, 3, 27, 14, tzinfo=UTC),
        tzid="Europe/Paris", summary="x" * pad + text, description=text * 3, location=text,
        url=URL,
    )  # fmt: skip
    info = CalendarInfo("n", "d", URL)
    feed = check_feed(build(info, [item], ["Europe/Paris"]))
    assert feed.events[0]["SUMMARY"] == expected_text("x" * pad + text)
    assert feed.events[0]["DESCRIPTION"] == expected_text(text * 3)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(calendars(max_events=12))
def test_ical_js_reads_the_same_text_and_instants(ical_js, feed_checks, cal) -> None:
    info, events, zones = cal
    data = build(info, events, zones)
    seen = ical_js(data)
    assert seen["name"] == seen["xWrCalname"] == expected_name(info.name)
    assert seen["description"] == expected_name(info.description)
    assert len(seen["events"]) == len(events)
    for js, item in zip(seen["events"], events, strict=True):
        assert not js["floating"]
        assert js["uid"] == expected_text(item.uid)
        assert js["summary"] == expected_text(item.summary)
        assert js["description"] == expected_text(item.description)
        assert js["location"] == expected_text(item.location)
        assert js["sequence"] == item.sequence
        start, end = as_read(item)
        if item.all_day:
            assert (js["startDate"], js["endDate"]) == (start.isoformat(), end.isoformat())
        else:
            iso = "%Y-%m-%dT%H:%M:%S.000Z"
            assert (js["start"], js["end"]) == (start.strftime(iso), end.strftime(iso))


@settings(max_examples=300, deadline=None)
@given(INSTANTS, st.sampled_from(ZONES))
def test_every_instant_survives_the_zone(check_feed, feed_checks, instant, zone) -> None:
    """Including the hour that happens twice when clocks go back."""
    item = CalEvent(
        uid="u", sequence=0, modified_at=instant, start=instant,
        end=instant + timedelta(minutes=30), tzid=zone, summary="s", description="d",
        location="l", url=URL,
    )  # fmt: skip
    feed = check_feed(build(CalendarInfo("n", "d", URL), [item], [zone]))
    assert feed_checks.instants(feed.events[0]) == as_read(item)


def test_the_second_of_two_equal_wall_times_keeps_its_instant(check_feed, feed_checks) -> None:
    """01:30 UTC on 25 Oct 2026 is 02:30 in Paris the second time round (CET, not CEST)."""
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET
    paris = ZoneInfo("Europe/Paris")
    assert first.astimezone(paris).replace(tzinfo=None) == second.astimezone(paris).replace(
        tzinfo=None
    )
    items = [
        CalEvent(
            uid=f"u{i}",
            sequence=0,
            modified_at=first,
            start=start,
            end=start + timedelta(minutes=20),
            tzid="Europe/Paris",
            summary="s",
            description="d",
            location="l",
            url=URL,
        )  # fmt: skip
        for i, start in enumerate((first, second))
    ]
    feed = check_feed(build(CalendarInfo("n", "d", URL), items, ["Europe/Paris"]))
    assert [feed_checks.instants(e) for e in feed.events] == [as_read(i) for i in items]
