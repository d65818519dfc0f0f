"""The dashboard's sections and the history page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event as sa_event

from eventapp.events.history import record
from eventapp.extensions import clock, db


def section(html: str, name: str) -> str:
    pattern = rf'<section class="ws-section" aria-labelledby="section-{name}">(.*?)</section>'
    found = re.search(pattern, html, re.S)
    return found.group(1)


def test_the_dashboard_sorts_my_events_into_sections(client, login, hosted, world):
    now = clock.now().replace(tzinfo=None)
    hosted(status="draft", title_en="My draft")
    hosted(title_en="Coming soon", start=now + timedelta(days=3), capacity=30)
    hosted(title_en="Long ago", start=now - timedelta(days=30))
    hosted(status="cancelled", title_en="Called off")
    hosted(title_en="Not mine", organisations=[world.oxford])
    login("organiser")
    html = client.get("/en/workspace/").get_data(as_text=True)
    assert "My draft" in section(html, "drafts")
    upcoming = section(html, "upcoming")
    assert "Coming soon" in upcoming and "30 places" in upcoming and "Paris time" in upcoming
    assert "Long ago" in section(html, "past") and "Coming soon" not in section(html, "past")
    assert "Called off" in section(html, "cancelled")
    assert "Not mine" not in html
    login("admin")
    assert "Not mine" in client.get("/en/workspace/").get_data(as_text=True)


def test_the_dashboard_is_in_french_on_french_pages(client, login, hosted):
    hosted(status="draft")
    login("organiser")
    html = client.get("/fr/workspace/").get_data(as_text=True)
    assert "Brouillons" in html and "Espace organisateur" in html


def test_the_dashboard_takes_as_many_queries_for_many_events_as_for_few(client, login, hosted):
    login("admin")

    def queries() -> int:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        sa_event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/en/workspace/").status_code == 200
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    for status in ("draft", "published", "cancelled"):
        hosted(status=status)
    hosted(start=datetime(2020, 1, 1, 10, 0))
    few = queries()
    for i in range(12):
        hosted(
            status=("draft", "published", "cancelled")[i % 3],
            start=datetime(2020 + i % 2 * 7, 2, 1, 10, 0),
        )
    assert queries() == few


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_history_says_who_changed_what_and_when(client, login, submit, hosted, world, lang):
    event = hosted(status="draft")
    record(event.id, None, "created", {}, now=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    db.session.commit()
    login("organiser")
    submit(f"/en/workspace/events/{event.id}/edit", {
        "title_en": "Renamed", "title_fr": "Séminaire accueilli", "kind": "seminar",
        "language": "both", "site": "paris-saclay", "venue": str(world.room.id),
        "organisations": ["hec-paris"], "start": "2027-03-26T15:00", "end": "2027-03-26T17:00",
    })  # fmt: skip
    submit(
        f"/en/workspace/events/{event.id}/publish", {}, page=f"/en/workspace/events/{event.id}/edit"
    )
    html = client.get(f"/{lang}/workspace/events/{event.id}/history").get_data(as_text=True)
    if lang == "en":
        assert "the platform" in html and "Ana" in html
        assert "Edited" in html and "Published" in html
        assert re.search(r"Title in English: <span[^>]*>Hosted seminar</span> → "
                         r"<span[^>]*>Renamed</span>", html)  # fmt: skip
        assert "Fri 26 Mar 2027, 14:00" in html and "Fri 26 Mar 2027, 15:00" in html
        assert 'Status: <span class="ws-old">Draft</span>' in html
        assert "UTC" in html
    else:
        assert "la plateforme" in html and "Modifié" in html and "Titre en anglais" in html
