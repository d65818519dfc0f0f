"""`flask --app eventapp seed-demo`: a year of realistic events, loaded once however often run."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from eventapp.demo.archive import PAST_EVENTS
from eventapp.demo.seed import event_specs, seed_demo
from eventapp.events.models import Event
from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation, Series, Site, Topic

PARIS = ZoneInfo("Europe/Paris")
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def seeded(runner) -> list[Event]:
    """Run the command once and return every event it made."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert f"({len(event_specs())} events added)" in result.output
    return db.session.scalars(select(Event).order_by(Event.start_at)).all()


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in id order."""
    return {
        table.name: [
            tuple(row)
            for row in db.session.execute(select(table).order_by(*table.primary_key.columns))
        ]
        for table in db.metadata.sorted_tables
    }


def last_sunday_ahead(month: int, today: date) -> date:
    """The next last Sunday of March or October (both have 31 days) with its Friday to come."""
    for year in (today.year, today.year + 1):
        day = date(year, month, 31)
        day -= timedelta(days=(day.weekday() + 1) % 7)
        if day - timedelta(days=2) > today:
            return day
    raise AssertionError("no clock change found")


def horizon(now: datetime) -> datetime:
    """Twelve months ahead; or, when the seeding day is the weekend of a clock change, a few
    days more, for the events either side of next year's change."""
    today = now.date()
    mondays_after = [last_sunday_ahead(month, today) + timedelta(days=2) for month in (3, 10)]
    return max(
        now + timedelta(days=366), *(datetime.combine(d, time(), UTC) for d in mondays_after)
    )


def assert_a_year_either_side(events: list[Event], now: datetime) -> None:
    """The coming year's events, and the archive's: over, within the year before `now`."""
    past = [e for e in events if e.start_at < now]
    assert len(past) == len(PAST_EVENTS)
    assert all(now - timedelta(days=366) < e.start_at and e.end_at < now for e in past)
    assert max(now - e.start_at for e in past) > timedelta(days=300)  # a year back
    assert all(now < e.start_at < horizon(now) for e in events if e not in past)


def test_a_year_of_events_across_sites_kinds_and_languages(seeded):
    now = clock.now()
    visible = [e for e in seeded if e.status != "draft"]
    assert len(visible) >= 40
    assert {e.site.slug for e in visible} == {"paris-saclay", "oxford", "cambridge"}
    assert {e.kind for e in visible} == {"seminar", "workshop", "symposium"}
    assert {e.language for e in visible} == {"fr", "en", "both"}
    assert_a_year_either_side(seeded, now)
    for site in ("paris-saclay", "oxford", "cambridge"):
        assert sum(e.site.slug == site for e in visible) >= 8, site


def test_every_event_is_complete_enough_to_show(seeded):
    for event in seeded:
        assert event.title_fr or event.title_en, event.id
        assert event.organisations and event.topics, event.title_en
        # Published (then cancelled) through the services, as an organiser would.
        assert event.sequence == {"draft": 0, "published": 1, "cancelled": 2}[event.status]
        assert event.end_at > event.start_at
        if event.venue:
            assert event.venue.site is event.site
            assert event.venue.address
    published = [e for e in seeded if e.status == "published"]
    assert sum(bool(e.title_fr and e.title_en) for e in published) > len(published) * 3 // 4
    # A few are written in one language only, which the pages must fall back from.
    assert any(e.title_fr and not e.title_en for e in published)
    assert any(e.title_en and not e.title_fr for e in published)
    assert sum(e.capacity is not None for e in published) > len(published) // 2
    assert any(e.sessions for e in published)
    assert any(e.speakers for e in published)


def test_the_partnership_reference_data(seeded):
    sites = {s.slug: s.timezone for s in db.session.scalars(select(Site))}
    assert sites == {
        "paris-saclay": "Europe/Paris",
        "oxford": "Europe/London",
        "cambridge": "Europe/London",
    }
    orgs = {o.name_en: o for o in db.session.scalars(select(Organisation))}
    assert orgs["HEC Paris"].site.slug == "paris-saclay"
    assert orgs["Institute for Ethics in AI"].site.slug == "oxford"
    assert orgs["AI@Cam"].site.slug == "cambridge"
    assert len(orgs) == 10
    assert all(o.name_fr and o.url.startswith("https://") for o in orgs.values())
    topics = {t.name_fr for t in db.session.scalars(select(Topic))}
    assert "Éthique et gouvernance" in topics
    assert len(db.session.scalars(select(Series)).all()) >= 3


def test_local_wall_time_is_kept_across_the_seasons(seeded):
    breakfasts = [e for e in seeded if e.series and e.series.slug == "hi-paris-industry-breakfasts"]
    assert len(breakfasts) >= 3
    assert {e.local_start.time() for e in breakfasts} == {time(8, 30)}
    assert len({e.start_at.astimezone(UTC).time() for e in breakfasts}) == 2  # CET and CEST


def test_a_cancelled_event_says_why(seeded):
    cancelled = [e for e in seeded if e.status == "cancelled"]
    assert cancelled
    assert all(e.cancel_reason_fr and e.cancel_reason_en for e in cancelled)


def test_a_multi_day_workshop_runs_whole_days(seeded):
    all_day = [e for e in seeded if e.all_day and e.kind == "workshop"]
    assert any(e.last_day > e.first_day for e in all_day)
    for event in all_day:
        assert event.local_start.time() == time(0) == event.local_end.time()


