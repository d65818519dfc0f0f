"""Unconfirmed guests hold few places, briefly, one per address: invented addresses cannot fill
an event ahead of real attendees (issue 11, item 8)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from registration_pages import link, outbox, registration
from support import log_in_as

from eventapp import create_app
from eventapp.extensions import clock
from eventapp.registrations import services
from eventapp.registrations.addresses import normalised


def guest_posts(post_form, event, emails: list[str]) -> list[int]:
    page = f"/en/events/{event.id}"
    return [
        post_form(f"{page}/guest", {"name": "G", "email": e, "consent": "y"}, page=page).status_code
        for e in emails
    ]


def test_three_invented_guests_leave_a_place_for_a_real_attendee(
    client, post_form, make_event, make_user
):
    event = make_event(capacity=3)
    fakes = ["nobody1@invented.test", "nobody2@invented.test", "nobody3@invented.test"]
    assert guest_posts(post_form, event, fakes) == [302, 302, 302]
    held = [registration(e).hold_until is not None for e in fakes]
    assert held == [True, True, False]  # half of 3 places, rounded up
    assert "cannot hold a place for you" in outbox(fakes[2])[0].body_text

    log_in_as(client, make_user("real@example.org"))
    post_form(f"/en/events/{event.id}/register", {}, page=f"/en/events/{event.id}")
    assert registration("real@example.org").status == "confirmed"


def test_a_guest_beyond_the_share_gets_a_free_place_on_confirming(client, post_form, make_event):
    event = make_event(capacity=3)
    guest_posts(post_form, event, ["a@example.org", "b@example.org", "c@example.org"])
    client.get(link(outbox("c@example.org")[0], "/confirm"))
    assert registration("c@example.org").status == "confirmed"


def test_the_hold_before_confirming_is_short_by_default(monkeypatch, database_url):
    monkeypatch.delenv("EVENTAPP_GUEST_HOLD_MINUTES", raising=False)
    monkeypatch.delenv("EVENTAPP_GUEST_HOLD_SHARE", raising=False)
    config = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test"}).config
    assert config["GUEST_HOLD_MINUTES"] == 30 and config["GUEST_HOLD_SHARE"] == 0.5
    assert timedelta(minutes=30) == services.DEFAULT_HOLD


def test_a_guest_from_the_page_is_held_half_an_hour(post_form, make_event):
    event = make_event(capacity=4)
    before = clock.now()
    guest_posts(post_form, event, ["a@example.org"])
    held = registration("a@example.org").hold_until
    assert before + timedelta(minutes=30) <= held <= clock.now() + timedelta(minutes=30)


def test_the_share_is_configurable(app, post_form, make_event):
    app.config["GUEST_HOLD_SHARE"] = 0.25
    event = make_event(capacity=8)
    emails = [f"g{n}@example.org" for n in range(4)]
    guest_posts(post_form, event, emails)
    assert [registration(e).hold_until is not None for e in emails] == [True, True, False, False]


@pytest.mark.parametrize(
    ("capacity", "share", "places"),
    [(1, 0.5, 1), (2, 0.5, 1), (3, 0.5, 2), (10, 0.5, 5), (4, 0.1, 1), (5, 1.0, 5)],
)
def test_the_share_is_rounded_up_and_at_least_one(capacity, share, places):
    assert services.hold_places(capacity, share) == places


def test_one_hold_per_address_however_it_is_written(post_form, make_event):
    event = make_event(capacity=10)
    emails = ["ann@example.org", "Ann+1@example.org", "ann+2@Example.org"]
    guest_posts(post_form, event, emails)
    assert [registration(e.lower()).hold_until is not None for e in emails] == [True, False, False]


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("A+1@X.org", "a@x.org"),
        (" a+news+x@x.org ", "a@x.org"),
        ("First.Last+tag@gmail.com", "firstlast@gmail.com"),
        ("first.last@googlemail.com", "firstlast@gmail.com"),
        ("first.last@example.org", "first.last@example.org"),
    ],
)
def test_addresses_are_normalised_once(typed, same_as):
    assert normalised(typed) == same_as


def test_the_per_address_rate_limit_ignores_tags_and_case(app, post_form, make_event):
    app.config["GUEST_ADDRESS_RATE_LIMIT"] = "2 per minute"
    event = make_event(capacity=50)
    page = f"/en/events/{event.id}"
    codes = [
        post_form(
            f"{page}/guest", {"name": "G", "email": email, "consent": "y"}, page=page,
            environ_base={"REMOTE_ADDR": f"192.0.2.{n}"},
        ).status_code
        for n, email in enumerate(["a+1@example.org", "A+2@Example.org", "a@example.org"])
    ]  # fmt: skip
    assert codes == [302, 302, 429]
