"""ical.js, the parser inside Thunderbird, reads every event at the instant the API gives.

Events either side of both clock changes in both zones, on the Sundays of the changes themselves
(the skipped and the repeated hour included), across a change, and whole-day workshops.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

WINDOW = "from=2026-01-01"
ISO_JS = "%Y-%m-%dT%H:%M:%S.000Z"


def all_day(make_event, site: str, first: date, last: date, **fields):
    """A whole-day event: local midnight of its first day to local midnight after its last."""
    zone = ZoneInfo({"paris-saclay": "Europe/Paris"}.get(site, "Europe/London"))
    start = datetime.combine(first, datetime.min.time())
    end = datetime.combine(last + timedelta(days=1), datetime.min.time())
    # Aware datetimes of one zone subtract as wall times: go through UTC for the real length.
    length = end.replace(tzinfo=zone).astimezone(UTC) - start.replace(tzinfo=zone).astimezone(UTC)
    hours = length.total_seconds() / 3600
    return make_event(site=site, start=start, hours=hours, all_day=True, kind="workshop", **fields)


@pytest.fixture
def around_the_changes(make_event):
    """Events that a wrong offset, a floating time or a missing VTIMEZONE would shift."""
    timed = [
        # Paris: clocks go forward on Sunday 29 March 2026, back on Sunday 25 October.
        ("paris-saclay", datetime(2026, 3, 27, 14, 0), 2),
        ("paris-saclay", datetime(2026, 3, 30, 14, 0), 2),
        ("paris-saclay", datetime(2026, 3, 29, 1, 30), 0.5),  # just before the jump
        ("paris-saclay", datetime(2026, 3, 29, 3, 0), 1),  # the first hour after it
        ("paris-saclay", datetime(2026, 3, 28, 22, 0), 12),  # across it
        ("paris-saclay", datetime(2026, 10, 23, 16, 0), 1),
        ("paris-saclay", datetime(2026, 10, 26, 16, 0), 1),
        ("paris-saclay", datetime(2026, 10, 25, 2, 30), 0.25),  # the first 02:30
        ("paris-saclay", datetime(2026, 10, 25, 2, 30, fold=1), 0.25),  # the second 02:30
        ("paris-saclay", datetime(2026, 10, 25, 3, 0), 1),
        # Oxford and Cambridge: forward on 29 March at 01:00, back on 25 October at 02:00.
        ("oxford", datetime(2026, 10, 23, 16, 0), 1.5),
        ("oxford", datetime(2026, 10, 26, 16, 0), 1.5),
        ("cambridge", datetime(2026, 10, 23, 16, 0), 1.5),
        ("cambridge", datetime(2026, 10, 26, 16, 0), 1.5),
        ("oxford", datetime(2026, 3, 27, 16, 0), 1),
        ("cambridge", datetime(2026, 3, 30, 16, 0), 1),
        ("oxford", datetime(2026, 3, 29, 0, 30), 0.5),
        ("oxford", datetime(2026, 3, 29, 2, 0), 1),
        ("cambridge", datetime(2026, 10, 25, 1, 30), 0.25),  # the first 01:30
        ("cambridge", datetime(2026, 10, 25, 1, 30, fold=1), 0.25),  # the second 01:30
        ("oxford", datetime(2026, 10, 24, 23, 0), 6),  # across the change back
        ("oxford", datetime(2026, 10, 25, 10, 0), 2),  # the Sunday itself, in daylight
    ]
    events = [
        make_event(site=site, start=start, hours=hours, sessions=2 if i % 4 == 0 else 0)
        for i, (site, start, hours) in enumerate(timed)
    ]
    events += [
        all_day(make_event, "paris-saclay", date(2026, 3, 27), date(2026, 3, 30)),
        all_day(make_event, "oxford", date(2026, 10, 23), date(2026, 10, 26)),
        all_day(make_event, "cambridge", date(2026, 10, 25), date(2026, 10, 25)),
        all_day(make_event, "paris-saclay", date(2026, 3, 29), date(2026, 3, 29)),
    ]
    return events


def utc_js(iso: str) -> str:
    """An API date-time (with its offset) as JavaScript's toISOString() of the same instant."""
    return datetime.fromisoformat(iso).astimezone(UTC).strftime(ISO_JS)


def assert_same_as_api(client, seen: dict, events, domain: str = "events.example.org") -> None:
    by_uid = {e["uid"]: e for e in seen["events"]}
    for event in events:
        api = client.get(f"/api/v1/events/{event.id}").get_json()
        js = by_uid[f"event-{event.id}@{domain}"]
        assert not js["floating"]
        if api["all_day"]:
            assert js["allDay"]
            assert js["startDate"] == api["start"][:10]
            assert js["endDate"] == api["end"][:10]  # exclusive, as iCalendar has it
        else:
            assert not js["allDay"]
            assert (js["start"], js["end"]) == (utc_js(api["start"]), utc_js(api["end"])), api
        for session in api["sessions"]:
            js = by_uid.get(f"session-{session['id']}@{domain}")
            if js is not None:
                assert (js["start"], js["end"]) == (
                    utc_js(session["start"]),
                    utc_js(session["end"]),
                )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_ical_js_reads_every_event_at_the_api_instant(
    client, fetch_feed, ical_js, around_the_changes, lang
) -> None:
    feed = fetch_feed(client, f"/feeds/{lang}/events.ics?{WINDOW}&sessions=1")
    assert set(feed.zones) == {"Europe/Paris", "Europe/London"}
    seen = ical_js(feed.data)
    sessions = sum(len(e.sessions) for e in around_the_changes)
    assert len(seen["events"]) == len(around_the_changes) + sessions > 0
    assert_same_as_api(client, seen, around_the_changes)


