"""Search: every text a reader may type finds its event, blind to case and accents, ranked by
title, through the pages, the archive and the API alike, and kept current when names change."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from eventapp.events import hosts, queries
from eventapp.events.filters import EventFilters
from eventapp.events.models import Event, EventSession, event_organisations
from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation, Person, Series, Topic
from eventapp.text import fold

LINK = re.compile(r'href="/(?:en|fr)/events/(\d+)[-"]')


def found_ids(client, url: str) -> list[int]:
    """The ids of the events a list shows, every page of it, in the order shown."""
    ids: list[int] = []
    for page in range(1, 100):
        response = client.get(f"{url}&page={page}")
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        on_page = [int(i) for i in dict.fromkeys(LINK.findall(html.split("<main", 1)[-1]))]
        ids += [i for i in on_page if i not in ids]
        if f"page={page + 1}" not in html:
            return ids
    raise AssertionError("too many pages")


def titles(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    return [line.split(">")[-1] for line in html.split("</a></h3>")[:-1]]


def searched(q: str) -> set[int]:
    """What the lists' search finds among published and cancelled events, past or upcoming."""
    page = queries.list_events(
        EventFilters(q=q), now=clock.now(), per_page=10_000, statuses=queries.VISIBLE, when="all"
    )
    return {event.id for event in page.items}


def days_ahead(days: int):
    return (clock.now() + timedelta(days=days)).replace(
        hour=12, minute=0, second=0, microsecond=0, tzinfo=None
    )


# -- The demo: each event by one word of each text it is searched by ---------------------------


def searchable_texts(event: Event) -> dict[str, str | None]:
    """Each field the issue names, by name, as the event shows it."""
    texts: dict[str, str | None] = {}
    for lang in ("fr", "en"):
        for name in ("title", "summary", "description"):
            texts[f"{name}_{lang}"] = getattr(event, f"{name}_{lang}")
        texts[f"venue_{lang}"] = event.venue and getattr(event.venue, f"name_{lang}")
        texts[f"series_{lang}"] = event.series and getattr(event.series, f"title_{lang}")
        for i, topic in enumerate(event.topics):
            texts[f"topic{i}_{lang}"] = getattr(topic, f"name_{lang}")
        for i, org in enumerate(event.organisations):
            texts[f"organisation{i}_{lang}"] = getattr(org, f"name_{lang}")
        for i, session in enumerate(event.sessions):
            texts[f"session{i}_{lang}"] = getattr(session, f"title_{lang}")
    people = [*event.speakers, *(p for s in event.sessions for p in s.speakers)]
    for i, person in enumerate(people):
        texts[f"speaker{i}"] = person.name
        texts[f"affiliation{i}"] = person.affiliation
    return texts


def one_word(text: str) -> str | None:
    """The longest word of a text (the most telling), accents as written."""
    candidates = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 3]
    return max(candidates, key=len) if candidates else None


def test_every_demo_event_is_found_by_a_word_of_each_searched_text(runner, app):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    events = db.session.scalars(
        select(Event)
        .where(Event.status.in_(queries.VISIBLE))
        .options(
            selectinload(Event.speakers),
            selectinload(Event.sessions).selectinload(EventSession.speakers),
            selectinload(Event.topics),
            selectinload(Event.organisations),
        )
    ).all()
    assert len(events) >= 40
    cache: dict[str, set[int]] = {}
    missed, fields_seen, accented = [], set(), 0
    for event in events:
        for field, text in searchable_texts(event).items():
            word = one_word(text or "")
            if word is None:
                continue
            fields_seen.add(re.sub(r"\d+", "", field))
            variants = {word, fold(word), word.upper()}
            accented += word != fold(word)
            for variant in variants:
                if event.id not in cache.setdefault(variant, searched(variant)):
                    missed.append((event.id, field, variant))
    assert missed == []
    # The demo does exercise every kind of text, in both languages, and accented words.
    for name in ("title", "summary", "description", "venue", "series", "topic",
                 "organisation", "session"):  # fmt: skip
        assert {f"{name}_fr", f"{name}_en"} <= fields_seen, name
    assert {"speaker", "affiliation"} <= fields_seen
    assert accented > 50


