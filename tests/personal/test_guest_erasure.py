"""A guest sees, downloads and erases their registration from the link in their mail."""

from __future__ import annotations

import json

import pytest
from personal_world import START, deliver, mail_to

from eventapp.extensions import clock, db
from eventapp.registrations import services
from eventapp.registrations.links import new_token
from eventapp.registrations.models import Registration

GUEST, GUEST_NAME = "Olwen.Brightwater@example.ac.uk", "Olwen Brightwater"
NEEDLES = (GUEST, GUEST_NAME, "Brightwater")


@pytest.fixture
def guest(full_event, settings):
    """Olwen registered without an account and confirmed her address; the attendee waits."""
    who = services.Attendee(GUEST, GUEST_NAME, "en", "Wessex College")
    event, reg, waiting = full_event(who, guest=True)
    link = f"/en/registrations/{new_token(reg, now=clock.now())}"
    db.session.commit()
    return event, reg, waiting, link


def test_the_link_shows_what_is_held_and_downloads_it(client, guest):
    event, reg, _waiting, link = guest
    page = client.get(link).get_data(as_text=True)
    assert '<h2 id="data-heading">Your data</h2>' in page
    assert GUEST_NAME in page and GUEST.lower() in page and "Wessex College" in page
    assert f'href="{link}/data.json"' in page and f'href="{link}/erase"' in page

    response = client.get(f"{link}/data.json")

    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["person"] == {
        "email": GUEST.lower(), "name": GUEST_NAME, "affiliation": "Wessex College",
        "language": "en",
    }  # fmt: skip
    assert data["registration"]["id"] == reg.id
    assert [line["what"] for line in data["registration"]["history"]] == ["pending", "confirmed"]
    assert data["registration"]["sessions"][0]["title"] == "Workshop"
    assert len(data["consents"]) == 1
    assert {m["subject"].split(" — ")[0] for m in data["mail"]} == {
        "Confirm your registration", "Your place is confirmed",
    }  # fmt: skip


def test_a_forged_link_shows_nothing(client, guest):
    _event, _reg, _waiting, link = guest
    assert client.get(f"{link}x/data.json").status_code == 404
    assert client.get(f"{link}x/erase").status_code == 404


def test_erasing_passes_the_place_on_and_leaves_only_the_last_mail(
    app, client, runner, guest, post_form, traces, smtp_server, fresh, worker_delivers
):
    event, reg, waiting, link = guest
    assert "Erase my data" in client.get(f"{link}/erase").get_data(as_text=True)
    refused = post_form(f"{link}/erase", {})
    assert refused.status_code == 400
    assert "Tick the box to confirm." in refused.get_data(as_text=True)
    assert fresh(Registration, reg.id).email == GUEST.lower()

    response = post_form(f"{link}/erase", {"confirm": "y"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/en/privacy/erased"
    assert fresh(Registration, waiting.id).status == "confirmed"  # the place passed on
    assert mail_to("att@example.org")[-1].subject.startswith("A place is yours")
    erased = fresh(Registration, reg.id)
    assert erased.status == "cancelled" and erased.email.endswith("@erased.invalid")
    assert client.get(link).status_code == 404  # the link shows nothing any more
    assert client.get(f"{link}/data.json").status_code == 404
    assert traces(*NEEDLES) == [("outbox", "recipient")]
    [last] = mail_to(GUEST)
    assert last.subject == "Your registration's data is erased" and last.forget_when_sent

    handler = deliver(app, runner, smtp_server)

    assert GUEST.lower() in [m["To"] for m in handler.accepted]
    assert traces(*NEEDLES) == []


def test_the_mail_of_another_registration_stays(
    client, guest, hosted, settings, post_form, worker_delivers
):
    _event, reg, _waiting, link = guest
    other_event = hosted(start=START, capacity=10)
    services.register(
        other_event, services.Attendee(GUEST, GUEST_NAME, "en"), now=clock.now(),
        settings=settings, guest=True,
    )  # fmt: skip
    db.session.commit()
    kept = [m.id for m in mail_to(GUEST)]

    assert post_form(f"{link}/erase", {"confirm": "y"}).status_code == 302

    remaining = mail_to(GUEST)
    # The other registration's mail stays; this one's cancellation is not sent, only the last.
    assert [m.id for m in remaining][: len(kept)] == kept
    assert [m.subject for m in remaining[len(kept) :]] == ["Your registration's data is erased"]


def test_erasing_needs_the_csrf_token(client, guest, fresh):
    _event, reg, _waiting, link = guest
    assert client.post(f"{link}/erase", data={"confirm": "y"}).status_code == 400
    assert fresh(Registration, reg.id).name == GUEST_NAME
