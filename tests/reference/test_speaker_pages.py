"""A page per speaker (name, affiliation, upcoming and past talks) and their events in the API."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eventapp.events.models import EventSession
from eventapp.extensions import clock, db
from eventapp.reference.models import Person


def local(days: int):
    return (clock.now() + timedelta(days=days)).replace(
        hour=12, minute=0, second=0, microsecond=0, tzinfo=None
    )


def titles(html: str) -> list[str]:
    return [line.split(">")[-1] for line in html.split("</a></h3>")[:-1]]


@pytest.fixture
def ada(make_event):
    """Ada speaks at two upcoming events (one in a session only) and at four past ones."""
    person = Person(name="Ada Whitcombe", affiliation="University of Oxford")
    talks = {}
    for name, days, kind in (("Next", 20, "seminar"), ("Later", 40, "workshop"),
                             ("P1", -10, "seminar"), ("P2", -20, "seminar"),
                             ("P3", -30, "seminar"), ("P4", -400, "workshop")):  # fmt: skip
        event = make_event(title_en=name, title_fr=f"{name} fr", start=local(days), kind=kind)
        talks[name] = event
    for name in ("Next", "P1", "P2", "P3", "P4"):
        talks[name].speakers = [person]
    start = talks["Later"].start_at
    talks["Later"].sessions = [EventSession(title_en="Keynote", start_at=start,
                                            end_at=start + timedelta(hours=1),
                                            speakers=[person])]  # fmt: skip
    make_event(title_en="Not hers", start=local(5), speakers=1)
    make_event(title_en="Draft", start=local(6), status="draft").speakers = [person]
    db.session.commit()
    return person


@pytest.mark.parametrize(("lang", "suffix", "upcoming", "recent"), [
    ("en", "", "Upcoming talks", "Recent talks"),
    ("fr", " fr", "Prochaines interventions", "Interventions récentes"),
])  # fmt: skip
def test_speaker_page(client, ada, lang, suffix, upcoming, recent):
    html = client.get(f"/{lang}/speakers/{ada.id}").get_data(as_text=True)
    assert "<h1>Ada Whitcombe</h1>" in html and "University of Oxford" in html
    assert upcoming in html and recent in html
    upcoming_part, recent_part = html.split(recent)
    assert titles(upcoming_part) == [f"Next{suffix}", f"Later{suffix}"]
    assert titles(recent_part) == [f"P1{suffix}", f"P2{suffix}", f"P3{suffix}"]  # newest first
    assert f'href="/{lang}/speakers/{ada.id}/past/"' in recent_part  # the four past ones
    assert "Not hers" not in html and "Draft" not in html


def test_speaker_archive_newest_first_with_filters(client, ada):
    html = client.get(f"/en/speakers/{ada.id}/past/").get_data(as_text=True)
    assert "Past talks" in html and "Recent talks" not in html
    assert titles(html) == ["P1", "P2", "P3", "P4"]
    html = client.get(f"/fr/speakers/{ada.id}/past/?type=workshop").get_data(as_text=True)
    assert titles(html) == ["P4 fr"]
    assert f'href="/fr/speakers/{ada.id}?type=workshop"' in html


def test_event_page_links_its_speakers(client, ada, make_event):
    later = db.session.scalar(db.select(EventSession).where(EventSession.title_en == "Keynote"))
    for lang in ("en", "fr"):
        html = client.get(f"/{lang}/events/{later.event_id}").get_data(as_text=True)
        assert f'href="/{lang}/speakers/{ada.id}"' in html  # from the timetable
    talk = make_event(title_en="Talk", start=local(3))
    talk.speakers = [ada]
    db.session.commit()
    html = client.get(f"/en/events/{talk.id}").get_data(as_text=True)
    assert f'href="/en/speakers/{ada.id}">Ada Whitcombe</a>' in html


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_unknown_speaker_is_404_in_the_page_language(client, ada, lang):
    for path in (f"/{lang}/speakers/999999", f"/{lang}/speakers/999999/past/"):
        page = client.get(path)
        assert page.status_code == 404
        assert f'<html lang="{lang}"' in page.get_data(as_text=True)


def test_api_person_has_their_events(client, ada):
    body = client.get(f"/api/v1/people/{ada.id}").get_json()
    assert (body["name"], body["affiliation"]) == ("Ada Whitcombe", "University of Oxford")
    assert [e["title"]["en"] for e in body["events"]] == ["P4", "P3", "P2", "P1", "Next", "Later"]
    first = body["events"][0]
    assert set(first) == {"id", "kind", "status", "site", "start", "end", "title", "url"}
    assert first["url"]["fr"].endswith(f"/fr/events/{first['id']}-p4-fr")
    listed = client.get("/api/v1/people").get_json()["items"]
    assert all("events" not in p for p in listed)  # the list stays lean
    assert client.get("/api/v1/people/999999").status_code == 404
