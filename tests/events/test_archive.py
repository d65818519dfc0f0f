"""The archive of past events: every list has one, newest first, with the same filters."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation, Series, Topic


def titles(client, url: str) -> list[str]:
    page = client.get(url)
    assert page.status_code == 200, url
    html = page.get_data(as_text=True)
    return [line.split(">")[-1] for line in html.split("</a></h3>")[:-1]]


def days_from_now(days: int):
    """Local wall time in Paris, `days` from the clock's today at 14:00."""
    return (clock.now() + timedelta(days=days)).replace(
        hour=12, minute=0, second=0, microsecond=0, tzinfo=None
    )


@pytest.fixture
def world(make_event, sites):
    """Three past events and one upcoming, in a series, a topic and an organisation."""
    series = Series(slug="ai-talks", title_en="AI talks", title_fr="Exposés IA")
    topic = Topic(slug="ethics", name_en="Ethics", name_fr="Éthique")
    org = Organisation(slug="hec-paris", name_en="HEC Paris", site=sites["paris-saclay"])
    db.session.add_all([series, topic, org])
    made = {}
    for name, days, kind in (
        ("Old", -300, "seminar"),
        ("Older", -400, "workshop"),
        ("Recent", -10, "seminar"),
        ("Soon", 10, "seminar"),
    ):
        event = make_event(title_en=name, title_fr=f"{name} FR", start=days_from_now(days),
                           kind=kind, series=series)  # fmt: skip
        event.topics = [topic]
        event.organisations = [org]
        made[name] = event
    make_event(title_en="Elsewhere", title_fr="Elsewhere", start=days_from_now(-5), site="oxford")
    make_event(title_en="Draft", start=days_from_now(-6), status="draft", series=series)
    db.session.commit()
    return made


LISTS = [
    "/{lang}/events/",
    "/{lang}/series/ai-talks",
    "/{lang}/sites/paris-saclay",
    "/{lang}/topics/ethics",
    "/{lang}/organisations/hec-paris",
]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("path", LISTS)
def test_every_list_has_its_archive_newest_first(client, world, path, lang):
    upcoming = path.format(lang=lang)
    past = upcoming.rstrip("/") + "/past/"
    suffix = "" if lang == "en" else " FR"
    got = [t for t in titles(client, past) if t != "Elsewhere"]
    assert got == [f"Recent{suffix}", f"Old{suffix}", f"Older{suffix}"]
    assert f"Soon{suffix}" in titles(client, upcoming)
    assert f"Recent{suffix}" not in titles(client, upcoming)
    # Each links to the other.
    assert f'href="{past}"' in client.get(upcoming).get_data(as_text=True)
    assert f'href="{upcoming}"' in client.get(past).get_data(as_text=True)


def test_the_archive_keeps_the_filters_and_links_with_them(client, world):
    assert titles(client, "/en/events/past/?type=workshop") == ["Older"]
    assert titles(client, "/en/events/past/?site=oxford") == ["Elsewhere"]
    html = client.get("/en/events/?type=workshop").get_data(as_text=True)
    assert 'href="/en/events/past/?type=workshop"' in html
    html = client.get("/en/topics/ethics/past/?type=workshop").get_data(as_text=True)
    assert 'href="/en/topics/ethics?type=workshop"' in html  # the page's own topic not repeated
    dated = days_from_now(-320).date().isoformat(), days_from_now(-200).date().isoformat()
    assert titles(client, f"/en/events/past/?from={dated[0]}&to={dated[1]}") == ["Old"]


def test_the_archive_says_so_in_both_languages(client, world):
    en = client.get("/en/events/past/").get_data(as_text=True)
    assert "<h1>Past events</h1>" in en and "See upcoming events" in en
    assert "Subscribe" not in en
    fr = client.get("/fr/events/past/").get_data(as_text=True)
    assert "<h1>Événements passés</h1>" in fr and "Voir les prochains événements" in fr
    empty = client.get("/fr/events/past/?type=symposium").get_data(as_text=True)
    assert "Aucun événement passé ne correspond à ces filtres." in empty
    assert "Voir les événements passés" in client.get("/fr/events/").get_data(as_text=True)


def test_archive_pages_past_the_first(app, client, world):
    app.config["EVENTS_PER_PAGE"] = 2
    assert [t for t in titles(client, "/en/series/ai-talks/past/?page=2")] == ["Older"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_unknown_slugs_are_404_in_the_page_language(client, world, lang):
    for path in ("topics/nope", "topics/nope/past/", "organisations/nope/past/", "series/x/past/"):
        page = client.get(f"/{lang}/{path}")
        assert page.status_code == 404
        assert f'lang="{lang}"' in page.get_data(as_text=True)


def test_api_when(client, world):
    def api_titles(query: str) -> list[str]:
        body = client.get(f"/api/v1/events?series=ai-talks{query}").get_json()
        return [e["title"]["en"] for e in body["items"]]

    assert api_titles("") == ["Soon"]
    assert api_titles("&when=upcoming") == ["Soon"]
    assert api_titles("&when=past") == ["Recent", "Old", "Older"]
    assert api_titles("&when=all") == ["Older", "Old", "Recent", "Soon"]
    paged = client.get("/api/v1/events?series=ai-talks&when=past&per_page=1").get_json()
    assert paged["total"] == 3 and "when=past" in paged["next"]
    assert client.get(paged["next"]).get_json()["items"][0]["title"]["en"] == "Old"
    bad = client.get("/api/v1/events?when=yesterday")
    assert bad.status_code == 400 and "when" in bad.get_json()["error"]["fields"]
