"""A guest registration made with an account's address belongs to that account only once the
address is confirmed by the mail's link: anyone may have typed it (issue 11, item 10)."""

from __future__ import annotations

import pytest
from registration_pages import link, outbox, registration, text
from support import log_in_as

from eventapp.accounts import services as accounts
from eventapp.extensions import clock, db


@pytest.fixture
def squatted(client, post_form, make_user, make_event):
    """Someone registered as a guest with Ada's address, and did not (could not) confirm it."""
    ada = make_user("ada@example.org", name="Ada")
    event = make_event(title_en="Squatted seminar", capacity=5)
    page = f"/en/events/{event.id}"
    data = {"name": "Not Ada", "email": "ADA@example.org", "consent": "y"}
    assert post_form(f"{page}/guest", data, page=page).status_code == 302
    assert registration("ada@example.org").status == "pending"
    return ada, event


def test_it_is_not_in_the_account_until_confirmed(client, squatted):
    ada, event = squatted
    log_in_as(client, ada)
    assert "Squatted seminar" not in text(client.get("/en/my/events"))
    box = text(client.get(f"/en/events/{event.id}"))
    assert "Check your inbox" not in box and "Manage my registration" not in box
    assert "Not Ada" not in text(client.get("/en/my/events"))


def test_it_does_not_block_the_account_s_one_click_registration(client, post_form, squatted):
    ada, event = squatted
    log_in_as(client, ada)
    page = f"/en/events/{event.id}"
    assert post_form(f"{page}/register", {}, page=page).status_code == 302
    reg = registration("ada@example.org")
    assert reg.status == "confirmed" and reg.user_id == ada.id and reg.name == "Ada"
    assert "Your place is confirmed." in text(client.get(page))
    # The squatter's mailed link (it went to Ada's inbox anyway) opens nothing now.
    assert client.get(link(outbox("ada@example.org")[0], "/confirm")).status_code == 404


def test_the_api_registers_the_account_over_it(client, squatted):
    ada, event = squatted
    token = accounts.create_token(ada, now=clock.now())
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me/registrations", headers=headers).get_json()["items"] == []
    answer = client.post(f"/api/v1/events/{event.id}/registrations", headers=headers)
    assert answer.status_code == 201 and answer.get_json()["status"] == "confirmed"


def test_once_the_address_is_confirmed_it_is_in_the_account(client, squatted):
    ada, event = squatted
    client.get(link(outbox("ada@example.org")[0], "/confirm"))
    log_in_as(client, ada)
    assert "Squatted seminar" in text(client.get("/en/my/events"))
