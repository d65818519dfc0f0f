"""Lists kept like feeds (issue 15): built once per data version, never late, never another
reader's. Each change is made by this process and read by a second app process, which keeps its
own pages, as a second gunicorn worker would."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import event as sa_event
from support import log_in_as

from eventapp.events import queries
from eventapp.events.services import cancel_event, move_event, publish_event
from eventapp.extensions import clock, db
from eventapp.settings import current_settings

LIST = "/en/events/"


def text(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_anonymous_list_answers_304_until_the_data_changes(client, make_event):
    make_event(title_en="First seminar")
    first = client.get(LIST)
    etag = first.headers["ETag"]
    assert not etag.startswith("W/") and "First seminar" in text(first)
    again = client.get(LIST, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag
    make_event(title_en="Second seminar")
    changed = client.get(LIST, headers={"If-None-Match": etag})
    assert "Second seminar" in text(changed) and changed.headers["ETag"] != etag


def test_every_kind_of_change_shows_at_once_in_another_process(client, second, make_event):
    now = clock.now()
    draft = make_event(title_en="Drafted talk", status="draft")
    moving = make_event(title_en="Moving talk")
    calling_off = make_event(title_en="Doomed talk", topics=1)
    topic = calling_off.topics[0]
    before = text(second.get(LIST))
    assert "Drafted talk" not in before and "Moving talk" in before

    publish_event(draft, now=now, settings=current_settings())
    db.session.commit()
    assert "Drafted talk" in text(second.get(LIST))

    day = (moving.start_at + timedelta(days=400)).astimezone(moving.site.zone)
    move_event(moving, start_at=moving.start_at + timedelta(days=400),
               end_at=moving.end_at + timedelta(days=400), now=now,
               settings=current_settings())  # fmt: skip
    db.session.commit()
    assert f"{day:%Y}" in text(second.get(LIST)).split("Moving talk")[1][:400]

    cancel_event(calling_off, now=now, settings=current_settings(), reason_en="Ill")
    db.session.commit()
    after = text(second.get(LIST))
    assert "Doomed talk" not in after  # the list shows published events only

    topic.name_en = "Renamed topic"
    db.session.commit()
    assert "Renamed topic" in text(second.get(LIST))  # the filter's choices


def test_an_event_leaves_the_upcoming_list_when_it_ends(client, make_event):
    start = (clock.now() + timedelta(hours=1)).astimezone(ZoneInfo("Europe/Paris"))
    make_event(title_en="Ending soon", start=start.replace(tzinfo=None, second=0, microsecond=0))
    assert "Ending soon" in text(client.get(LIST))
    assert "Ending soon" not in text(client.get("/en/events/past/"))
    clock.advance(timedelta(hours=4))  # no write: only the clock moved
    assert "Ending soon" not in text(client.get(LIST))
    assert "Ending soon" in text(client.get("/en/events/past/"))


def test_the_next_end_is_the_first_end_of_a_published_or_cancelled_event(app, make_event):
    paris = ZoneInfo("Europe/Paris")

    def starting_in(hours: int):
        start = (clock.now() + timedelta(hours=hours)).astimezone(paris)
        return start.replace(tzinfo=None, second=0, microsecond=0)

    make_event(title_en="Draft", status="draft", start=starting_in(1))
    cancelled = make_event(title_en="Called off", status="cancelled", start=starting_in(2))
    published = make_event(title_en="Going ahead", start=starting_in(3))
    assert queries.next_end(clock.now()) == cancelled.end_at  # the draft is nobody's to see
    assert queries.next_end(cancelled.end_at + timedelta(minutes=1)) == published.end_at
    assert queries.next_end(published.end_at + timedelta(minutes=1)) is None


def test_a_signed_in_reader_never_sees_anothers_page(client, app, make_event, make_user):
    make_event(title_en="Shared seminar")
    anonymous = text(client.get(LIST))  # kept for anonymous readers
    ada = make_user("ada@example.org", name="Ada Lovelace")
    log_in_as(client, ada)
    mine = text(client.get(LIST))
    assert "Ada Lovelace" in mine and "csrf_token" in mine  # her name, her log-out form
    assert "Shared seminar" in mine
    theirs = text(app.test_client().get(LIST))
    assert "Ada Lovelace" not in theirs and "csrf_token" not in theirs
    assert theirs == anonymous
    bob = make_user("bob@example.org", name="Bob Builder")
    log_in_as(client, bob)
    his = text(client.get(LIST))
    assert "Bob Builder" in his and "Ada Lovelace" not in his


def test_a_message_waiting_is_shown_and_never_kept(client, app, make_event):
    make_event()
    text(client.get(LIST))
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "Something only you should read")]
    assert "Something only you should read" in text(client.get(LIST))
    assert "Something only you should read" not in text(client.get(LIST))
    assert "Something only you should read" not in text(app.test_client().get(LIST))


@contextmanager
def counting():
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", record)


def test_a_kept_page_runs_no_list_query(client, make_event):
    for _ in range(5):
        make_event(organisations=2, topics=2, speakers=2)
    text(client.get(LIST))
    with counting() as seen:
        text(client.get(LIST))
    assert not [s for s in seen if "FROM events" in s and "LIMIT" in s], seen
    assert len(seen) <= 3, seen  # the data version and the next end (a session read, maybe)


def test_a_followers_page_is_theirs_alone(client, app, make_event, make_user):
    """A series page kept for anonymous readers never shows a signed-in reader's follow box."""
    from eventapp.reference.models import Series

    db.session.add(Series(slug="kept-series", title_en="Kept series"))
    db.session.commit()
    url = "/en/series/kept-series"
    stranger = app.test_client()
    assert "Log in to follow by mail" in text(stranger.get(url))
    log_in_as(client, make_user("ada@example.org", name="Ada Lovelace"))
    mine = text(client.get(url))
    assert "Log in to follow by mail" not in mine and 'name="kind" value="series"' in mine
    theirs = text(stranger.get(url))
    assert "Log in to follow by mail" in theirs and "Ada Lovelace" not in theirs
