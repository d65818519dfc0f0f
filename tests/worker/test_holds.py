"""A guest's hold that runs out frees the place by itself: within one pass of the worker, the
first person waiting has it and the mail saying so; a guest who confirms too late joins the end
of the queue and is told why (issue 12, item 1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hold_world import HOLD
from registrations.registration_pages import outbox, registration, text

from eventapp.extensions import clock, db
from eventapp.registrations import notify, services

LATE = HOLD + timedelta(seconds=1)


def places_box(client, event) -> str:
    return text(client.get(f"/en/events/{event.id}"))


def test_a_run_out_hold_goes_to_the_first_in_line_within_one_worker_pass(
    client, runner, held_and_waiting
):
    event = held_and_waiting()
    assert "The event is full" in places_box(client, event)
    clock.advance(LATE)
    assert "1 place left" in places_box(client, event)  # what people saw, and nobody moved

    result = runner.invoke(args=["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert registration("bea@example.org").status == "confirmed"
    [mail] = [m for m in outbox("bea@example.org") if m.subject.startswith("A place is yours")]
    assert mail.sent_at is not None  # delivered in the same pass
    page = places_box(client, event)
    assert "place left" not in page and "The event is full" in page
    assert registration("guest@example.org").hold_until is None  # no longer shown as held


def test_a_second_pass_changes_nothing(runner, held_and_waiting):
    held_and_waiting()
    clock.advance(LATE)
    runner.invoke(args=["worker", "--once"])
    before = len(outbox())
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    assert len(outbox()) == before


@pytest.mark.parametrize(
    ("language", "told"),
    [
        ("en", "no place was held for you and none was left: you join the end of the waiting"),
        ("fr", "aucune place ne vous était réservée et il n’en restait plus"),
    ],
)
def test_a_late_confirmation_joins_the_end_of_the_queue_and_is_told_so(
    settings, held_and_waiting, language, told
):
    held_and_waiting(language)
    clock.advance(LATE)  # the hold ran out; no worker has passed yet
    guest = registration("guest@example.org")

    services.confirm_guest(guest, now=clock.now(), settings=settings)
    db.session.commit()

    assert registration("bea@example.org").status == "confirmed"  # first in line, first served
    guest = registration("guest@example.org")
    assert guest.status == "waiting" and notify.position(guest) == 1
    mail = outbox("guest@example.org")[-1]
    assert told in " ".join(mail.body_text.split()) and told in " ".join(mail.body_html.split())


def test_a_late_confirmation_still_gets_a_place_nobody_waits_for(
    make_event, settings, held_and_waiting
):
    event = held_and_waiting()
    clock.advance(LATE)
    services.cancel(registration("bea@example.org"), now=clock.now(), settings=settings)
    db.session.commit()

    services.confirm_guest(registration("guest@example.org"), now=clock.now(), settings=settings)
    db.session.commit()

    assert registration("guest@example.org").status == "confirmed"
    assert event.capacity == 1
