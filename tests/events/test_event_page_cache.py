"""Event pages and the API's list kept like feeds (issue 15): built once per data version and
registration state, never late, never another reader's. Each change is made by this process and
read by a second app process, which keeps its own pages, as a second gunicorn worker would."""

from __future__ import annotations

import re
from datetime import timedelta

from support import log_in_as, statements

from eventapp.extensions import clock, db
from eventapp.registrations import services
from eventapp.settings import current_settings

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def text(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def places(html: str) -> str:
    found = re.search(r'<p class="places">([^<]*)</p>', html)
    return found.group(1) if found else ""


def test_a_kept_event_page_reads_no_event_graph(client, make_event):
    event = make_event(capacity=30, organisations=2, topics=2, speakers=2, sessions=3)
    url = f"/en/events/{event.id}"
    built = statements(client, url)
    kept = statements(client, url)
    assert len(kept) <= 4 < len(built), kept  # the version, the places (event, sessions)
    assert not [s for s in kept if "event_sessions.event_id IN" in s or "speakers" in s]


def test_registrations_show_at_once_in_another_process(client, second, make_event, make_user):
    event = make_event(capacity=30)
    url = f"/en/events/{event.id}"
    assert places(text(second.get(url))) == "30 places left"
    services.register(
        event, services.Attendee.of(make_user("ada@example.org")), now=clock.now(),
        settings=current_settings(),
    )  # fmt: skip
    db.session.commit()
    assert places(text(second.get(url))) == "29 places left"


def test_capacity_and_window_changes_show_though_no_calendar_shows_them(client, second, make_event):
    event = make_event(capacity=30)
    url = f"/fr/events/{event.id}"
    assert "30 places" in text(second.get(url))
    event.capacity = 12
    event.registration_opens_at = clock.now() + timedelta(days=1)
    db.session.commit()
    page = text(second.get(url))
    assert "12 places" in page and "Les inscriptions ouvrent le" in page
    assert "S’inscrire</button>" not in page and page == text(client.get(url))
    clock.advance(timedelta(days=1, minutes=1))  # the window opens with the clock alone
    page = text(client.get(url))
    assert "Les inscriptions ouvrent le" not in page and "S’inscrire</button>" in page


def test_a_guests_hold_running_out_frees_the_place_on_the_kept_page(client, post_form, make_event):
    event = make_event(capacity=2)
    url = f"/en/events/{event.id}"
    guest = {"name": "G", "email": "g@example.org", "consent": "y"}
    response = post_form(f"{url}/guest", guest, page=url)
    assert response.status_code == 302
    reader = client.application.test_client()
    assert places(text(reader.get(url))) == "1 place left"
    clock.advance(timedelta(hours=1))  # the hold runs out; nothing is written
    assert places(text(reader.get(url))) == "2 places left"


def test_each_anonymous_reader_gets_a_token_of_their_own_that_works(app, make_event):
    event = make_event(capacity=5)
    url = f"/en/events/{event.id}"
    first, other = app.test_client(), app.test_client()
    tokens = [TOKEN.search(text(c.get(url))).group(1) for c in (first, other)]
    assert tokens[0] != tokens[1]
    assert "\x00" not in text(first.get(url))
    assert "ETag" not in first.get(url).headers  # a copy holding a token is never reused
    readers = ((first, tokens[0], "a@example.org"), (other, tokens[1], "b@example.org"))
    for client, token, email in readers:
        data = {"name": "G", "email": email, "consent": "y", "csrf_token": token}
        assert client.post(f"{url}/guest", data=data).status_code == 302
    swapped = {"name": "G", "email": "c@example.org", "consent": "y", "csrf_token": tokens[0]}
    assert app.test_client().post(f"{url}/guest", data=swapped).status_code == 400


def test_a_signed_in_reader_has_their_own_box(client, app, make_event, make_user):
    event = make_event(capacity=5)
    url = f"/en/events/{event.id}"
    anonymous = text(app.test_client().get(url))
    ada = make_user("ada@example.org", name="Ada Lovelace")
    attendee = services.Attendee.of(ada)
    services.register(event, attendee, now=clock.now(), settings=current_settings())
    db.session.commit()
    log_in_as(client, ada)
    mine = text(client.get(url))
    assert "Ada Lovelace" in mine and "Your place is confirmed" in mine
    theirs = text(app.test_client().get(url))
    assert "Ada Lovelace" not in theirs and "Your place is confirmed" not in theirs
    assert "Have an account?" in anonymous and places(theirs) == "4 places left"


def test_a_draft_or_missing_event_is_never_kept(client, make_event):
    draft = make_event(status="draft")
    assert client.get(f"/en/events/{draft.id}").status_code == 404
    assert client.get("/en/events/987654").status_code == 404


def test_the_api_list_answers_304_and_follows_registrations(client, second, make_event, make_user):
    event = make_event(capacity=30)
    first = client.get("/api/v1/events")
    etag = first.headers["ETag"]
    assert first.json["items"][0]["places_left"] == 30
    assert client.get("/api/v1/events", headers={"If-None-Match": etag}).status_code == 304
    services.register(
        event, services.Attendee.of(make_user("ada@example.org")), now=clock.now(),
        settings=current_settings(),
    )  # fmt: skip
    db.session.commit()
    changed = second.get("/api/v1/events", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.json["items"][0]["places_left"] == 29
    event.capacity = 40
    db.session.commit()
    assert second.get("/api/v1/events").json["items"][0]["places_left"] == 39
    event.title_en = "Renamed seminar"
    db.session.commit()
    assert second.get("/api/v1/events").json["items"][0]["title"]["en"] == "Renamed seminar"


def test_every_kind_of_change_shows_at_once_on_the_event_page(client, second, make_event):
    from eventapp.events.services import cancel_event, move_event, publish_event

    now = clock.now()
    event = make_event(title_en="Kept talk", status="draft", topics=1, sessions=1)
    url = f"/en/events/{event.id}"
    assert second.get(url).status_code == 404
    publish_event(event, now=now, settings=current_settings())
    db.session.commit()
    assert "Kept talk" in text(second.get(url))

    later = event.start_at + timedelta(days=400)
    move_event(event, start_at=later, end_at=event.end_at + timedelta(days=400), now=now,
               settings=current_settings())  # fmt: skip
    db.session.commit()
    assert f"{later.astimezone(event.site.zone):%Y}" in text(second.get(url))

    event.topics[0].name_en = "Renamed topic"
    event.sessions[0].title_en = "Renamed session"
    db.session.commit()
    page = text(second.get(url))
    assert "Renamed topic" in page and "Renamed session" in page

    cancel_event(event, now=now, settings=current_settings(), reason_en="Speaker ill")
    db.session.commit()
    page = text(second.get(url))
    assert "This event has been cancelled." in page and "Speaker ill" in page


def test_the_api_list_drops_an_event_when_it_ends(client, make_event):
    from zoneinfo import ZoneInfo

    start = (clock.now() + timedelta(hours=1)).astimezone(ZoneInfo("Europe/Paris"))
    make_event(title_en="Ending soon", start=start.replace(tzinfo=None, second=0, microsecond=0))
    make_event(title_en="Next month", start=None)
    titles = [e["title"]["en"] for e in client.get("/api/v1/events").json["items"]]
    assert "Ending soon" in titles and "Next month" in titles
    clock.advance(timedelta(hours=4))  # no write: only the clock moved
    titles = [e["title"]["en"] for e in client.get("/api/v1/events").json["items"]]
    assert "Ending soon" not in titles and "Next month" in titles
    past = client.get("/api/v1/events?when=past").json
    assert [e["title"]["en"] for e in past["items"]] == ["Ending soon"] and past["total"] == 1


def test_a_sessions_places_show_at_once_on_the_kept_page(client, second, make_event, make_user):
    event = make_event(capacity=10, sessions=2)
    event.sessions[0].capacity = 3
    db.session.commit()
    url = f"/en/events/{event.id}"
    reg = services.register(
        event, services.Attendee.of(make_user("ada@example.org")), now=clock.now(),
        settings=current_settings(),
    )  # fmt: skip
    db.session.commit()
    assert "(3 left)" in text(second.get(url))
    # The event's count stays as it was: only the session's moves.
    services.change_sessions(reg, [event.sessions[0].id], now=clock.now())
    db.session.commit()
    page = text(second.get(url))
    assert "(2 left)" in page and "(3 left)" not in page
