"""Registering from the event page: one click signed in, a form and a mailed link as a guest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from registration_pages import link, outbox, registration, text
from support import log_in_as

from eventapp.extensions import clock, db


@pytest.fixture
def seminar(make_event):
    return make_event(title_en="Small seminar", title_fr="Petit séminaire", capacity=1)


def page_of(event, lang: str = "en") -> str:
    return f"/{lang}/events/{event.id}"


def test_a_signed_in_attendee_registers_in_one_click(client, post_form, make_user, seminar):
    ada = make_user("ada@example.org", name="Ada")
    ada.language = "fr"
    db.session.commit()
    log_in_as(client, ada)
    before = text(client.get(page_of(seminar)))
    assert "1 place left" in before and "Register" in before
    answer = post_form(f"/en/events/{seminar.id}/register", {}, page=page_of(seminar))
    assert answer.status_code == 302
    assert registration("ada@example.org").status == "confirmed"
    [mail] = outbox("ada@example.org")
    assert mail.language == "fr" and mail.ical_method == "REQUEST"
    after = text(client.get(page_of(seminar)))
    assert "Your place is confirmed." in after and "Manage my registration" in after
    # Registering again shows the same registration and sends nothing.
    again = post_form(f"/en/events/{seminar.id}/register", {}, page=f"/en/events/{seminar.id}")
    assert again.status_code in (302, 400)
    assert len(outbox("ada@example.org")) == 1


def test_a_full_event_puts_the_next_person_on_the_waiting_list(
    client, post_form, make_user, seminar
):
    for email in ["a@example.org", "b@example.org", "c@example.org"]:
        log_in_as(client, make_user(email))
        post_form(f"/en/events/{seminar.id}/register", {}, page=page_of(seminar))
    page = text(client.get(page_of(seminar)))
    assert "The event is full" in page
    assert "You are number 2 on the waiting list." in page
    assert [registration(e).status for e in ("a@example.org", "b@example.org")] == [
        "confirmed",
        "waiting",
    ]
    assert "waiting list" in outbox("b@example.org")[0].body_text


def test_every_form_needs_its_csrf_token(client, make_user, seminar):
    log_in_as(client, make_user("ada@example.org"))
    assert client.post(f"/en/events/{seminar.id}/register").status_code == 400
    guest = client.post(
        f"/en/events/{seminar.id}/guest",
        data={"name": "G", "email": "g@example.org", "consent": "y"},
    )
    assert guest.status_code == 400
    assert client.post("/en/my/events/feed").status_code == 400
    assert registration("ada@example.org") is None and registration("g@example.org") is None


def test_a_guest_registers_confirms_and_cancels_by_the_links(client, post_form, make_event):
    event = make_event(title_en="Workshop", title_fr="Atelier", capacity=1)
    url = f"/fr/events/{event.id}/guest"
    refused = post_form(
        url, {"name": "Grace", "email": "Grace@Example.org"}, page=page_of(event, "fr")
    )
    assert refused.status_code == 400 and "consentement" in text(refused)
    answer = post_form(
        url,
        {"name": "Grace", "email": "Grace@Example.org", "affiliation": "Lab", "consent": "y"},
        page=page_of(event, "fr"),
    )
    assert answer.status_code == 302
    inbox = text(client.get(answer.headers["Location"]))
    assert "Consultez votre messagerie" in inbox or "boîte" in inbox
    reg = registration("grace@example.org")
    assert reg.status == "pending" and reg.hold_until is not None
    [mail] = outbox("grace@example.org")
    assert mail.language == "fr"
    confirmed = client.get(link(mail, "/confirm"))
    assert confirmed.status_code == 200
    assert registration("grace@example.org").status == "confirmed"
    assert outbox("grace@example.org")[-1].ical_method == "REQUEST"
    manage = link(outbox("grace@example.org")[-1])
    assert "Votre place est confirmée." in text(client.get(manage))
    question = client.get(manage + "/cancel")
    assert question.status_code == 200 and registration("grace@example.org").status == "confirmed"
    done = post_form(manage + "/cancel", {}, page=manage + "/cancel")
    assert done.status_code == 302
    assert registration("grace@example.org").status == "cancelled"
    assert outbox("grace@example.org")[-1].ical_method == "CANCEL"


def test_a_guest_registering_again_is_told_by_mail_not_on_the_page(client, post_form, make_event):
    event = make_event(capacity=5)
    data = {"name": "Grace", "email": "grace@example.org", "consent": "y"}
    for _ in range(2):
        answer = post_form(f"/en/events/{event.id}/guest", data, page=page_of(event))
        assert answer.status_code == 302
    first, second = outbox("grace@example.org")
    # Each mail brings a link of its own; both open the same registration.
    assert link(first, "/confirm") != link(second, "/confirm")
    assert all(client.get(link(m)).status_code == 200 for m in (first, second))
    assert "grace@example.org" not in client.get(answer.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("ending", ["", "/confirm", "/cancel"])
def test_forged_or_stale_links_are_404(client, post_form, make_event, ending):
    event = make_event(capacity=5)
    post_form(
        f"/en/events/{event.id}/guest",
        {"name": "G", "email": "g@example.org", "consent": "y"},
        page=page_of(event),
    )
    real = link(outbox("g@example.org")[0], "/confirm").removesuffix("/confirm")
    token = real.rsplit("/", 1)[1]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(f"/en/registrations/{forged}{ending}").status_code == 404
    assert client.get(f"/en/registrations/not-a-token{ending}").status_code == 404
    assert client.get(real + ending).status_code == 200


def test_the_window_is_shown_and_enforced(client, post_form, make_user, make_event):
    soon = clock.now() + timedelta(days=2)
    later = make_event(capacity=5, registration_opens_at=soon)
    log_in_as(client, make_user("ada@example.org"))
    page = text(client.get(page_of(later)))
    assert (
        "Registration opens on" in page
        and "Register" not in page.split("Registration opens")[1][:60]
    )
    closed = make_event(capacity=5, registration_closes_at=clock.now() - timedelta(hours=1))
    assert "Registration is closed." in text(client.get(page_of(closed)))
    answer = post_form(f"/en/events/{later.id}/register", {}, page=page_of(closed))
    assert answer.status_code == 409 and "Registration has not opened yet." in text(answer)
    assert registration("ada@example.org") is None


def _sessions_event(make_event):
    event = make_event(capacity=10, sessions=3, kind="symposium")
    first, second, third = event.sessions
    first.capacity = second.capacity = third.capacity = 1
    third.start_at, third.end_at = first.start_at, first.end_at  # third overlaps first
    db.session.commit()
    return event, (first.id, second.id, third.id)


def test_sessions_are_chosen_overlaps_refused_and_changed_later(
    client, post_form, make_user, make_event
):
    event, (first, second, third) = _sessions_event(make_event)
    log_in_as(client, make_user("ada@example.org"))
    url = f"/en/events/{event.id}/register"
    refused = post_form(url, {"sessions": [first, third]}, page=page_of(event))
    assert refused.status_code == 400
    assert "Two of the chosen sessions take place at the same time." in text(refused)
    assert registration("ada@example.org") is None
    assert post_form(url, {"sessions": [first]}, page=page_of(event)).status_code == 302
    reg = registration("ada@example.org")
    assert [(c.session_id, c.status) for c in reg.sessions] == [(first, "confirmed")]
    assert "Session 0: place confirmed" in text(client.get(page_of(event)))
    manage = client.get(page_of(event)).get_data(as_text=True)
    mine = manage.split('href="/en/my/registrations/')[1].split('"')[0]
    manage_url = client.get(f"/en/my/registrations/{mine}").headers["Location"]
    changed = post_form(manage_url + "/sessions", {"sessions": [second]}, page=manage_url)
    assert changed.status_code == 302
    reg = registration("ada@example.org")
    assert [(c.session_id, c.status) for c in reg.sessions] == [(second, "confirmed")]
    overlap = post_form(manage_url + "/sessions", {"sessions": [first, third]}, page=manage_url)
    assert overlap.status_code == 400 and "same time" in text(overlap)


def test_the_online_link_is_only_for_confirmed_attendees(client, post_form, make_user, make_event):
    secret = "https://meet.example.org/secret-room"
    hybrid = make_event(capacity=1, online_url=secret)
    open_to_all = make_event(online_url="https://meet.example.org/open")
    assert secret not in client.get(page_of(hybrid)).get_data(as_text=True)
    assert "confirmed attendees" in text(client.get(page_of(hybrid)))
    assert "https://meet.example.org/open" in client.get(page_of(open_to_all)).get_data(
        as_text=True
    )
    assert client.get(f"/api/v1/events/{hybrid.id}").get_json()["online_url"] is None
    assert client.get(f"/api/v1/events/{open_to_all.id}").get_json()["online_url"]
    assert secret.encode() not in client.get(f"/feeds/en/events/{hybrid.id}.ics").data
    log_in_as(client, make_user("ada@example.org"))
    post_form(f"/en/events/{hybrid.id}/register", {}, page=page_of(hybrid))
    assert secret in client.get(page_of(hybrid)).get_data(as_text=True)
    log_in_as(client, make_user("bob@example.org"))
    post_form(f"/en/events/{hybrid.id}/register", {}, page=page_of(hybrid))
    assert registration("bob@example.org").status == "waiting"
    assert secret not in client.get(page_of(hybrid)).get_data(as_text=True)
    assert client.get(f"/api/v1/events/{hybrid.id}").get_json()["online_url"] is None
