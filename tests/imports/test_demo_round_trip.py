"""A round trip through `make run`'s demo: the demo loaded by `seed-demo`, one of its
organisations (AI@Cam) subscribes through the API to a feed served by this test, and
`sync-sources` brings its events to the public list, the organisation's page and its feed."""

from __future__ import annotations

import icalendar
import pytest
from sqlalchemy import select

from eventapp.events.models import Event
from eventapp.extensions import db

TITLES = ("Diffusion models for protein design", "Causal representation learning")


@pytest.fixture
def demo(app, runner):
    """The demo as `make run` loads it, and an organiser of AI@Cam with an API token."""
    seeded = runner.invoke(args=["seed-demo", "--if-empty"])
    assert seeded.exit_code == 0, seeded.output
    made = runner.invoke(
        args=["create-user", "cam@example.org", "--role", "organiser", "--organisation",
              "ai-at-cam"],
        input="a-long-enough-password\n",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    token = runner.invoke(args=["create-token", "cam@example.org"])
    assert token.exit_code == 0, token.output
    # The feed is on this machine, over plain http: what production refuses.
    app.config.update(IMPORTS_ALLOW_HTTP_LOCALHOST=True, IMPORTS_ALLOW_PRIVATE=True)
    return {"Authorization": f"Bearer {token.output.strip()}"}


def test_a_demo_organisation_imports_a_feed_and_its_events_are_public(
    client, runner, demo, feed_server
):
    url = feed_server.serve("/talks.ics", "talks_cam.ics")
    body = {"name": "Cambridge ML talks", "url": url, "organisation": "ai-at-cam",
            "site": "cambridge", "language": "en"}  # fmt: skip
    created = client.post("/api/v1/sources", json=body, headers=demo)
    assert created.status_code == 201, created.json
    before = db.session.scalar(select(db.func.count(Event.id)))

    synced = runner.invoke(args=["sync-sources"])

    assert synced.exit_code == 0, synced.output
    assert "Cambridge ML talks): ok, HTTP 200" in synced.output and "3 created" in synced.output
    db.session.expire_all()
    assert db.session.scalar(select(db.func.count(Event.id))) == before + 3
    for title in TITLES:
        listed = client.get("/en/events/", query_string={"q": title}).get_data(as_text=True)
        assert title in listed, title
    page = client.get("/en/organisations/ai-at-cam").get_data(as_text=True)
    assert TITLES[0] in page
    feed = client.get("/feeds/en/events.ics", query_string={"organisation": "ai-at-cam"})
    assert feed.status_code == 200
    calendar = icalendar.Calendar.from_ical(feed.data)
    imported = {
        str(e["SUMMARY"]): e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) in TITLES
    }
    assert set(imported) == set(TITLES)
    # Our own UID, never the source's.
    assert all(str(e["UID"]).startswith("event-") for e in imported.values())
    api = client.get("/api/v1/events", query_string={"q": TITLES[0]}).json["items"]
    assert api[0]["source"]["uid"] == "talk-220001@talks.cam.ac.uk"
    assert api[0]["organisations"] == ["ai-at-cam"]

    # A second run finds nothing due: the demo's worker would not fetch again before the hour.
    again = runner.invoke(args=["sync-sources"])
    assert again.exit_code == 0 and "No source is due." in again.output
