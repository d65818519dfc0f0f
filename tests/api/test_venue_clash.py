"""The venue-clash warning names the other event only to those who may see it: another
organisation's draft is secret, so its title never shows (API and workspace share the rule)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from writing_support import make_world, seminar_body

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.reference.models import Organisation

SECRET = "Secret merger talk"
TAKEN = "Another event uses this venue at the same time."
NAMED = f"Another event uses this venue at the same time: {SECRET}."


@pytest.fixture
def world(app, sites):
    return make_world(sites)


@pytest.fixture
def oxford_event(world):
    """Oxford's event in Room A at the time the seminar body asks for (26 March 2027, 14:00
    in Paris): a draft unless made public."""

    def make(status: str) -> Event:
        oxford = db.session.query(Organisation).filter_by(slug="oxford-uni").one()
        event = Event(
            kind="seminar", status=status, language="en", site=world["room"].site,
            venue=world["room"], title_en=SECRET, organisations=[oxford],
            start_at=datetime(2027, 3, 26, 13, 30, tzinfo=UTC),
            end_at=datetime(2027, 3, 26, 15, 0, tzinfo=UTC),
        )  # fmt: skip
        db.session.add(event)
        db.session.commit()
        return event

    return make


def warnings_for(client, world, who: str, lang: str = "en") -> list[str]:
    response = client.post(
        "/api/v1/events", json=seminar_body(world),
        headers={**world["headers"][who], "Accept-Language": lang},
    )  # fmt: skip
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["warnings"]


def test_another_organisation_s_draft_is_said_taken_but_never_named(client, world, oxford_event):
    oxford_event("draft")
    assert warnings_for(client, world, "organiser") == [TAKEN]


def test_the_warning_is_in_the_request_s_language(client, world, oxford_event):
    oxford_event("draft")
    french = warnings_for(client, world, "organiser", "fr")
    assert french == ["Un autre événement occupe ce lieu au même moment."]


def test_the_title_shows_to_those_who_may_see_the_event(client, world, oxford_event):
    oxford_event("draft")
    assert warnings_for(client, world, "admin") == [NAMED]


def test_a_published_event_is_named_to_everyone(client, world, oxford_event):
    oxford_event("published")
    assert warnings_for(client, world, "organiser") == [NAMED]
