"""The personal feed: my confirmed places, with their online links, under the feeds' HTTP rules."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from feeds.checks import check_feed
from flask import current_app
from icalendar import Calendar
from registration_pages import text
from support import log_in_as

from eventapp.events.services import cancel_event
from eventapp.extensions import clock, db
from eventapp.feeds.tokens import feed_path, new_feed_token
from eventapp.registrations import services
from eventapp.settings import current_settings

ROOM = "https://meet.example.org/private-room"


@pytest.fixture
def ada(make_user):
    user = make_user("ada@example.org", name="Ada")
    user.language = "fr"
    db.session.commit()
    return user


def register(event, user, **kwargs):
    reg = services.register(
        event, services.Attendee.of(user), settings=current_settings(), now=clock.now(), **kwargs
    )
    db.session.commit()
    return reg


def uids(data: bytes) -> dict[str, str]:
    """Each event's UID and its STATUS."""
    cal = Calendar.from_ical(data)
    return {str(e["UID"]): str(e["STATUS"]) for e in cal.walk("VEVENT")}


def test_my_confirmed_places_with_their_online_links(client, ada, make_user, make_event, settings):
    hybrid = make_event(title_en="Hybrid", capacity=2, online_url=ROOM)
    full = make_event(title_en="Full", capacity=1)
    dropped = make_event(title_en="Dropped", capacity=5)
    called_off = make_event(title_en="Called off", capacity=5)
    recent = make_event(
        title_en="Recent",
        capacity=5,
        start=(clock.now().replace(tzinfo=None) - timedelta(days=20)).replace(microsecond=0),
    )
    old = make_event(
        title_en="Old",
        capacity=5,
        start=(clock.now().replace(tzinfo=None) - timedelta(days=120)).replace(microsecond=0),
    )
    register(full, make_user("bob@example.org"))
    for event in (hybrid, full, dropped, called_off):
        register(event, ada)
    for event in (recent, old):  # registered while they were still to come
        event.registration_closes_at = None
        db.session.add(
            services.Registration(
                event_id=event.id,
                email=ada.email,
                name="Ada",
                user_id=ada.id,
                status="confirmed",
                language="fr",
            )
        )
    services.cancel(services.find(dropped, ada.email), settings=settings, now=clock.now())
    cancel_event(called_off, settings=settings, now=clock.now())
    token = new_feed_token(ada, secret=current_app.config["SECRET_KEY"])
    db.session.commit()

    response = client.get(feed_path(token, "fr"))
    assert response.status_code == 200
    check_feed(response.data)
    got = uids(response.data)
    domain = "events.example.org"
    assert got == {
        f"event-{hybrid.id}@{domain}": "CONFIRMED",
        f"event-{called_off.id}@{domain}": "CANCELLED",
        f"event-{recent.id}@{domain}": "CONFIRMED",
    }
    [event] = [
        e
        for e in Calendar.from_ical(response.data).walk("VEVENT")
        if str(e["UID"]).startswith(f"event-{hybrid.id}@")
    ]
    assert ROOM in str(event["DESCRIPTION"]) and "/fr/events/" in str(event["URL"])
    # The public feeds keep the link for registrants.
    assert ROOM.encode() not in client.get(f"/feeds/en/events/{hybrid.id}.ics").data
    assert ROOM.encode() not in client.get("/feeds/en/events.ics").data


def test_http_rules_and_a_registration_change_moves_the_etag(client, ada, make_event):
    event = make_event(capacity=1)
    other = make_event(capacity=1)
    register(event, ada)
    token = new_feed_token(ada, secret=current_app.config["SECRET_KEY"])
    db.session.commit()
    url = feed_path(token, "en")
    first = client.get(url)
    assert first.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert first.headers["Cache-Control"].startswith("private")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and first.headers["Last-Modified"]
    assert "Set-Cookie" not in first.headers
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    since = first.headers["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": since}).status_code == 304
    head = client.head(url)
    assert head.status_code == 200 and head.headers["ETag"] == etag and not head.data
    # Registering changes no event, yet the feed changes.
    register(other, ada)
    second = client.get(url, headers={"If-None-Match": etag})
    assert second.status_code == 200 and second.headers["ETag"] != etag
    assert len(uids(second.data)) == 2