def test_ethique_on_the_french_list_finds_every_event_of_the_topic(runner, client):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    topic = db.session.scalar(select(Topic).where(Topic.name_fr == "Éthique et gouvernance"))
    expected = set(
        db.session.scalars(
            select(Event.id).where(
                Event.topics.contains(topic),
                Event.status == "published",
                Event.end_at >= clock.now(),
            )
        )
    )
    assert len(expected) > 5
    assert expected <= set(found_ids(client, "/fr/events/?q=ethique"))


def test_a_speaker_s_surname_finds_all_their_talks_upcoming_and_past(runner, client):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    person = db.session.scalar(select(Person).where(Person.name == "Daniel Whitcombe"))
    talks = {
        e.id for e in queries.speaker_events(person.id) if e.status == "published"
    }  # event and session speaker alike
    assert len(talks) >= 5
    shown = found_ids(client, "/en/events/?q=Whitcombe")
    shown += found_ids(client, "/en/events/past/?q=whitcombe")
    assert talks <= set(shown)


# -- Ranking, the archive, the API ---------------------------------------------------------------


@pytest.fixture
def robots(make_event):
    """Two events that speak of robots: the sooner in its summary, the later in its title."""
    sooner = make_event(title_en="Field day", title_fr="Journée", start=days_ahead(3),
                        summary_en="Robots everywhere.")  # fmt: skip
    later = make_event(title_en="Robots in the wild", title_fr="Des robots", start=days_ahead(9))
    other = make_event(title_en="Nothing to see", title_fr="Rien", start=days_ahead(1))
    return sooner, later, other


def test_a_title_match_comes_first_then_dates(client, robots):
    assert titles(client, "/en/events/?q=robots") == ["Robots in the wild", "Field day"]
    assert titles(client, "/en/events/?q=ROBOT") == ["Robots in the wild", "Field day"]
    # Without a search the list stays in date order.
    assert titles(client, "/en/events/") == ["Nothing to see", "Field day", "Robots in the wild"]


def test_every_word_must_match_the_last_one_may_be_a_beginning(client, robots):
    assert titles(client, "/en/events/?q=robots+wild") == ["Robots in the wild"]
    assert titles(client, "/en/events/?q=robots+wil") == ["Robots in the wild"]
    assert titles(client, "/en/events/?q=robots+tame") == []


def test_whole_words_first_and_a_beginning_only_when_they_find_nothing(client, make_event):
    make_event(title_en="Talk by Lovelace", title_fr="Exposé", start=days_ahead(2))
    make_event(title_en="Talk by Lovelaceworth", title_fr="Exposé", start=days_ahead(3))
    assert titles(client, "/en/events/?q=lovelace") == ["Talk by Lovelace"]
    assert titles(client, "/en/events/?q=lovel") == ["Talk by Lovelace", "Talk by Lovelaceworth"]
    api = client.get("/api/v1/events?q=talk+lovel").get_json()
    assert api["total"] == 2


def test_the_archive_and_the_api_search_alike(client, make_event, sites):
    ethics = Topic(slug="ethics", name_en="Ethics", name_fr="Éthique et gouvernance")
    db.session.add(ethics)
    past = make_event(title_en="Old debate", title_fr="Vieux débat", start=days_ahead(-30))
    soon = make_event(title_en="New debate", title_fr="Nouveau débat", start=days_ahead(30))
    past.topics.append(ethics)
    soon.topics.append(ethics)
    db.session.commit()
    assert titles(client, "/en/events/past/?q=ethique") == ["Old debate"]
    assert titles(client, "/fr/events/?q=%C3%89THIQUE") == ["Nouveau débat"]
    api = client.get("/api/v1/events?q=ethique&when=past").get_json()
    assert [item["id"] for item in api["items"]] == [past.id]
    api = client.get("/api/v1/events?q=gouvernance&when=all").get_json()
    assert {item["id"] for item in api["items"]} == {past.id, soon.id}


