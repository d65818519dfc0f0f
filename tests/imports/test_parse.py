"""The parser alone: bytes in, items and reasons out (no app, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from eventapp.imports.parse import NotACalendar, parse_feed
from eventapp.imports.zones import iana

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def feed(*events: str, head: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{head}{body}END:VCALENDAR\r\n"
    return text.replace("\n    ", "\n").encode()


def one(*events: str, zone: str = "Europe/Paris", head: str = ""):
    parsed = parse_feed(feed(*events, head=head), zone=zone, now=NOW)
    assert parsed.skipped == []
    return parsed.items


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Romance Standard Time", "Europe/Paris"),
        ("GMT Standard Time", "Europe/London"),
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("Europe/Paris", "Europe/Paris"),
        ("/freeassociation.sourceforge.net/Tzfile/Europe/London", "Europe/London"),
        ("Customized Time Zone", None),
    ],
)
def test_zone_names_of_every_kind_become_iana_names(name, expected):
    assert iana(name) == expected


def test_a_zone_known_only_by_its_vtimezone_is_read_from_it():
    zone = (
        "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\nBEGIN:STANDARD\r\n"
        "DTSTART:16010101T000000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\n"
        "END:STANDARD\r\nEND:VTIMEZONE\r\n"
    )
    (item,) = one(
        "UID:z\r\nSUMMARY:z\r\nDTSTART;TZID=Customized Time Zone:20270110T120000\r\n"
        "DTEND;TZID=Customized Time Zone:20270110T130000",
        head=zone,
    )
    assert item.start_at == datetime(2027, 1, 10, 9, tzinfo=UTC)


def test_floating_times_are_read_in_the_site_zone_a_repeated_hour_as_its_first():
    (item,) = one("UID:f\r\nSUMMARY:f\r\nDTSTART:20271031T023000\r\nDTEND:20271031T033000")
    assert item.start_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30 CEST, the first


def test_dates_are_whole_days_with_an_exclusive_end():
    two, one_day, same = one(
        "UID:a\r\nSUMMARY:a\r\nDTSTART;VALUE=DATE:20270301\r\nDTEND;VALUE=DATE:20270303",
        "UID:b\r\nSUMMARY:b\r\nDTSTART;VALUE=DATE:20270305",
        "UID:c\r\nSUMMARY:c\r\nDTSTART;VALUE=DATE:20270307\r\nDTEND;VALUE=DATE:20270307",
    )
    assert two.all_day and two.end_at - two.start_at == timedelta(days=2)
    assert two.start_at == datetime(2027, 2, 28, 23, tzinfo=UTC)  # Paris midnight
    assert one_day.end_at - one_day.start_at == timedelta(days=1)
    assert same.end_at - same.start_at == timedelta(days=1)


def test_a_duration_gives_the_end():
    (item,) = one("UID:d\r\nSUMMARY:d\r\nDTSTART:20270110T100000Z\r\nDURATION:PT2H30M")
    assert item.end_at - item.start_at == timedelta(hours=2, minutes=30)


def test_an_endless_rule_expands_over_the_window_only():
    items = one("UID:w\r\nSUMMARY:w\r\nDTSTART:20260101T100000Z\r\nDTEND:20260101T110000Z\r\n"
                "RRULE:FREQ=WEEKLY")  # fmt: skip
    assert min(i.start_at for i in items) >= NOW - timedelta(days=90)
    assert max(i.start_at for i in items) <= NOW + timedelta(days=365)
    assert len({i.recurrence_id for i in items}) == len(items) > 60


def test_this_and_future_moves_the_rest_of_a_series():
    items = one(
        "UID:s\r\nSUMMARY:s\r\nDTSTART:20270104T100000Z\r\nDTEND:20270104T110000Z\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=4",
        "UID:s\r\nSUMMARY:s later\r\nRECURRENCE-ID;RANGE=THISANDFUTURE:20270118T100000Z\r\n"
        "DTSTART:20270118T140000Z\r\nDTEND:20270118T150000Z",
    )
    assert [i.start_at.hour for i in items] == [10, 10, 14, 14]
    assert [i.title for i in items] == ["s", "s", "s later", "s later"]


def test_texts_are_one_line_titles_and_plain_descriptions():
    (item,) = one("UID:t\r\nSUMMARY:A\\, B\\nC\r\nDTSTART:20270110T100000Z\r\nDURATION:PT1H\r\n"
                  "DESCRIPTION:Line 1\\nLine 2\\; end\r\nSTATUS:CANCELLED")  # fmt: skip
    assert (item.title, item.description, item.cancelled) == ("A, B C", "Line 1\nLine 2; end", True)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"<html><body>Login</body></html>", "HTML page"),
        (b"Not found\r\n", "does not begin with BEGIN:VCALENDAR"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n", "cut short"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n", "not valid iCalendar"),
    ],
)
def test_what_is_not_a_whole_calendar_is_refused_with_its_reason(data, says):
    with pytest.raises(NotACalendar, match=says):
        parse_feed(data, zone="Europe/Paris", now=NOW)


def test_an_event_without_duration_is_skipped():
    parsed = parse_feed(feed("UID:n\r\nSUMMARY:n\r\nDTSTART:20270110T100000Z"), zone="UTC", now=NOW)
    assert parsed.items == [] and parsed.skipped == [
        ("n", "It has no duration: it ends when it starts.")
    ]


def test_a_rule_recurring_every_minute_keeps_a_bounded_number_of_occurrences():
    parsed = parse_feed(
        feed("UID:m\r\nSUMMARY:m\r\nDTSTART:20270110T100000Z\r\nDURATION:PT1M\r\n"
             "RRULE:FREQ=MINUTELY"),
        zone="UTC", now=NOW,
    )  # fmt: skip
    assert len(parsed.items) == 1000
    assert parsed.skipped == [
        ("m", "It recurs more than 1000 times in the window; the first are kept.")
    ]
