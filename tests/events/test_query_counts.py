"""Pages issue a fixed number of SQL statements, whatever the size of what they show."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from eventapp.extensions import clock, db


@contextmanager
def counting(app):
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def statements_for(app, client, url: str) -> int:
    """What building the page costs: kept pages (pagecache) are forgotten first."""
    app.extensions.pop("eventapp.page_memo", None)
    with counting(app) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def rich(make_event, n: int, sessions: int = 5) -> list:
    return [make_event(organisations=3, topics=3, speakers=3, sessions=sessions) for _ in range(n)]


def test_list_page_of_50_events_costs_what_a_page_of_5_costs(app, client, make_event):
    app.config["EVENTS_PER_PAGE"] = 50
    rich(make_event, 5)
    small = statements_for(app, client, "/en/events/")
    rich(make_event, 45)
    large = statements_for(app, client, "/en/events/")
    assert client.get("/en/events/").get_data(as_text=True).count('class="event-card') == 50
    assert large == small


def test_event_page_with_30_sessions_costs_what_one_with_1_costs(app, client, make_event):
    one = make_event(organisations=3, topics=3, speakers=3, sessions=1)
    thirty = make_event(organisations=3, topics=3, speakers=3, sessions=30)
    few = statements_for(app, client, f"/en/events/{one.id}")
    many = statements_for(app, client, f"/en/events/{thirty.id}")
    assert many == few


def test_api_list_does_not_grow_with_the_page(app, client, make_event):
    rich(make_event, 3)
    small = statements_for(app, client, "/api/v1/events")
    rich(make_event, 20)
    assert statements_for(app, client, "/api/v1/events") == small


def test_archive_page_of_50_costs_what_a_page_of_5_costs(app, client, make_event):
    app.config["EVENTS_PER_PAGE"] = 50

    def past(n: int) -> None:
        for i in range(n):
            start = (clock.now() - timedelta(days=3 + i)).replace(tzinfo=None, microsecond=0)
            make_event(organisations=3, topics=3, speakers=3, sessions=5, start=start)

    past(5)
    small = statements_for(app, client, "/en/events/past/")
    past(45)
    assert client.get("/en/events/past/").get_data(as_text=True).count('class="event-card') == 50
    assert statements_for(app, client, "/en/events/past/") == small


def test_speaker_page_does_not_grow_with_their_talks(app, client, make_event):
    first = make_event(organisations=2, topics=2, speakers=1)
    person = first.speakers[0]
    start = (clock.now() - timedelta(days=30)).replace(tzinfo=None, microsecond=0)
    make_event(organisations=2, topics=2, start=start).speakers = [person]
    db.session.commit()
    few = statements_for(app, client, f"/en/speakers/{person.id}")
    api_few = statements_for(app, client, f"/api/v1/people/{person.id}")
    for i in range(10):
        make_event(organisations=2, topics=2).speakers = [person]
        earlier = start - timedelta(days=i + 1)
        make_event(organisations=2, topics=2, start=earlier).speakers = [person]
    db.session.commit()
    assert statements_for(app, client, f"/en/speakers/{person.id}") == few
    assert statements_for(app, client, f"/api/v1/people/{person.id}") == api_few