# -- Renaming what events show ---------------------------------------------------------------


def test_renaming_a_topic_finds_its_events_by_the_new_name_only(client, make_event):
    event = make_event(title_en="A talk", topics=1)
    topic = event.topics[0]
    topic.name_en, topic.name_fr = "Quantum cryptography", "Cryptographie quantique"
    db.session.commit()
    assert titles(client, "/en/events/?q=cryptographie") == ["A talk"]
    assert titles(client, "/en/events/?q=quantum") == ["A talk"]
    assert titles(client, "/en/events/?q=Th%C3%A8me") == []  # the old French name


def test_renaming_a_venue_a_speaker_a_series_or_a_host_is_searched_at_once(
    client, make_event, sites
):
    series = Series(slug="s", title_en="Friday talks", title_fr="Exposés du vendredi")
    event = make_event(title_en="A talk", speakers=1, sessions=1, organisations=1, series=series)
    event.venue.name_en = "Turing lecture theatre"
    event.speakers[0].name = "Ada Lovelace"
    event.sessions[0].speakers[0].name = "Grace Hopper"
    series.title_en = "Monday talks"
    event.organisations[0].name_en = "Institut Énergie"
    db.session.commit()
    for new in ("turing", "lovelace", "hopper", "monday", "energie"):
        assert titles(client, f"/en/events/?q={new}") == ["A talk"], new
    for old in ("room", "speaker", "talker", "friday", "org"):
        assert titles(client, f"/en/events/?q={old}") == [], old


def test_a_new_session_and_its_speaker_are_searched_and_a_removed_one_is_not(client, make_event):
    event = make_event(title_en="Workshop", sessions=1)
    start = event.start_at
    event.sessions.append(
        EventSession(title_en="Graph neural networks", title_fr="Réseaux de graphes",
                     start_at=start, end_at=start + timedelta(hours=1),
                     speakers=[Person(name="Petar Veličković")])
    )  # fmt: skip
    db.session.commit()
    assert titles(client, "/en/events/?q=velickovic") == ["Workshop"]
    assert titles(client, "/en/events/?q=r%C3%A9seaux") == ["Workshop"]
    event.sessions = [s for s in event.sessions if s.title_en != "Graph neural networks"]
    db.session.commit()
    assert titles(client, "/en/events/?q=graph") == []
    assert titles(client, "/en/events/?q=session") == ["Workshop"]


def test_a_deleted_event_is_no_longer_found(client, make_event):
    gone = make_event(title_en="Ephemeral", status="draft")
    make_event(title_en="Ephemeral too")
    db.session.delete(gone)
    db.session.commit()
    api = client.get("/api/v1/events?q=ephemeral").get_json()
    assert [item["title"]["en"] for item in api["items"]] == ["Ephemeral too"]


def test_an_invited_co_host_is_searched_once_it_accepts(app, make_event, make_user, sites):
    event = make_event(title_en="Shared")
    guest = Organisation(slug="guest", name_en="Guest Institute", site=sites["oxford"])
    db.session.add(guest)
    db.session.flush()
    db.session.execute(
        insert(event_organisations).values(
            event_id=event.id, organisation_id=guest.id, accepted_at=None
        )
    )
    db.session.commit()
    assert searched("guest") == set()
    hosts.accept(event, guest, actor=make_user("admin@example.org", role="admin"), now=clock.now())
    db.session.commit()
    assert searched("guest") == {event.id}


# -- Hostile input ---------------------------------------------------------------------------

