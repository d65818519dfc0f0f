"""A signed-in reader's event page (issue 15): what each reader sees is what the whole template
makes for them, though the page is joined from a body kept for everyone and the reader's own
small parts; and one reader's parts never reach another."""

from __future__ import annotations

import contextvars
import re
from datetime import timedelta

import pytest
from flask import render_template
from support import log_in_as, statements

from eventapp.events import queries
from eventapp.events.timetable import timetable_days
from eventapp.extensions import clock, db
from eventapp.registrations import services
from eventapp.settings import current_settings

CSRF = re.compile(r'(name="csrf_token" (?:type="hidden" )?value=")[^"]+(")')
LINK = "https://meet.example.org/room-42"


def text(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def tokens_out(html: str) -> str:
    """`html` without its CSRF tokens' values (signed with the second they were made in)."""
    return CSRF.sub(r"\1…\2", html)


def whole_template(app, client, url: str, event_id: int) -> str:
    """The page as the event view built it for a signed-in reader before the split: the whole
    template from the event graph, in a request of this reader (their session cookie)."""
    cookie = client.get_cookie("session")
    headers = {"Cookie": f"session={cookie.value}"} if cookie else {}

    def render() -> str:
        with app.test_request_context(url, headers=headers):
            app.preprocess_request()
            event = queries.get_event(event_id)
            return render_template("events/detail.html", event=event, days=timetable_days(event))

    return contextvars.Context().run(render)  # its own app context, as a request has


def register(event, user):
    reg = services.register(
        event, services.Attendee.of(user), now=clock.now(), settings=current_settings()
    )
    db.session.commit()
    return reg


@pytest.fixture
def reader(app, make_user):
    """A signed-in test client for a new account."""

    def make(email: str, **fields):
        user = make_user(email, **fields)
        return log_in_as(app.test_client(), user), user

    return make


def same_as_whole(app, client, event, lang: str = "en") -> str:
    """The page this reader gets, twice (built, then kept), checked against the whole template."""
    url = f"/{lang}/events/{event.id}"
    first, again = text(client.get(url)), text(client.get(url))
    expected = tokens_out(whole_template(app, client, url, event.id))
    assert tokens_out(first) == expected
    assert tokens_out(again) == expected
    return first


def test_registered_waiting_and_unregistered_readers_see_their_own_box(app, reader, make_event):
    event = make_event(capacity=1, sessions=2, speakers=1, topics=1, online_url=LINK)
    (ada_client, ada), (bob_client, bob) = reader("ada@example.org"), reader("bob@example.org")
    cy_client, _ = reader("cy@example.org", name="Cy")
    register(event, ada)
    register(event, bob)  # full: waiting
    ada_page = same_as_whole(app, ada_client, event)
    bob_page = same_as_whole(app, bob_client, event, lang="fr")
    cy_page = same_as_whole(app, cy_client, event)
    assert "Your place is confirmed." in ada_page and f'href="{LINK}"' in ada_page
    assert "numéro 1 sur la liste d’attente" in bob_page and LINK not in bob_page
    assert "Join the waiting list</button>" in cy_page and LINK not in cy_page
    assert ">Cy</a>" in cy_page and "Log out" in cy_page and "Log in</a>" not in cy_page


def test_the_organiser_and_an_admin_see_edit_and_others_do_not(app, reader, make_event):
    event = make_event(capacity=10, organisations=1)
    edit = f'href="/en/workspace/events/{event.id}/edit"'
    organiser, _ = reader(
        "org@example.org", role="organiser", organisations=[event.organisations[0]]
    )
    admin, _ = reader("admin@example.org", role="admin")
    other_organiser, _ = reader("other@example.org", role="organiser")
    attendee, _ = reader("att@example.org")
    assert edit in same_as_whole(app, organiser, event)
    assert edit in same_as_whole(app, admin, event)
    assert edit not in same_as_whole(app, other_organiser, event)
    assert edit not in same_as_whole(app, attendee, event)


def test_a_cancelled_event_tells_its_registrant_and_its_organiser(app, reader, make_event):
    event = make_event(capacity=10, organisations=1, online_url=LINK)
    registrant, ada = reader("ada@example.org")
    organiser, _ = reader(
        "org@example.org", role="organiser", organisations=[event.organisations[0]]
    )
    register(event, ada)
    event.status, event.cancel_reason_en = "cancelled", "The speaker is ill."
    db.session.commit()
    mine = same_as_whole(app, registrant, event)
    assert "your registration no longer holds a place" in mine and "The speaker is ill." in mine
    assert 'class="event-actions"' not in mine
    theirs = same_as_whole(app, organiser, event)
    assert 'class="event-actions"' in theirs and "/edit" in theirs


def test_a_full_event_and_an_online_only_one(app, reader, make_event):
    full = make_event(capacity=1)
    online = make_event(capacity=5, venue=False, online_url=LINK)
    ada_client, ada = reader("ada@example.org")
    bob_client, _ = reader("bob@example.org")
    register(full, ada)
    register(online, ada)
    assert "Join the waiting list</button>" in same_as_whole(app, bob_client, full)
    assert "Your place is confirmed." in same_as_whole(app, ada_client, full)
    assert f'href="{LINK}"' in same_as_whole(app, ada_client, online)
    bobs = same_as_whole(app, bob_client, online)
    assert LINK not in bobs and "the link is given to confirmed attendees" in bobs


def test_an_event_without_registration_and_a_public_link(app, reader, make_event):
    event = make_event(online_url=LINK, sessions=1)
    client, _ = reader("ada@example.org")
    assert f'href="{LINK}"' in same_as_whole(app, client, event)


def test_one_readers_parts_never_reach_another(app, reader, make_event):
    event = make_event(capacity=5, online_url=LINK, organisations=1)
    url = f"/en/events/{event.id}"
    ada_client, ada = reader("ada@example.org", name="Ada Lovelace")
    org_client, _ = reader(
        "org@example.org", name="Olga Org", role="organiser", organisations=[event.organisations[0]]
    )
    register(event, ada)
    anonymous = app.test_client()
    pages = {}
    for _ in range(2):  # built by one reader, then served from the kept body to each
        for name, client in (("ada", ada_client), ("org", org_client), ("anon", anonymous)):
            pages[name] = text(client.get(url))
    assert "Ada Lovelace" in pages["ada"] and "Your place is confirmed." in pages["ada"]
    assert LINK in pages["ada"] and "/edit" not in pages["ada"] and "Olga" not in pages["ada"]
    assert "Olga Org" in pages["org"] and "/edit" in pages["org"]
    assert "Ada" not in pages["org"] and LINK not in pages["org"]
    assert "Your place is confirmed." not in pages["org"]
    assert "Have an account?" in pages["anon"] and "Log out" not in pages["anon"]
    assert not [w for w in ("Ada", "Olga", "/edit", LINK, "Your place") if w in pages["anon"]]
    tokens = {n: CSRF.search(p) for n, p in pages.items()}
    assert all(tokens.values())
    assert len({t.group(0) for t in tokens.values()}) == 3  # each reader's own token
    assert all("\x00" not in p for p in pages.values())


def test_the_link_shows_once_confirmed_and_goes_when_cancelled(app, reader, make_event):
    event = make_event(capacity=5, online_url=LINK)
    url = f"/en/events/{event.id}"
    client, ada = reader("ada@example.org")
    assert LINK not in text(client.get(url))
    reg = register(event, ada)
    assert LINK in text(client.get(url))
    services.cancel(reg, now=clock.now(), settings=current_settings())
    db.session.commit()
    page = text(client.get(url))
    assert LINK not in page and "Register</button>" in page


def test_a_flashed_message_shows_once_on_the_signed_in_page(app, reader, make_event):
    event = make_event(capacity=5)
    url = f"/en/events/{event.id}"
    client, _ = reader("ada@example.org")
    text(client.get(url))  # the body is kept now
    token = CSRF.search(text(client.get(url))).group(0).split('value="')[1].rstrip('"')
    response = client.post(f"{url}/register", data={"csrf_token": token})
    assert response.status_code == 302
    page = text(client.get(url))
    assert 'class="flash flash-success"' in page and "Your place is confirmed." in page
    assert 'class="flash' not in text(client.get(url))


def test_time_moves_the_window_on_the_signed_in_page(app, reader, make_event):
    event = make_event(capacity=5, registration_opens_at=clock.now() + timedelta(days=1))
    client, _ = reader("ada@example.org")
    page = same_as_whole(app, client, event)
    assert "Registration opens on" in page and "Register</button>" not in page
    clock.advance(timedelta(days=1, minutes=1))
    assert "Register</button>" in same_as_whole(app, client, event)


def test_a_signed_in_reader_of_a_kept_body_reads_no_event_graph(app, reader, make_event):
    event = make_event(capacity=30, organisations=2, topics=2, speakers=2, sessions=3)
    url = f"/en/events/{event.id}"
    client, _ = reader("ada@example.org")
    built = statements(client, url)
    kept = statements(client, url)
    assert len(kept) < len(built), kept
    graph = ("event_sessions.event_id IN", "speakers", "topics", "event_organisations")
    assert not [s for s in kept if any(part in s for part in graph)], kept
