"""A full event tells each person what they can do, no more (issue 14, item 11)."""

from __future__ import annotations

from registration_pages import text
from support import log_in_as

OFFER = "You can join the waiting list"


def test_a_registered_person_is_not_offered_the_waiting_list(
    client, post_form, make_user, make_event
):
    event = make_event(title_en="Workshop", title_fr="Atelier", capacity=1)
    page = f"/en/events/{event.id}"
    log_in_as(client, make_user("ada@example.org"))
    post_form(f"/en/events/{event.id}/register", {}, page=page)
    mine = text(client.get(page))
    assert "The event is full." in mine and "Your place is confirmed." in mine
    assert OFFER not in mine
    assert "Vous pouvez rejoindre" not in text(client.get(f"/fr/events/{event.id}"))
    log_in_as(client, make_user("bob@example.org"))
    assert OFFER in text(client.get(page))


def test_a_guest_on_a_full_event_is_not_promised_a_held_place(client, post_form, make_event):
    event = make_event(title_en="Workshop", title_fr="Atelier", capacity=1)
    pages = {}
    for n, lang in enumerate(("en", "fr", "en")):
        answer = post_form(
            f"/{lang}/events/{event.id}/guest",
            {"name": f"Guest {n}", "email": f"guest{n}@example.org", "consent": "y"},
            page=f"/{lang}/events/{event.id}",
        )
        assert answer.status_code == 302
        pages[n] = text(client.get(answer.headers["Location"]))
    assert "we hold a place only briefly" in pages[0]
    assert "waiting list" not in pages[0]
    assert "une fois votre adresse confirmée, vous rejoindrez la liste d’attente" in pages[1]
    assert "once you confirm, you will join the waiting list" in pages[2]
    assert "we hold a place" not in pages[2]
