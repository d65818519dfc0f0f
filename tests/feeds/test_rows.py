"""Blocks are built from plain rows read in bulk (`rows.py`), not from ORM objects: the rows must
carry exactly what the ORM's events, sessions and speakers do, so the bytes stay the same."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventapp.events.models import Event, EventSession
from eventapp.extensions import db
from eventapp.feeds import blocks
from eventapp.feeds.content import (
    EventRow,
    SessionRow,
    Site,
    Texts,
    cal_event,
    session_content,
)
from eventapp.feeds.fingerprint import current_fingerprint
from eventapp.feeds.ical import event_block
from eventapp.imports.models import Source
from eventapp.reference.models import Organisation, Person, Venue

SITE = Site("https://events.example.org", "events.example.org")


def from_orm(event: Event, lang: str) -> dict[str, bytes]:
    """Both parts of `event` in `lang`, built from its ORM object and relationships."""
    texts = Texts.of(lang)
    sessions = [
        session_content(
            SessionRow(s.id, s.event_id, s.title_fr, s.title_en, s.start_at, s.end_at, s.room,
                       s.sequence),
            [(p.name, p.affiliation) for p in s.speakers], EventRow.of(event), texts, SITE,
        )
        for s in event.sessions
    ]  # fmt: skip
    return {
        blocks.EVENT: event_block(cal_event(event, lang, SITE)),
        blocks.SESSIONS: b"".join(event_block(item) for item in sessions),
    }


@pytest.fixture
def tricky(make_event, sites) -> list[int]:
    """Events with what the rows could get wrong: fallbacks, order, nothing, everything."""
    later, earlier = Person(name="Zoë, later", affiliation=None), Person(name="Ada; first")
    db.session.add_all([later, earlier])
    db.session.flush()
    made = [
        make_event(speakers=2, sessions=3, capacity=10, online_url="https://meet.example/x"),
        make_event(title_en=None, title_fr="Seulement « français »", status="cancelled",
                   cancel_reason_fr="Grève\\; pas de salle", sessions=1),
        make_event(title_en="English only, with \\N", title_fr=None, venue=False,
                   online_url="https://meet.example/open", summary_en="Line one\nline two"),
        make_event(site="oxford", all_day=True, hours=48, speakers=1),
        make_event(site="cambridge", title_en="", title_fr=""),
    ]  # fmt: skip
    made[1].speakers = [later, earlier]  # listed in an order other than the people's ids
    made[2].venue = None
    made[3].venue = Venue(name_fr="Salle seule", address="", site=sites["oxford"])
    first = made[0].sessions[0]
    made[0].sessions.append(
        EventSession(title_fr="Même heure", start_at=first.start_at, end_at=first.end_at)
    )
    host = Organisation(slug="host", name_en="Host", site=sites["cambridge"])
    source = Source(name="Talks", url="https://talks.example/feed.ics", organisation=host,
                    site=sites["cambridge"])  # fmt: skip
    db.session.add(source)
    db.session.flush()
    made[4].source_id, made[4].source_uid = source.id, "talk-42@talks.example"
    made[3].source_uid = "orphan@elsewhere"  # no source: not carried
    db.session.commit()
    return [e.id for e in made]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_blocks_from_rows_are_those_of_the_orm_events(runner, tricky, lang) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    events = db.session.scalars(
        select(Event)
        .where(Event.status.in_(blocks.FEED_STATUSES))
        .options(
            selectinload(Event.site), selectinload(Event.venue), selectinload(Event.speakers),
            selectinload(Event.sessions).selectinload(EventSession.speakers),
        )
        .order_by(Event.id)
    ).all()  # fmt: skip
    assert len(events) > 40
    ids = [e.id for e in events]
    # All at once (dense ids, read as a range), and a few far apart (read as a list).
    sparse = [ids[0], ids[len(ids) // 2], ids[-1]]
    everything = blocks.build(ids, lang, SITE, current_fingerprint(), store=False)
    some = blocks.build(sparse, lang, SITE, current_fingerprint(), store=False)
    for built, chosen in ((everything, ids), (some, sparse)):
        assert set(built) == {(i, part) for i in chosen for part in blocks.PARTS}
        for event in (e for e in events if e.id in chosen):
            expected = from_orm(event, lang)
            for part in blocks.PARTS:
                assert built[(event.id, part)] == expected[part], (event.id, part)
    texts = {e.id: b"".join(everything[(e.id, p)] for p in blocks.PARTS) for e in events}
    assert b"X-ENTENTE-SOURCE-UID:talk-42@talks.example" in texts[tricky[4]]
    assert b"orphan" not in texts[tricky[3]]


def test_a_read_builds_only_the_parts_it_serves(tricky) -> None:
    built = blocks.build(tricky, "en", SITE, current_fingerprint(), store=False,
                         parts=(blocks.EVENT,))  # fmt: skip
    assert set(built) == {(event_id, blocks.EVENT) for event_id in tricky}
    stored = blocks.build(tricky, "en", SITE, current_fingerprint(), parts=(blocks.EVENT,))
    assert set(stored) == {(i, part) for i in tricky for part in blocks.PARTS}


def test_an_invitation_still_carries_the_private_online_link(tricky) -> None:
    event = db.session.get(Event, tricky[0])
    public = event_block(cal_event(event, "en", SITE)).decode()
    private = event_block(cal_event(event, "en", SITE, private=True)).decode()
    assert "meet.example/x" not in public.replace("\r\n ", "")
    assert "Online: https://meet.example/x" in private.replace("\r\n ", "")
