"""POST /api/v1/events/<id>/messages: the workspace's messages by bearer token."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.registrants.models import EventMessage

BODY = {
    "subject": {"fr": "Changement de salle", "en": "Room change"},
    "body": {"fr": "Rendez-vous en salle B.", "en": "We meet in room B."},
    "to": ["confirmed", "pending"],
}


def url(event) -> str:
    return f"/api/v1/events/{event.id}/messages"


def test_the_message_is_queued_for_each_person_in_their_language(client, people, bearer, mails):
    response = client.post(url(people), json=BODY, headers=bearer("organiser"))
    assert response.status_code == 202
    assert response.get_json() == {"queued": 3}
    got = mails()
    assert {name: m.subject for name, m in got.items()} == {
        "claire": "Changement de salle", "ed": "Room change", "paul": "Changement de salle",
    }  # fmt: skip
    assert f"https://events.example.org/en/events/{people.id}" in got["ed"].body_text


def test_one_language_written_reaches_everyone_in_it(client, people, bearer, mails):
    body = {
        "subject": {"en": "Room change"},
        "body": {"en": "Room B.", "fr": None},
        "to": ["waiting"],
    }
    response = client.post(url(people), json=body, headers=bearer("admin"))
    assert response.get_json() == {"queued": 1}
    assert mails()["wendy"].subject == "Room change"


def test_the_same_idempotency_key_sends_once(client, people, bearer, mails):
    headers = bearer("organiser", **{"Idempotency-Key": "retry-42"})
    first = client.post(url(people), json=BODY, headers=headers)
    again = client.post(url(people), json=BODY, headers=headers)
    assert first.status_code == again.status_code == 202
    assert first.get_json() == again.get_json() == {"queued": 3}
    assert len(mails()) == 3
    assert db.session.scalar(select(db.func.count(EventMessage.id))) == 1


def test_without_a_key_each_request_is_a_new_message(client, people, bearer, mails):
    client.post(url(people), json={**BODY, "to": ["waiting"]}, headers=bearer("organiser"))
    client.post(url(people), json={**BODY, "to": ["waiting"]}, headers=bearer("organiser"))
    assert db.session.scalar(select(db.func.count(EventMessage.id))) == 2


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("attendee", 403), ("other", 403), ("organiser", 202), ("admin", 202)],
)
def test_who_may_write(client, people, bearer, mails, who, status):
    headers = bearer(who) if who else {}
    response = client.post(url(people), json=BODY, headers=headers)
    assert response.status_code == status
    if status == 202:
        assert len(mails()) == 3
    else:
        assert set(response.get_json()) == {"error"} and mails() == {}


def test_an_unknown_event_is_404(client, people, bearer):
    response = client.post(f"/api/v1/events/{people.id + 100}/messages", json=BODY,
                           headers=bearer("admin"))  # fmt: skip
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "field", "english", "french"),
    [
        ({**BODY, "subject": {"fr": None, "en": " "}, "body": {"fr": "", "en": None}}, "subject",
         "Write the subject and the text in French, in English, or in both.",
         "Écrivez l’objet et le texte en français, en anglais, ou dans les deux langues."),
        ({**BODY, "body": {"fr": "Texte"}}, "body.en",
         "Give the text for this subject, or leave this language's subject empty.",
         "Donnez le texte de cet objet, ou laissez vide l’objet dans cette langue."),
        ({**BODY, "to": []}, "to",
         "Choose who gets the message: confirmed, waiting or pending people.",
         "Choisissez qui reçoit le message : personnes confirmées, en liste d’attente ou en "
         "attente de confirmation."),
        ({**BODY, "to": ["cancelled"]}, "to",
         "Only confirmed, waiting and pending people can be written to.",
         "Seules les personnes confirmées, en liste d’attente ou en attente de confirmation "
         "peuvent recevoir un message."),
        ({**BODY, "subject": {"fr": "S" * 201, "en": "Room"}}, "subject.fr",
         "At most 200 characters.", "200 caractères au plus."),
        ({**BODY, "body": {"fr": "Texte\x00", "en": "Text"}}, "body.fr",
         "A text cannot contain NUL characters.",
         "Un texte ne peut pas contenir de caractère NUL."),
    ],
)  # fmt: skip
def test_refusals_name_the_field_in_both_languages(
    client, people, bearer, mails, body, field, english, french
):
    for lang, expected in (("en", english), ("fr", french)):
        headers = bearer("organiser", **{"Accept-Language": lang})
        response = client.post(url(people), json=body, headers=headers)
        assert response.status_code == 400
        assert response.get_json()["error"]["fields"][field] == expected
    assert mails() == {}


def test_a_key_too_long_is_refused(client, people, bearer, mails):
    headers = bearer("organiser", **{"Idempotency-Key": "k" * 201})
    response = client.post(url(people), json=BODY, headers=headers)
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == {"Idempotency-Key": "At most 200 characters."}
    assert mails() == {}


def test_the_document_describes_the_key_and_the_answer(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    op = doc["paths"]["/api/v1/events/{id}/messages"]["post"]
    assert {p["name"]: p["in"] for p in op["parameters"]} == {
        "id": "path", "Idempotency-Key": "header"
    }  # fmt: skip
    assert set(op["responses"]) == {"202", "400", "401", "403", "404", "409"}
