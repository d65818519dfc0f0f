"""A cancelled event tells its registrants so, not "place confirmed" (issue 14, item 9)."""

from __future__ import annotations

from registration_pages import text
from support import log_in_as

from eventapp.events.services import cancel_event
from eventapp.extensions import clock, db

GONE = "The event has been cancelled: your registration no longer holds a place."
GONE_FR = "L’événement a été annulé : votre inscription ne vous réserve plus de place."


def test_registrants_of_a_cancelled_event_are_not_told_their_place_is_confirmed(
    client, post_form, make_user, make_event, settings
):
    event = make_event(title_en="Seminar", title_fr="Séminaire", capacity=30)
    page = f"/en/events/{event.id}"
    log_in_as(client, make_user("ada@example.org"))
    post_form(f"/en/events/{event.id}/register", {}, page=page)
    before = text(client.get(page))
    assert "Your place is confirmed." in before and "29 places left" in before

    cancel_event(db.session.merge(event), now=clock.now(), settings=settings)
    db.session.commit()
    for url, gone in ((page, GONE), (f"/fr/events/{event.id}", GONE_FR)):
        after = text(client.get(url))
        assert gone in after
        assert "place is confirmed" not in after and "places left" not in after
        assert "places restantes" not in after and "place est confirmée" not in after
    mine = text(client.get("/en/my/events"))
    assert "Cancelled" in mine and GONE in mine and "Your place is confirmed" not in mine
