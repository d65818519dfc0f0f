"""Syncing a source: events appear, follow every change, and are cancelled when withdrawn."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from eventapp.events import signals
from eventapp.events.history import EventChange
from eventapp.events.models import Event
from eventapp.extensions import clock, db
from eventapp.feeds.tracking import feed_version
from eventapp.imports.models import Source
from eventapp.mail.models import OutboxMessage
from eventapp.reference.models import Series
from eventapp.registrations.services import Attendee, register

# A feed that lists none of the fixtures' events, but one other.
ONLY_ANOTHER = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:another@example.org\r\n"
    b"SUMMARY:Another\r\nDTSTART:20270601T100000Z\r\nDTEND:20270601T110000Z\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)
EMPTY = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def outbox(to: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == to)))


def events_of(source: Source) -> list[Event]:
    query = select(Event).where(Event.source_id == source.id).order_by(Event.start_at)
    return list(db.session.scalars(query))


def test_a_talks_cam_list_becomes_published_events_with_their_source(
    feed_server, make_source, sync, venue, topic
):
    source = make_source(feed_server.serve("/talks.ics", "talks_cam.ics"), topics=[topic])
    report = sync(source)
    assert (report.status, report.http_status, report.created, report.skipped) == (
        "ok", 200, 3, []
    )  # fmt: skip
    first, second, online = events_of(source)
    assert first.status == "published" and first.title_en == "Diffusion models for protein design"
    assert first.title_fr is None  # the other language shows the marked fallback
    assert first.start_at == datetime(2027, 1, 12, 14, tzinfo=UTC)
    assert first.end_at == datetime(2027, 1, 12, 15, tzinfo=UTC)
    assert first.venue == venue  # LOCATION names a venue of the site
    assert first.description_en.startswith("Speaker: Dr Ada Example")
    assert first.organisations == [source.organisation] and first.topics == [topic]
    assert first.source_uid == "talk-220001@talks.cam.ac.uk"
    assert first.source_url == "https://talks.cam.ac.uk/talk/index/220001"
    # No venue matches: the place is the description's first line.
    assert second.venue is None
    assert second.description_en.startswith("Where: Room FW26, William Gates Building\n\n")
    assert online.online_url == "https://zoom.us/j/123456789?pwd=abc"
    assert "Where:" not in (online.description_en or "")
    assert source.last_status == "ok" and source.failures == 0
    assert source.last_report["created"] == 3


def test_a_second_sync_of_an_unchanged_feed_writes_nothing(feed_server, make_source, sync):
    # No ETag: the server sends the whole feed again, and the sync finds nothing changed.
    source = make_source(feed_server.serve("/talks.ics", "talks_cam.ics", etag=False))
    sync(source)
    before = [(e.id, e.updated_at, e.sequence) for e in events_of(source)]
    version = feed_version(db.session.connection())
    history = db.session.scalar(select(db.func.count(EventChange.id)))
    # The same bytes again: not even read.
    assert (sync(source).status, sync(source).http_status) == ("not-modified", 200)
    clock.advance(timedelta(days=2))  # read again once a day: the window moves on
    report = sync(source)
    assert (report.status, report.unchanged, report.updated, report.created) == ("ok", 3, 0, 0)
    assert [(e.id, e.updated_at, e.sequence) for e in events_of(source)] == before
    assert feed_version(db.session.connection()) == version
    assert db.session.scalar(select(db.func.count(EventChange.id))) == history


def test_the_etag_makes_the_second_request_conditional(feed_server, make_source, sync):
    source = make_source(feed_server.serve("/talks.ics", "talks_cam.ics"))
    sync(source)
    version = feed_version(db.session.connection())
    report = sync(source)
    assert (report.status, report.http_status) == ("not-modified", 304)
    assert feed_version(db.session.connection()) == version
    assert feed_server.requests[-1][1].get("If-None-Match") == source.etag


def test_a_moved_event_gets_a_higher_sequence_and_its_registrants_are_told(
    feed_server, make_source, sync
):
    source = make_source(feed_server.serve("/talks.ics", "talks_cam.ics"))
    sync(source)
    event = events_of(source)[0]
    sequence = event.sequence
    moved_feed = feed_server.routes["/talks.ics"].body.replace(
        b"DTSTART:20270112T140000Z\r\nDTEND:20270112T150000Z",
        b"DTSTART:20270113T100000Z\r\nDTEND:20270113T110000Z",
    )
    feed_server.serve("/talks.ics", moved_feed)
    told = []
    with signals.event_moved.connected_to(lambda e, **kw: told.append((e.id, kw["changes"]))):
        report = sync(source)
    assert (report.updated, report.unchanged) == (1, 2)
    event = db.session.get(Event, event.id)
    assert event.start_at == datetime(2027, 1, 13, 10, tzinfo=UTC)
    assert event.sequence > sequence
    assert told == [(event.id, ["end_at", "start_at"])]


def test_a_withdrawn_event_is_cancelled_and_comes_back_when_it_reappears(
    feed_server, make_source, sync
):
    source = make_source(feed_server.serve("/talks.ics", "talks_cam.ics"))
    sync(source)
    full = feed_server.routes["/talks.ics"].body
    start = full.index(b"BEGIN:VEVENT\r\nUID:talk-220002")
    end = full.index(b"END:VEVENT\r\n", start) + len(b"END:VEVENT\r\n")
    feed_server.serve("/talks.ics", full[:start] + full[end:])
    told = []
    with signals.event_cancelled.connected_to(lambda e, **kw: told.append(e.id)):
        report = sync(source)
    withdrawn = [e for e in events_of(source) if e.source_uid == "talk-220002@talks.cam.ac.uk"]
    assert report.cancelled == 1 and withdrawn[0].status == "cancelled"
    assert told == [withdrawn[0].id]  # its registrants get the usual mails
    sequence = withdrawn[0].sequence

    feed_server.serve("/talks.ics", full)
    report = sync(source)
    back = db.session.get(Event, withdrawn[0].id)  # the same event, never deleted
    assert report.updated == 1 and back.status == "published"
    assert back.sequence > sequence


def test_past_events_gone_from_the_feed_stay_as_they_were(feed_server, make_source, sync, app):
    source = make_source(feed_server.serve("/talks.ics", "talks_cam.ics"))
    sync(source)
    clock.set(datetime(2027, 1, 20, tzinfo=UTC))  # the first two talks are past now
    feed_server.serve("/talks.ics", ONLY_ANOTHER)
    report = sync(source)
    assert report.cancelled == 1
    assert [e.status for e in events_of(source)][:3] == ["published", "published", "cancelled"]


def test_a_feed_emptied_at_once_cancels_nothing_and_says_so(feed_server, make_source, sync):
    source = make_source(feed_server.serve("/talks.ics", "talks_cam.ics"))
    sync(source)
    feed_server.serve("/talks.ics", EMPTY)
    report = sync(source)
    assert report.status == "failed" and "no event at all" in report.errors[0]
    assert {e.status for e in events_of(source)} == {"published"}


def test_what_organisers_added_is_never_overwritten(feed_server, make_source, sync, topic):
    source = make_source(feed_server.serve("/talks.ics", "talks_cam.ics"))
    sync(source)
    event = events_of(source)[0]
    event.capacity, event.title_fr, event.topics = 40, "Modèles de diffusion", [topic]
    db.session.commit()
    changed = feed_server.routes["/talks.ics"].body.replace(
        b"SUMMARY:Diffusion models for protein design", b"SUMMARY:Diffusion models (updated)"
    )
    feed_server.serve("/talks.ics", changed)
    report = sync(source)
    event = db.session.get(Event, event.id)
    assert report.updated == 1 and event.title_en == "Diffusion models (updated)"
    assert (event.capacity, event.title_fr, event.topics) == (40, "Modèles de diffusion", [topic])


def test_a_failing_feed_keeps_the_events_and_says_why(feed_server, make_source, sync, app):
    source = make_source(feed_server.serve("/talks.ics", "talks_cam.ics"))
    sync(source)
    before = [(e.id, e.status, e.updated_at) for e in events_of(source)]
    feed_server.serve("/talks.ics", "truncated.ics", etag=False)
    report = sync(source)
    assert report.status == "failed" and "cut short" in report.errors[0]
    assert [(e.id, e.status, e.updated_at) for e in events_of(source)] == before
    assert source.failures == 1 and "cut short" in source.last_error
    first_retry = source.next_sync_at - source.last_sync_at
    sync(source)
    assert source.failures == 2
    assert source.next_sync_at - source.last_sync_at == 2 * first_retry  # backing off


def test_a_source_that_waits_for_an_organiser_makes_drafts(feed_server, make_source, sync):
    source = make_source(feed_server.serve("/g.ics", "google.ics"), site="oxford", publish=False)
    report = sync(source)
    statuses = {e.status for e in events_of(source)}
    assert statuses == {"draft"}
    # The cancelled occurrence was never seen here: nothing to import.
    assert [reason for _, reason in report.skipped] == [
        "Cancelled in the feed before it was ever imported."
    ]


def test_registration_offered_here_opens_when_imported(feed_server, make_source, sync):
    source = make_source(feed_server.serve("/t.ics", "talks_cam.ics"), registration=True)
    sync(source)
    assert all(e.registration_enabled for e in events_of(source))


def test_a_google_calendar_expands_its_recurrences_exceptions_and_overrides(
    feed_server, make_source, sync
):
    source = make_source(feed_server.serve("/g.ics", "google.ics"), site="oxford")
    report = sync(source)
    assert report.status == "ok" and report.skipped == []
    events = events_of(source)
    weekly = [e for e in events if e.source_uid.startswith("7kq2")]
    # Six Mondays, one excluded by EXDATE; one moved to the evening; one cancelled.
    assert [e.start_at.astimezone(UTC).strftime("%m-%d %H:%M") for e in weekly] == [
        "01-11 16:00", "01-18 16:00", "02-01 18:00", "02-08 16:00", "02-15 16:00",
    ]  # fmt: skip
    assert [e.status for e in weekly] == ["published"] * 3 + ["cancelled", "published"]
    assert weekly[2].title_en == "OxAI weekly seminar (evening edition)"
    assert weekly[2].source_recurrence_id == "20270201T160000Z"
    assert weekly[0].online_url == "https://meet.google.com/abc-defg-hij"
    retreat, poster = [e for e in events if e.all_day]
    assert (retreat.first_day.isoformat(), retreat.last_day.isoformat()) == (
        "2027-03-15", "2027-03-16"
    )  # fmt: skip
    assert retreat.kind == "workshop"
    assert poster.first_day == poster.last_day  # no DTEND: one day

    # A second sync matches each occurrence to its event (the cancelled one stays cancelled).
    report = sync(source)
    assert (report.status, report.created) in {("not-modified", 0), ("ok", 0)}
    assert len(events_of(source)) == len(events)


def test_outlook_windows_zones_html_and_teams(feed_server, make_source, sync):
    source = make_source(
        feed_server.serve("/o.ics", "outlook.ics"), site="paris-saclay", language="fr"
    )
    sync(source)
    seminar, joint, call, open_day = events_of(source)
    assert seminar.start_at == datetime(2027, 2, 16, 13, 30, tzinfo=UTC)  # Romance → Paris
    assert joint.start_at == datetime(2027, 3, 16, 15, tzinfo=UTC)  # GMT Standard → London
    assert call.start_at == datetime(2027, 4, 1, 8, tzinfo=UTC)  # W. Europe → Berlin, summer
    assert call.end_at - call.start_at == timedelta(minutes=90)  # DURATION
    assert open_day.all_day and open_day.first_day.isoformat() == "2027-04-05"
    assert seminar.title_fr == "Séminaire DATAIA : IA de confiance" and seminar.title_en is None
    assert seminar.description_fr.startswith("Lieu : Salle Ada Lovelace\n\nSéminaire **mensuel**")
    assert "onerror" not in seminar.description_fr and "<" not in seminar.description_fr
    assert seminar.online_url.startswith("https://teams.microsoft.com/l/meetup-join/")


def test_indico_html_descriptions_are_sanitised(feed_server, make_source, sync):
    source = make_source(feed_server.serve("/i.ics", "indico.ics"), site="paris-saclay",
                         language="fr")  # fmt: skip
    sync(source)
    frugal, _day = events_of(source)
    text = frugal.description_fr
    assert "**Claire Exemple**" in text and "alert" not in text and "<script" not in text
    assert "[page](https://indico.example.universite-paris-saclay.fr/event/4711/)" in text
    assert frugal.online_url == "https://zoom.us/j/987654321"


def test_a_draft_withdrawn_and_listed_again_waits_for_an_organiser_again(
    feed_server, make_source, sync
):
    source = make_source(feed_server.serve("/t.ics", "talks_cam.ics"), publish=False)
    sync(source)
    feed_server.serve("/t.ics", ONLY_ANOTHER)
    assert sync(source).cancelled == 3
    assert [e.status for e in events_of(source)] == ["cancelled"] * 3 + ["draft"]
    feed_server.serve("/t.ics", "talks_cam.ics")
    report = sync(source)
    assert (report.updated, report.cancelled) == (3, 1)  # and the other one is withdrawn
    assert [e.status for e in events_of(source)] == ["draft"] * 3 + ["cancelled"]


def test_registrants_of_an_imported_event_get_the_usual_mails(
    feed_server, make_source, sync, settings
):
    source = make_source(feed_server.serve("/t.ics", "talks_cam.ics"), registration=True)
    sync(source)
    event = events_of(source)[0]
    register(event, Attendee(email="ada@example.org", name="Ada"), now=clock.now(),
             settings=settings)  # fmt: skip
    db.session.commit()
    mails = len(outbox("ada@example.org"))
    body = feed_server.routes["/t.ics"].body
    moved = body.replace(b"20270112T14", b"20270112T18").replace(b"20270112T15", b"20270112T19")
    feed_server.serve("/t.ics", moved)
    sync(source)
    assert len(outbox("ada@example.org")) == mails + 1  # the new time
    feed_server.serve("/t.ics", moved.replace(b"UID:talk-220001", b"UID:talk-999999"))
    report = sync(source)
    assert report.cancelled == 1 and len(outbox("ada@example.org")) == mails + 2  # cancelled


def test_a_recurring_event_makes_its_series_when_the_source_names_none(
    feed_server, make_source, sync
):
    source = make_source(feed_server.serve("/g.ics", "google.ics"), site="oxford")
    sync(source)
    events = events_of(source)
    weekly = [e for e in events if e.source_uid.startswith("7kq2")]
    series = weekly[0].series
    assert series is not None and series.title_en == "OxAI weekly seminar"
    assert series.slug == "oxai-weekly-seminar" and series.site == source.site
    # The override renamed for one evening is still an occurrence of the same series.
    assert {e.series_id for e in weekly} == {series.id}
    assert all(e.series is None for e in events if not e.source_uid.startswith("7kq2"))
    # Another source at the same site with the same recurring event: the same series.
    again = make_source(feed_server.url("/g.ics"), site="oxford")
    sync(again)
    assert {e.series_id for e in events_of(again) if e.source_uid.startswith("7kq2")} == {series.id}
    assert db.session.scalar(select(func.count(Series.id))) == 1


def test_a_recurring_event_without_summary_takes_the_source_s_name_and_a_free_slug(
    feed_server, make_source, sync
):
    db.session.add(Series(slug="feed-1", title_en="Someone else's"))
    db.session.commit()
    feed = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:weekly@example.org\r\n"
        b"DTSTART:20270105T100000Z\r\nDTEND:20270105T110000Z\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    source = make_source(feed_server.serve("/w.ics", feed))
    assert source.name == "Feed 1"
    sync(source)
    (slug,) = {e.series.slug for e in events_of(source)}
    assert slug == "feed-1-2" and events_of(source)[0].series.title_en == "Feed 1"


def test_a_source_s_own_series_takes_every_event(feed_server, make_source, sync):
    own = Series(slug="oxai", title_en="OxAI")
    source = make_source(feed_server.serve("/g.ics", "google.ics"), site="oxford", series=own)
    sync(source)
    assert {e.series_id for e in events_of(source)} == {own.id}
    assert db.session.scalar(select(func.count(Series.id))) == 1