def test_ical_js_agrees_on_each_event_feed(client, fetch_feed, ical_js, around_the_changes) -> None:
    for event in around_the_changes:
        feed = fetch_feed(client, f"/feeds/en/events/{event.id}.ics")
        seen = ical_js(feed.data)
        assert len(seen["events"]) == 1 + len(event.sessions)
        assert_same_as_api(client, seen, [event])


def test_whole_days_are_dates_with_the_day_after_as_end(client, fetch_feed, make_event) -> None:
    workshop = all_day(make_event, "paris-saclay", date(2026, 3, 27), date(2026, 3, 30))
    assert workshop.start_at == datetime(2026, 3, 26, 23, 0, tzinfo=UTC)
    assert workshop.end_at == datetime(2026, 3, 30, 22, 0, tzinfo=UTC)  # CEST by then
    feed = fetch_feed(client, f"/feeds/fr/events.ics?{WINDOW}")
    event = feed.event(f"event-{workshop.id}@events.example.org")
    assert event.one("DTSTART").params == {"VALUE": "DATE"}
    assert (event["DTSTART"], event["DTEND"]) == ("20260327", "20260331")
    assert event["TRANSP"] == "TRANSPARENT"


def test_times_are_local_with_their_zone_but_the_repeated_hour_in_utc(
    client, fetch_feed, make_event
) -> None:
    usual = make_event(site="oxford", start=datetime(2026, 10, 26, 16, 0))
    sunday = make_event(site="paris-saclay", start=datetime(2026, 10, 25, 3, 0))
    first = make_event(site="paris-saclay", start=datetime(2026, 10, 25, 2, 30), hours=0.25)
    second = make_event(
        site="paris-saclay", start=datetime(2026, 10, 25, 2, 30, fold=1), hours=0.25
    )
    feed = fetch_feed(client, f"/feeds/en/events.ics?{WINDOW}")
    read = {e["UID"]: e for e in feed.events}
    uid = "event-{}@events.example.org".format
    assert read[uid(usual.id)].one("DTSTART").params == {"TZID": "Europe/London"}
    assert read[uid(usual.id)]["DTSTART"] == "20261026T160000"
    assert read[uid(sunday.id)].one("DTSTART").params == {"TZID": "Europe/Paris"}
    assert read[uid(sunday.id)]["DTSTART"] == "20261025T030000"
    # 02:30 happens twice that night. RFC 5545 reads TZID=Europe/Paris:...T023000 as the first,
    # ical.js as the second: both events are written in UTC, which nobody can misread.
    assert read[uid(first.id)]["DTSTART"] == "20261025T003000Z"
    assert read[uid(second.id)]["DTSTART"] == "20261025T013000Z"
    assert read[uid(second.id)].one("DTSTART").params == {}


def test_awkward_titles_come_back_unchanged_in_ical_js(
    client, fetch_feed, ical_js, make_event
) -> None:
    titles = [
        "Séminaire, partie 1; «IA» \\ éthique",
        "Ligne 1 \\n Ligne 2 \\N fin",  # a title is one line: these are backslashes
        "C:\\New\\folder; a,b,,c\\\\",
        "Fin d'une ligne\\",
        "Éthique de l’IA — " + "é" * 120,
    ]
    events = [make_event(title_fr=t, title_en=t + " (en)") for t in titles]
    for lang, suffix in (("fr", ""), ("en", " (en)")):
        feed = fetch_feed(client, f"/feeds/{lang}/events.ics")
        seen = {e["uid"]: e for e in ical_js(feed.data)["events"]}
        for event, title in zip(events, titles, strict=True):
            uid = f"event-{event.id}@events.example.org"
            assert feed.event(uid)["SUMMARY"] == title + suffix  # our reading
            assert str(feed.icalendar.walk("VEVENT")[events.index(event)]["SUMMARY"]) == (
                title + suffix
            )
            assert seen[uid]["summary"] == title + suffix


def test_calendar_names_reach_ical_js_as_written(client, fetch_feed, ical_js, sites) -> None:
    for lang, name in (
        ("fr", "Entente CordIAle — Séminaires à Oxford"),
        ("en", "Entente CordIAle — Seminars in Oxford"),
    ):
        feed = fetch_feed(client, f"/feeds/{lang}/events.ics?site=oxford&type=seminar")
        seen = ical_js(feed.data)
        assert seen["name"] == seen["xWrCalname"] == name
        assert seen["zones"] == ["Europe/London"]
