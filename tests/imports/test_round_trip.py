"""A feed made by our own builder, imported as a source, gives the same instants, texts and
status (property-based; few examples, for a fast suite)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from eventapp.bounds import MAX_TITLE, one_line, printable
from eventapp.events.localtime import local_midnight
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.feeds import ical
from eventapp.feeds.ical import CalendarInfo, CalEvent
from eventapp.imports.models import Source
from eventapp.imports.parse import parse_feed
from eventapp.imports.upsert import apply_items
from eventapp.reference.models import Organisation

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
SITES = {"Europe/Paris": "paris-saclay", "Europe/London": "oxford"}
TRICKY = st.sampled_from(["\\", ";", ",", ":", '"', "\n", "\r\n", "\t", " ", "é", "😀", "\\N",
                          "\x01", "\x7f", "\u2028", "ß", "[CANCELLED] "])  # fmt: skip
TEXT = st.one_of(
    st.text(st.characters(blacklist_characters="<", codec="utf-8"), max_size=60),
    st.lists(TRICKY, max_size=30).map("".join),
)


@st.composite
def cal_event(draw, n: int, zone: str) -> CalEvent:
    start = NOW - timedelta(days=80) + timedelta(minutes=15 * draw(st.integers(0, 40_000)))
    if draw(st.booleans()):
        first = start.astimezone(UTC).date()
        start, end = first, first + timedelta(days=draw(st.integers(1, 5)))
    else:
        end = start + timedelta(minutes=15 * draw(st.integers(1, 200)))
    cancelled = draw(st.booleans())
    title = draw(TEXT)
    return CalEvent(
        uid=f"event-{n}@elsewhere.example.org", sequence=0, modified_at=NOW, start=start, end=end,
        tzid=zone, summary=f"[CANCELLED] {title}" if cancelled else title,
        description=draw(TEXT), location="", url=f"https://elsewhere.example.org/{n}",
        cancelled=cancelled,
    )  # fmt: skip


@st.composite
def feeds(draw):
    zone = draw(st.sampled_from(sorted(SITES)))
    events = [draw(cal_event(n, zone)) for n in range(draw(st.integers(1, 4)))]
    info = CalendarInfo(name="Elsewhere", description="Their seminars", url="https://x.org/f")
    data = ical.calendar(info, [zone], [ical.event_block(e) for e in events])
    return zone, events, data


def expected_title(event: CalEvent) -> str:
    title = event.summary.removeprefix("[CANCELLED] ") if event.cancelled else event.summary
    return one_line(ical.clean_text(title)).strip()[:MAX_TITLE].strip() or "Elsewhere"


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(feed=feeds())
def test_our_own_feed_imported_gives_the_same_events(app, sites, settings, feed):
    zone, made, data = feed
    source = Source(
        name="Elsewhere", url="https://x.org/f", site=sites[SITES[zone]],
        organisation=Organisation(slug="elsewhere", name_en="Elsewhere", site=sites[SITES[zone]]),
    )  # fmt: skip
    db.session.add(source)
    db.session.flush()
    try:
        parsed = parse_feed(data, zone=zone, now=NOW)
        assert parsed.skipped == []
        apply_items(source, parsed, now=NOW, settings=settings)
        db.session.flush()
        events = {
            e.source_uid: e
            for e in db.session.scalars(select(Event).where(Event.source_id == source.id))
        }
        assert sorted(events) == sorted(e.uid for e in made)
        for original in made:
            event = events[original.uid]
            if original.all_day:
                start, end = (local_midnight(d, zone) for d in (original.start, original.end))
            else:
                start, end = original.start, original.end
            assert (event.start_at, event.end_at, event.all_day) == (start, end, original.all_day)
            assert event.title_en == expected_title(original)
            description = printable(ical.clean_text(original.description).strip()) or None
            assert event.description_en == description
            assert event.status == ("cancelled" if original.cancelled else "published")
            assert event.source_url == original.url
    finally:
        db.session.rollback()
