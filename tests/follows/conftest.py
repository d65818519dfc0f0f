"""A follower, what they follow, a real SMTP server, and the mail it received."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from mail.conftest import app_smtp
from support import log_in_as

from eventapp.extensions import clock, db
from eventapp.reference.models import Series, Topic


@pytest.fixture
def smtp(app):
    """A real SMTP server the app delivers to; yields what it accepted."""
    with app_smtp(app) as handler:
        yield handler


@pytest.fixture
def deliver(runner):
    """Run `send-mail` on what is committed; returns its output."""

    def run() -> str:
        db.session.commit()  # end the test's read transaction: the command sees the mail
        result = runner.invoke(args=["send-mail"])
        assert result.exit_code == 0, result.output
        return result.output

    return run


@pytest.fixture
def world(app, sites, make_user, make_event):
    """Zoé (who reads French) and what an event can belong to: a topic and a series."""
    zoe = make_user("zoe@example.org", name="Zoé")
    zoe.language = "fr"
    topic = Topic(slug="ethics", name_fr="Éthique", name_en="Ethics")
    series = Series(slug="ai-seminar", title_fr="Séminaire IA", title_en="AI seminar")
    db.session.add_all([topic, series])
    db.session.commit()

    def draft(**fields):
        """A draft on the topic and in the series, a week ahead."""
        start = (clock.now() + timedelta(days=7)).replace(tzinfo=None, hour=14, minute=0)
        event = make_event(status="draft", series=series, start=start, **fields)
        event.topics = [topic]
        db.session.commit()
        return event

    return SimpleNamespace(zoe=zoe, topic=topic, series=series, draft=draft)


@pytest.fixture
def follow(client, world):
    """Zoé, signed in, presses "Follow" on a page; returns the response."""
    log_in_as(client, world.zoe)

    def press(page: str, endpoint: str = "/fr/account/follows"):
        html = client.get(page).text
        form = re.search(rf'<form method="post" action="{endpoint}">(.*?)</form>', html, re.S)
        assert form, f"no follow button on {page}"
        fields = dict(re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', form.group(1)))
        return client.post(endpoint, data=fields)

    return press
