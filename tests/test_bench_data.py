"""The benchmark's data is data the app itself would accept (issue 15): every event it makes
passes the checks an organiser's form, the API and imports go through (`editing.input_errors`),
so a benchmark never measures pages of events the app could not hold."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bench.data import populate
from eventapp.events.editing import EventInput, input_errors
from eventapp.events.models import Event
from eventapp.events.search import index_events
from eventapp.extensions import clock, db

EVENTS = 300


def as_input(event: Event) -> EventInput:
    zone = event.site.zone
    return EventInput(
        kind=event.kind, site=event.site.slug, language=event.language,
        **{f"{name}_{lang}": getattr(event, f"{name}_{lang}")
           for name in ("title", "summary", "description") for lang in ("fr", "en")},
        start=event.start_at.astimezone(zone).replace(tzinfo=None),
        end=event.end_at.astimezone(zone).replace(tzinfo=None),
        venue_id=event.venue_id, online_url=event.online_url,
        organisations=[o.slug for o in event.organisations],
        topics=[t.slug for t in event.topics],
        series=event.series.slug if event.series else None,
        speakers=[p.id for p in event.speakers], capacity=event.capacity,
    )  # fmt: skip


def test_every_benchmark_event_passes_the_apps_own_checks(app):
    populate(EVENTS, now=clock.now())
    try:
        events = db.session.scalars(
            select(Event).options(
                selectinload(Event.site),
                selectinload(Event.organisations),
                selectinload(Event.topics),
                selectinload(Event.series),
                selectinload(Event.speakers),
            )  # fmt: skip
        ).all()
        assert len(events) == EVENTS
        refused = {e.id: errors for e in events if (errors := input_errors(as_input(e)))}
        assert refused == {}
        assert {e.venue_id is None for e in events} == {True, False}  # both kinds are there
    finally:
        ids = db.session.scalars(select(Event.id)).all()
        db.session.rollback()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
            index_events(conn, ids)  # the search documents of events now gone