def test_unknown_and_revoked_tokens_are_404_text(app, client, ada, make_event):
    key = app.config["SECRET_KEY"]
    old = new_feed_token(ada, secret=key)
    db.session.commit()
    new = new_feed_token(ada, secret=key)
    db.session.commit()
    mac = new.partition(".")[2]
    # One character changed (never "changed" to itself, which made the test fail 1 time in 64).
    forged = f"{ada.id}.{mac[:-1]}{'B' if mac.endswith('A') else 'A'}"
    strangers = (forged, f"99999.{mac}", f"{ada.id}.{mac}é", "9" * 40 + ".x", f"x.{mac}")
    for token in (old, "nope", "x" * 300, *strangers):
        answer = client.get(f"/feeds/en/personal/{token}.ics")
        assert answer.status_code == 404
        assert answer.headers["Content-Type"].startswith("text/plain")
    assert client.get(feed_path(new, "en")).status_code == 200
    assert new.partition(".")[2] not in (ada.feed_token_hash or "")  # never stored


def test_my_events_page_lists_places_and_makes_a_feed_address(
    client, post_form, ada, make_user, make_event
):
    assert client.get("/en/my/events").status_code == 302  # log in first
    coming = make_event(title_en="Coming", title_fr="À venir", capacity=1)
    register(coming, make_user("bob@example.org"))
    register(coming, ada)
    past = make_event(
        title_en="Gone",
        title_fr="Passé",
        capacity=5,
        start=(clock.now().replace(tzinfo=None) - timedelta(days=3)).replace(microsecond=0),
    )
    db.session.add(
        services.Registration(
            event_id=past.id, email=ada.email, user_id=ada.id, status="confirmed", language="fr"
        )
    )
    db.session.commit()
    log_in_as(client, ada)
    page = text(client.get("/en/my/events"))
    assert page.index("Coming") < page.index("Gone")
    assert "You are number 1 on the waiting list." in page and "Your place is confirmed." in page
    assert "My events" in text(client.get("/en/events/"))  # in the account menu
    made = post_form("/en/my/events/feed", {}, page="/en/my/events")
    body = made.get_data(as_text=True)
    assert made.status_code == 200 and "webcal://events.example.org/feeds/en/personal/" in body
    first = body.split("https://events.example.org/feeds/en/personal/")[1].split('"')[0]
    assert client.get(f"/feeds/en/personal/{first}").status_code == 200
    again = post_form("/en/my/events/feed", {}, page="/en/my/events").get_data(as_text=True)
    second = again.split("https://events.example.org/feeds/en/personal/")[1].split('"')[0]
    assert second != first
    assert client.get(f"/feeds/en/personal/{first}").status_code == 404
    assert client.get(f"/feeds/en/personal/{second}").status_code == 200
    assert second not in client.get("/en/my/events").get_data(as_text=True)


def test_an_address_made_before_tokens_were_derived_keeps_working_until_replaced(client, ada):
    # Then the token was random and only its SHA-256 was kept; calendars still hold such URLs.
    legacy = "k3Yq9n0vJ2x8Rk5TzQ1mW4pL7sB6dF0aH9cE2gU5yXo"
    ada.feed_token_hash = hashlib.sha256(legacy.encode()).hexdigest()
    db.session.commit()
    assert client.get(feed_path(legacy, "en")).status_code == 200
    new_feed_token(ada, secret=current_app.config["SECRET_KEY"])
    db.session.commit()
    assert client.get(feed_path(legacy, "en")).status_code == 404
