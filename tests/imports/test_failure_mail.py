"""After repeated failed syncs, the source's hosts are told by mail, once per run of failures,
in their own language; a good sync ends the run and says so. Delivered to a real SMTP server."""

from __future__ import annotations

import pytest
from mail.conftest import app_smtp
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage


@pytest.fixture
def smtp(app):
    """A real SMTP server the app delivers to; yields what it accepted."""
    with app_smtp(app) as handler:
        yield handler


@pytest.fixture
def failing(feed_server, make_source, make_user):
    """A source whose address gives an HTML page, two organisers of its organisation (one
    reading French), and people who must not hear of it."""
    source = make_source(feed_server.serve("/feed.ics", "html_page.ics"))
    organisation = source.organisation
    make_user("ann@example.org", role="organiser", organisations=[organisation], name="Ann")
    fr = make_user("fred@example.org", role="organiser", organisations=[organisation], name="Fred")
    fr.language = "fr"
    make_user("attendee@example.org", name="Att")
    make_user("other@example.org", role="organiser", organisations=[], name="Other")
    db.session.commit()
    return source


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_the_hosts_hear_once_per_run_of_failures_and_when_it_works_again(
    failing, feed_server, sync, runner, smtp
):
    for _ in range(2):
        assert sync(failing).status == "failed"
    assert outbox() == []  # two failures may be a passing hiccup
    assert sync(failing).status == "failed"
    first = outbox()
    assert sorted(m.recipient for m in first) == ["ann@example.org", "fred@example.org"]
    for _ in range(3):
        sync(failing)
    assert len(outbox()) == 2  # not at every sync of the same run

    feed_server.serve("/feed.ics", "talks_cam.ics")
    assert sync(failing).status == "ok"
    back = outbox()[2:]
    assert sorted(m.recipient for m in back) == ["ann@example.org", "fred@example.org"]

    feed_server.serve("/feed.ics", "html_page.ics")
    for _ in range(2):
        sync(failing)
    assert len(outbox()) == 4  # a new run: its own count of three
    sync(failing)
    assert len(outbox()) == 6

    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    got = [(m["To"], m["Subject"], next(m.iter_parts()).get_content()) for m in smtp.accepted]
    ann = [(subject, body) for to, subject, body in got if to == "ann@example.org"]
    fred = [(subject, body) for to, subject, body in got if to == "fred@example.org"]
    assert [subject for subject, _ in ann] == [
        f"Imported calendar failing: {failing.name}",
        f"Imported calendar working again: {failing.name}",
        f"Imported calendar failing: {failing.name}",
    ]
    assert "could not be synced 3 times in a row" in ann[0][1]
    assert "The address gives an HTML page, not an iCalendar feed." in ann[0][1]
    assert failing.url in ann[0][1]
    assert "https://events.example.org/en/workspace/sources" in ann[0][1]
    assert fred[0][0] == f"Calendrier importé en échec : {failing.name}"
    assert "L’adresse donne une page HTML, pas un flux iCalendar." in fred[0][1]
    assert "https://events.example.org/fr/workspace/sources" in fred[0][1]
    assert fred[1][0] == f"Calendrier importé de nouveau en service : {failing.name}"


def test_a_server_s_own_words_reach_the_hosts_as_it_said_them(
    feed_server, make_source, make_user, sync
):
    source = make_source(feed_server.url("/gone.ics"))  # the server answers 404
    fr = make_user("fred@example.org", role="organiser", organisations=[source.organisation])
    fr.language = "fr"
    db.session.commit()
    for _ in range(3):
        sync(source)
    (mail,) = outbox()
    assert mail.language == "fr" and "The server answered 404 Not Found." in mail.body_text