HOSTILE = [
    '"', '""', "'", "*", "robots*", "-robots", "robots -wild", "title:robots", "title : x",
    "{title}: robots", "(", ")", "(robots", "robots OR wild", "OR", "AND", "NOT", "NEAR",
    "NEAR(robots wild)", "robots NEAR wild", "a & b", "a | b", "!robots", "robots:*", "^robots",
    "robots + wild", "<->", "robots <-> wild", "\\", "%", "_", "'robots'", "r'o'b'o't's",
    "ő ß œ ﬁ", "١٢٣", "🤖", "a" * 200,
]  # fmt: skip


@pytest.mark.parametrize("q", HOSTILE)
def test_search_operators_are_words_never_errors(client, robots, q):
    for url in (f"/en/events/?q={quote(q)}", f"/fr/events/past/?q={quote(q)}",
                f"/api/v1/events?q={quote(q)}", f"/feeds/en/events.ics?q={quote(q)}"):  # fmt: skip
        assert client.get(url).status_code == 200, url


def test_operators_are_searched_as_the_words_they_are(client, make_event):
    make_event(title_en="Near and far", title_fr="Près et loin")
    make_event(title_en="Robots", title_fr="Des robots")
    assert titles(client, "/en/events/?q=near") == ["Near and far"]
    assert titles(client, "/en/events/?q=robots+OR+near") == []
    assert titles(client, "/en/events/?q=%22robots%22") == ["Robots"]
    assert titles(client, "/en/events/?q=-robots") == ["Robots"]


# -- A common word: the count stops, the pages go on --------------------------------------------


@pytest.fixture
def many_robots(app, make_event, monkeypatch):
    """Seven events that speak of robots, title matches and others interleaved in time; the
    list counts 3 past its page (the app's 100, made small) and shows 2 a page; a part of more
    than 2 matches is read walking the events in date order (as 100 would at full size)."""
    monkeypatch.setattr(queries, "SEARCH_COUNT", 3)
    monkeypatch.setattr(queries, "_MANY", 2)
    app.config["EVENTS_PER_PAGE"] = 2
    events = {}
    for day in range(1, 8):
        in_title = day % 2 == 1  # days 1, 3, 5, 7 in the title; 2, 4, 6 in the summary
        events[day] = make_event(
            title_en=f"Robots {day}" if in_title else f"Talk {day}",
            title_fr=f"Robots {day}" if in_title else f"Exposé {day}",
            summary_en=None if in_title else "About robots.",
            start=days_ahead(day),
        )
    make_event(title_en="Nothing to see", title_fr="Rien", start=days_ahead(1))
    return events


def test_a_common_word_says_more_than_the_count_in_both_languages(client, many_robots):
    english = client.get("/en/events/?q=robots").get_data(as_text=True)
    assert "More than 3 events" in english
    assert "Page 1" in english and "Page 1 of" not in english
    assert 'rel="next"' in english
    french = client.get("/fr/events/?q=robots").get_data(as_text=True)
    assert "Plus de 3 événements" in french
    # The last page counted them all: the count is exact again.
    last = client.get("/en/events/?q=robots&page=4").get_data(as_text=True)
    assert "7 events" in last and "Page 4 of 4" in last and 'rel="next"' not in last


def test_past_the_count_every_page_follows_titles_first_then_dates(client, many_robots):
    shown = found_ids(client, "/en/events/?q=robots")
    order = [1, 3, 5, 7, 2, 4, 6]  # the title matches by date, then the others by date
    assert shown == [many_robots[day].id for day in order]
    assert titles(client, "/en/events/?q=robots&page=2") == ["Robots 5", "Robots 7"]
    assert titles(client, "/en/events/?q=robots&page=3") == ["Talk 2", "Talk 4"]


def test_the_api_total_stays_exact(client, many_robots):
    answer = client.get("/api/v1/events?q=robots&per_page=2").get_json()
    assert answer["total"] == 7
    assert [item["title"]["en"] for item in answer["items"]] == ["Robots 1", "Robots 3"]
    page = client.get("/api/v1/events?q=robots&per_page=2&page=3").get_json()
    assert [item["title"]["en"] for item in page["items"]] == ["Talk 2", "Talk 4"]
