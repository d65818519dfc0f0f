"""The workspace's list of registrants: who, in which status, when (in the event's zone)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from roster_support import make_event, register, rows_of

from eventapp.events.models import Event
from eventapp.extensions import db

URL = "/{lang}/workspace/events/{id}/registrations"


@dataclass
class Holder:
    event: Event


def page(client, roster, lang="en", **args):
    response = client.get(URL.format(lang=lang, id=roster.event.id), query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_every_registration_with_its_status_and_details(client, login, roster):
    login("organiser")
    rows = rows_of(page(client, roster))
    assert list(rows) == ["Zoé Durand", "Gus Guest", "Carl Cole", "Dora Dupont", "Ève Élan",
                          "Fay Fell"]  # fmt: skip
    zoe, gus = rows["Zoé Durand"], rows["Gus Guest"]
    assert zoe["E-mail"] == "zoe@example.org"
    assert zoe["Status"] == "confirmed"
    assert zoe["Sessions"] == "Morning talk (confirmed)"
    assert zoe["Registered"] == "Wed 2 Dec 2026, 09:30"  # Paris time: 08:30 UTC
    assert zoe["Attended"] == "Fri 26 Mar 2027, 14:05, by Ana"
    assert gus["Status"] == "pending place held until Wed 2 Dec 2026, 10:01"
    assert rows["Carl Cole"]["Sessions"] == "Morning talk (waiting)"
    assert rows["Dora Dupont"]["Status"] == "waiting position 1"
    assert rows["Ève Élan"]["Status"] == "waiting position 2"
    assert rows["Ève Élan"]["Affiliation"] == "-5 Lab"
    assert rows["Fay Fell"]["Status"] == "cancelled"
    assert rows["Carl Cole"]["Attended"] == "no"


def test_counts_per_status_and_per_session(client, login, roster):
    login("admin")
    html = page(client, roster)
    for status, n in {"confirmed": 2, "pending": 1, "waiting": 2, "cancelled": 1}.items():
        assert f'<dd data-status="{status}">{n}</dd>' in html
    row = html.split(f'<tr data-session="{roster.morning.id}">')[1].split("</tr>")[0]
    assert "<td>1</td><td>1</td>" in row  # Zoé confirmed, Carl waiting


def test_in_french(client, login, roster):
    login("organiser")
    html = page(client, roster, lang="fr")
    rows = rows_of(html)
    assert rows["Zoé Durand"]["Inscription"] == "mer. 2 déc. 2026, 09:30"
    assert rows["Zoé Durand"]["Présence"] == "ven. 26 mars 2027, 14:05, par Ana"
    assert rows["Zoé Durand"]["Séances"] == "Exposé du matin (confirmée)"
    assert rows["Dora Dupont"]["Statut"] == "en liste d’attente rang 1"
    assert "Inscription (heure de Paris)" in html


def test_times_in_the_zone_of_an_oxford_event(client, login, world, settings):
    event = make_event(world, site="oxford")
    register(event, "Olga Ox", "olga@example.org", minute=0, settings=settings)
    login("organiser")
    html = page(client, Holder(event))
    assert rows_of(html)["Olga Ox"]["Registered"] == "Wed 2 Dec 2026, 08:30"  # Paris: 09:30
    assert "Registered (UK time)" in html


@pytest.mark.parametrize(
    ("args", "names"),
    [
        ({"status": "waiting"}, ["Dora Dupont", "Ève Élan"]),
        ({"status": ["pending", "cancelled"]}, ["Gus Guest", "Fay Fell"]),
        ({"q": "zoe"}, ["Zoé Durand"]),
        ({"q": "ZOE@EXAMPLE"}, ["Zoé Durand"]),
        ({"q": "eve elan"}, ["Ève Élan"]),
        ({"q": "zo\x00e"}, ["Zoé Durand"]),  # a NUL byte (no column keeps one) is left out
        ({"q": "dupont", "status": "confirmed"}, []),
        ({"status": "bogus"}, ["Zoé Durand", "Gus Guest", "Carl Cole", "Dora Dupont",
                               "Ève Élan", "Fay Fell"]),
    ],
)  # fmt: skip
def test_filters_and_accent_blind_search(client, login, roster, args, names):
    login("organiser")
    assert list(rows_of(page(client, roster, **args))) == names


def test_filter_by_session(client, login, roster):
    login("organiser")
    rows = rows_of(page(client, roster, session=str(roster.morning.id)))
    assert list(rows) == ["Zoé Durand", "Carl Cole"]
    html = page(client, roster, session=str(roster.morning.id), status="confirmed", q="carl")
    assert list(rows_of(html)) == ["Carl Cole"]
    assert f'<option value="{roster.morning.id}" selected>' in html
    assert 'value="confirmed" checked' in html
    csv_link = f"registrations.csv?status=confirmed&amp;session={roster.morning.id}&amp;q=carl"
    assert csv_link in html  # the download keeps the filters


def test_pages_keep_the_filters(client, login, world, settings):
    event = make_event(world, capacity=100)
    for n in range(53):
        register(event, f"Person {n:02d}", f"p{n:02d}@example.org", minute=n, settings=settings)
    login("organiser")
    holder = Holder(event)
    first = page(client, holder, q="person")
    assert len(rows_of(first)) == 50 and "Page 1 of 2" in first
    assert "53 registrations" in first
    assert f"/en/workspace/events/{event.id}/registrations?page=2&amp;q=person" in first
    second = rows_of(page(client, holder, q="person", page="2"))
    assert list(second) == ["Person 50", "Person 51", "Person 52"]
    assert list(rows_of(page(client, holder, q="person", page="9"))) == list(second)


def test_links_from_the_workspace(client, login, roster):
    login("organiser")
    url = URL.format(lang="en", id=roster.event.id)
    for where in ("/en/workspace/", f"/en/workspace/events/{roster.event.id}/edit",
                  f"/en/workspace/events/{roster.event.id}/history"):  # fmt: skip
        assert f'href="{url}"' in client.get(where).get_data(as_text=True), where
    html = page(client, roster)
    assert f'href="/en/workspace/events/{roster.event.id}/check-in"' in html
    assert f'href="/en/workspace/events/{roster.event.id}/messages"' in html
    assert f'href="{url}.csv"' in html


def test_names_are_escaped(client, login, roster, settings):
    register(roster.event, "<b>Bold</b>", "bold@example.org", minute=30, settings=settings)
    login("organiser")
    html = page(client, roster)
    assert "<b>Bold</b>" not in html and "&lt;b&gt;Bold&lt;/b&gt;" in html
    db.session.rollback()
