"""Messages to an event's registrants, from the service: each in their language, by status, kept
with its count in the event's history, and sent once for one key."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventapp.errors import Refused
from eventapp.events.history import EventChange
from eventapp.extensions import clock, db
from eventapp.registrants import messages
from eventapp.registrants.models import EventMessage

BOTH = {
    "subject_fr": "Changement de salle", "body_fr": "Rendez-vous en salle B.\nÀ bientôt !",
    "subject_en": "Room change", "body_en": "We meet in room B.\nSee you soon!",
}  # fmt: skip
FRENCH = {"subject_fr": BOTH["subject_fr"], "body_fr": BOTH["body_fr"]}


def written(texts: dict, to=("confirmed",)) -> messages.Draft:
    blank = dict.fromkeys(("subject_fr", "body_fr", "subject_en", "body_en"))
    return messages.draft(**{**blank, **texts}, to=to)


def send(event, world, settings, texts=BOTH, to=("confirmed",), nonce="key-1", who="organiser"):
    sent = messages.send(
        event, written(texts, to), nonce=nonce, author=world.users[who], now=clock.now(),
        settings=settings,
    )  # fmt: skip
    db.session.commit()
    return sent


def test_each_person_gets_the_message_in_their_language(people, world, settings, mails):
    send(people, world, settings, BOTH)
    got = mails()
    assert set(got) == {"claire", "ed"}
    claire, ed = got["claire"], got["ed"]
    assert (claire.language, claire.subject) == ("fr", "Changement de salle")
    assert "Rendez-vous en salle B.\nÀ bientôt !" in claire.body_text
    assert "Séminaire d'éthique" in claire.body_text and "room B" not in claire.body_text
    assert f"https://events.example.org/fr/events/{people.id}" in claire.body_text
    assert (ed.language, ed.subject) == ("en", "Room change")
    assert "We meet in room B.\nSee you soon!" in ed.body_text
    assert f"https://events.example.org/en/events/{people.id}" in ed.body_text
    assert "Ethics seminar" in ed.body_text and "salle B" not in ed.body_text


def test_with_only_french_written_english_readers_get_the_french(people, world, settings, mails):
    send(people, world, settings, FRENCH)
    ed = mails()["ed"]
    assert (ed.language, ed.subject) == ("fr", "Changement de salle")
    assert "Rendez-vous en salle B." in ed.body_text
    assert f"https://events.example.org/fr/events/{people.id}" in ed.body_text


@pytest.mark.parametrize(
    ("to", "reached"),
    [
        (("waiting",), {"wendy"}),
        (("confirmed", "pending"), {"claire", "ed", "paul"}),
        (("pending", "waiting", "confirmed"), {"claire", "ed", "wendy", "paul"}),
    ],
)
def test_the_statuses_chosen_are_reached_and_cancelled_people_never(
    people, world, settings, mails, to, reached
):
    sent = send(people, world, settings, BOTH, to=to)
    assert set(mails()) == reached
    assert sent.message.queued == len(reached)


def test_the_html_part_escapes_the_text_and_keeps_its_lines(people, world, settings, mails):
    send(people, world, settings, {"subject_en": "Hi", "body_en": "<b>Bold</b> & co\nLine 2"})
    html = mails()["ed"].body_html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co<br>Line 2" in html
    assert "<b>Bold</b>" not in html
    assert f'href="https://events.example.org/en/events/{people.id}' in html


def test_the_message_is_kept_with_its_count_and_in_the_history(people, world, settings):
    send(people, world, settings, BOTH, to=("confirmed", "waiting"))
    kept = db.session.scalars(select(EventMessage)).one()
    assert (kept.event_id, kept.user_id, kept.queued) == (people.id, world.users["organiser"].id, 3)
    assert (kept.subject_fr, kept.subject_en) == ("Changement de salle", "Room change")
    assert kept.body_en == BOTH["body_en"] and kept.recipients == ["confirmed", "waiting"]
    change = db.session.scalars(select(EventChange).where(EventChange.action == "message")).one()
    assert change.changes["queued"] == [None, 3]


def test_the_same_key_twice_sends_once(people, world, settings, mails):
    first = send(people, world, settings, BOTH, nonce="double-click")
    again = send(people, world, settings, BOTH, nonce="double-click")
    assert first.new and not again.new
    assert again.message.id == first.message.id
    assert len(mails()) == 2
    assert db.session.scalar(select(db.func.count(EventMessage.id))) == 1


def test_a_key_is_the_authors_own(people, world, settings, mails):
    send(people, world, settings, BOTH, nonce="same", who="organiser")
    other = send(people, world, settings, FRENCH, nonce="same", who="admin")
    assert other.new  # the admin's key is not the organiser's
    assert db.session.scalar(select(db.func.count(EventMessage.id))) == 2


def test_two_submissions_at_once_meet_at_the_key(people, world, settings, mails, monkeypatch):
    """The second request checked before the first had written: the unique key stops it, its
    savepoint is rolled back, and it answers the first message."""
    first = send(people, world, settings, BOTH, nonce="raced")
    monkeypatch.setattr(messages, "_already", _not_yet(messages._already))
    again = send(people, world, settings, FRENCH, nonce="raced")
    assert not again.new and again.message.id == first.message.id
    assert {m.subject for m in mails().values()} == {"Changement de salle", "Room change"}
    assert db.session.scalar(select(db.func.count(EventChange.id))) == 1


def _not_yet(lookup):
    """`_already` that finds nothing the first time, as in a request that looked too early."""
    calls = []

    def look(nonce):
        calls.append(nonce)
        return None if len(calls) == 1 else lookup(nonce)

    return look


@pytest.mark.parametrize(
    ("texts", "to", "fields"),
    [
        ({}, ("confirmed",), {"subject"}),
        ({"subject_fr": "  ", "body_en": "\n"}, ("confirmed",), {"subject"}),
        ({"subject_fr": "Objet"}, ("confirmed",), {"body_fr"}),
        ({**FRENCH, "body_en": "Text alone"}, ("confirmed",), {"subject_en"}),
        (FRENCH, (), {"to"}),
        (FRENCH, ("cancelled",), {"to"}),
    ],
)
def test_refusals_name_their_fields(texts, to, fields):
    with pytest.raises(Refused) as refused:
        written(texts, to)
    assert set(refused.value.fields) == fields


def test_a_subject_is_one_line(app):
    draft = written({"subject_en": "Room\r\nBcc: x@example.org\x07", "body_en": "Text"})
    assert draft.subjects == {"en": "Room Bcc: x@example.org"}