def test_a_symposium_has_parallel_sessions_in_different_rooms(seeded):
    def parallel(event: Event) -> bool:
        return any(
            a.start_at < b.end_at and b.start_at < a.end_at and a.room != b.room
            for a in event.sessions
            for b in event.sessions
            if a.id != b.id
        )

    symposia = [e for e in seeded if e.kind == "symposium" and parallel(e)]
    assert symposia
    assert any(s.capacity for e in symposia for s in e.sessions)


def test_online_only_hybrid_and_small_events(seeded):
    assert any(e.venue is None and e.online_url for e in seeded)
    assert any(e.venue is not None and e.online_url for e in seeded)
    assert any(e.capacity is not None and e.capacity <= 10 for e in seeded)


@pytest.mark.parametrize("month", [3, 10])
def test_events_either_side_of_the_next_clock_change(seeded, month):
    change = last_sunday_ahead(month, clock.now().date())
    for zone in (PARIS, LONDON):
        here = [e for e in seeded if e.zone == zone and e.status == "published"]
        before = [e for e in here if change - timedelta(7) <= e.local_start.date() < change]
        after = [e for e in here if change < e.local_start.date() <= change + timedelta(7)]
        assert before and after, zone
        offsets_before = {e.local_start.utcoffset() for e in before}
        offsets_after = {e.local_start.utcoffset() for e in after}
        assert len(offsets_before) == len(offsets_after) == 1, zone
        hour = timedelta(hours=1)
        expected = hour if month == 3 else -hour
        assert offsets_after.pop() - offsets_before.pop() == expected, zone


def test_running_it_again_changes_nothing(seeded, runner, settings):
    before = snapshot()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "(0 events added)" in result.output
    assert snapshot() == before
    # Dates follow the day of seeding; a later run still finds the same events.
    assert seed_demo(db.session, now=clock.now() + timedelta(days=100), settings=settings) == 0
    db.session.commit()
    assert snapshot() == before


def test_if_empty_leaves_a_seeded_database_alone(seeded, runner):
    before = snapshot()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "already has events" in result.output
    assert snapshot() == before


@pytest.mark.parametrize(
    "now",
    [
        datetime(2027, 3, 26, 23, 30, tzinfo=UTC),  # the Friday night before a change
        datetime(2027, 3, 28, 1, 30, tzinfo=UTC),  # just after clocks went forward
        datetime(2027, 10, 31, 0, 30, tzinfo=UTC),  # the night clocks go back
        datetime(2028, 2, 29, 12, 0, tzinfo=UTC),  # a leap day
        datetime(2029, 3, 23, 10, 0, tzinfo=UTC),  # the next change is 53 weeks away
        datetime(2026, 12, 31, 23, 0, tzinfo=UTC),  # the turn of the year
    ],
)
def test_any_day_of_seeding_gives_a_coming_year(app, now, settings):
    assert seed_demo(db.session, now=now, settings=settings) == len(event_specs())
    events = db.session.scalars(select(Event)).all()
    assert_a_year_either_side(events, now)
    assert all(e.end_at > e.start_at for e in events)


def test_pages_show_the_demo(seeded, client):
    published = [e for e in seeded if e.status == "published" and e.end_at > clock.now()]
    first_title = published[0].localised("title", "fr").text
    ids = {e.id: e.status for e in seeded}
    for lang in ("en", "fr"):
        response = client.get(f"/{lang}/events/")
        assert response.status_code == 200
    assert first_title in html.unescape(response.get_data(as_text=True))
    for event_id, status in ids.items():
        for lang in ("en", "fr"):
            response = client.get(f"/{lang}/events/{event_id}")
            expected = 404 if status == "draft" else 200
            assert response.status_code == expected, (lang, event_id)
            if status == "cancelled":
                assert re.search("cancel|annul", response.get_data(as_text=True), re.I)


def test_the_archive_shows_the_past_year_newest_first(seeded, client):
    now = clock.now()
    past = sorted((e for e in seeded if e.end_at < now), key=lambda e: e.start_at, reverse=True)
    assert {e.site.slug for e in past} == {"paris-saclay", "oxford", "cambridge"}
    for lang in ("en", "fr"):
        text = html.unescape(client.get(f"/{lang}/events/past/").get_data(as_text=True))
        found = [text.find(e.localised("title", lang).text) for e in past]
        assert -1 not in found and found == sorted(found), lang
        assert "/events/past/" in client.get(f"/{lang}/events/").get_data(as_text=True)
    assert client.get("/api/v1/events?when=past").get_json()["total"] == len(past)
    spoke = past[0].speakers[0]
    page = html.unescape(client.get(f"/en/speakers/{spoke.id}").get_data(as_text=True))
    assert past[0].title_en in page  # among the speaker's recent talks


def test_the_full_workshop_has_a_waiting_list(runner):
    from sqlalchemy import func, select

    from eventapp.extensions import db
    from eventapp.registrations.models import Registration

    runner.invoke(args=["seed-demo"])
    runner.invoke(args=["seed-demo"])
    counts = dict(
        db.session.execute(
            select(Registration.status, func.count()).group_by(Registration.status)
        ).all()
    )
    assert counts == {"confirmed": 6, "waiting": 2}
