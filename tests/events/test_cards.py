"""Event cards from rows (issues 14 and 15): a list page reads only the columns its cards show
and keeps each card per language, yet a reader sees the very HTML an event's ORM graph gave,
and a change shows on the next page in every process."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from flask import current_app, g
from flask_babel import force_locale
from sqlalchemy import select
from support import statements

from eventapp.demo.seed import seed_demo
from eventapp.events import queries
from eventapp.events.cards import load_cards, render_card
from eventapp.events.models import Event, event_organisations
from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation, Series

LIST = re.compile(r'<ol class="event-list">(.*?)</ol>', re.S)


BEFORE = Path(__file__).with_name("card_before.html")


def graph_cards(ids: list[int], lang: str) -> list[str]:
    """The cards as they were rendered before (`load_page`'s ORM graph through the card macro as
    it was, `card_before.html`, with a `url_for`, a `gettext` and Babel for each)."""
    with _page_in(lang):
        page = queries.load_page(queries.Page(ids, len(ids), 1, len(ids)), now=clock.now())
        before = current_app.jinja_env.from_string(BEFORE.read_text()).module.event_card
        return [str(before(event)) for event in page.items]


def row_cards(ids: list[int], lang: str) -> list[str]:
    with _page_in(lang):
        cards = load_cards(ids)
        return [str(render_card(cards[i])) for i in ids if i in cards]


@contextmanager
def _page_in(lang: str) -> Iterator[None]:
    with current_app.test_request_context(f"/{lang}/events/"), force_locale(lang):
        g.lang = lang
        yield


def listed(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    found = LIST.search(response.get_data(as_text=True))
    assert found, url
    return found.group(1).strip()


def tricky_events(make_event) -> list[Event]:
    series = Series(slug="colloquia", title_en="Colloquia")  # no French title: a fallback
    db.session.add(series)
    zone_start = datetime(2030, 3, 30, 9, 0)  # across the spring clock change in Europe
    made = [
        make_event(status="cancelled", organisations=2, topics=1, speakers=1),
        make_event(venue=False, online_url="https://meet.example.org/x", title_fr=None),
        make_event(venue=False, title_en=None, summary_fr="Résumé <b>gras</b> & co"),
        make_event(hours=72, site="oxford", series=series, summary_en="Three days"),
        make_event(all_day=True, hours=48, site="cambridge", start=zone_start.replace(hour=0)),
        make_event(start=zone_start, hours=30, title_en="A & B <i>"),
    ]
    made[-1].language = "fr"
    # An invited co-host, not accepted: no card shows it.
    guest = Organisation(slug="invited-org", name_en="Invited", site=made[0].site)
    db.session.add(guest)
    db.session.flush()
    db.session.execute(
        event_organisations.insert().values(
            event_id=made[0].id, organisation_id=guest.id, accepted_at=None
        )
    )
    db.session.commit()
    return made


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_card_from_rows_is_the_card_the_event_graph_gave(app, make_event, settings, lang):
    seed_demo(db.session, now=clock.now(), settings=settings)
    db.session.commit()
    tricky = [e.id for e in tricky_events(make_event)]
    ids = list(db.session.scalars(select(Event.id).order_by(Event.id)))
    assert len(ids) > 30 and set(tricky) <= set(ids)
    old, new = graph_cards(ids, lang), row_cards(ids, lang)
    assert len(new) == len(ids)
    assert new == old
    both = "\n".join(new)
    assert "badge-cancelled" in both and "Invited" not in both
    note = "(in French)" if lang == "en" else "(en anglais)"
    assert f'class="fallback-note">{note}' in both  # a title only written in the other language


def test_each_list_shows_the_cards_the_event_graph_gave(client, make_event):
    tricky_events(make_event)
    urls = (
        "/en/events/",
        "/fr/events/",
        "/en/sites/oxford",
        "/fr/series/colloquia",
        "/en/events/?q=event",
    )
    for url in urls:
        shown = listed(client, url)
        ids = [int(i) for i in re.findall(r'href="/\w\w/events/(\d+)', shown)]
        assert ids, url
        lang = url[1:3]
        assert shown == "".join(f"<li>{card}</li>" for card in graph_cards(ids, lang)), url
        assert listed(client, url) == shown  # and the same when kept


def test_a_list_reads_its_cards_in_two_statements_whatever_its_size(client, make_event):
    for _ in range(12):
        make_event(organisations=2, topics=2, speakers=2)
    built = statements(client, "/en/events/?type=seminar")
    reading_cards = [s for s in built if "JOIN sites" in s]
    assert len(reading_cards) == 1, reading_cards
    assert len([s for s in built if "event_organisations.event_id IN" in s]) == 1
    assert not [
        s for s in built if re.search(r"event_topics|event_speakers|FROM venues|sites\.id IN", s)
    ]


def test_a_rename_shows_at_once_in_another_process(client, second, make_event):
    event = make_event(title_en="Old name", organisations=1)
    assert "Old name" in listed(second, "/en/events/")
    event.title_en = "New name"
    db.session.commit()
    assert "New name" in listed(second, "/en/events/")
    assert "Old name" not in listed(second, "/en/events/")
    event.organisations[0].name_en = "Renamed host"
    db.session.commit()
    assert "Renamed host" in listed(second, "/en/events/")


def test_a_cancelled_event_leaves_every_list_of_another_process_at_once(client, second, make_event):
    event = make_event(site="oxford", title_en="Called off")
    make_event(site="oxford")
    urls = ("/en/events/", "/en/sites/oxford", "/en/events/?q=called")
    for url in urls:
        assert "Called off" in listed(second, url), url
    event.status = "cancelled"
    db.session.commit()
    for url in urls:
        assert "Called off" not in second.get(url).get_data(as_text=True), url


def test_kept_cards_serve_another_list_without_reading_them(client, make_event):
    for _ in range(3):
        make_event(site="oxford", kind="workshop")
    listed(client, "/en/events/")  # keeps the three cards
    built = statements(client, "/en/events/?type=workshop")
    assert not [s for s in built if "JOIN sites" in s or "event_organisations.event_id IN" in s]
