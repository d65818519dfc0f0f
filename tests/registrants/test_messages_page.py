"""The workspace's messages page: compose, preview, send once, and the messages sent."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.registrants.models import EventMessage

TEXTS = {
    "subject_fr": "Changement de salle", "body_fr": "Rendez-vous en salle B.",
    "subject_en": "Room change <b>now</b>", "body_en": "We meet in <script>x()</script>\nroom B.",
}  # fmt: skip


def page(event) -> str:
    return f"/en/workspace/events/{event.id}/messages"


def nonce_of(html: str) -> str:
    found = re.search(r'name="nonce" type="hidden" value="([^"]+)"|'
                      r'id="nonce" name="nonce" type="hidden" value="([^"]+)"', html)  # fmt: skip
    assert found, "no one-time key in the form"
    return found.group(1) or found.group(2)


@pytest.fixture
def compose(client, login, people):
    """The organiser opens the page: its HTML and the form's one-time key."""
    login("organiser")
    html = client.get(page(people)).get_data(as_text=True)
    return html, nonce_of(html)


def post(submit, event, nonce, button, **fields):
    data = {**TEXTS, "to": ["confirmed", "waiting"], "nonce": nonce, button: "1", **fields}
    return submit(page(event), data)


def test_the_form_shows_the_count_of_each_status(compose):
    html, _nonce = compose
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    assert "Confirmed people (2)" in text
    assert "People on the waiting list (1)" in text
    assert "People yet to confirm their address (1)" in text
    assert 'value="cancelled"' not in html  # no box for cancelled people


def test_each_showing_of_the_form_has_a_new_key(client, compose, people):
    _html, first = compose
    again = nonce_of(client.get(page(people)).get_data(as_text=True))
    assert first != again and len(first) >= 32


def test_the_preview_shows_each_language_escaped_with_counts_and_queues_nothing(
    submit, compose, people, mails
):
    _html, nonce = compose
    response = post(submit, people, nonce, "preview")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This message will be queued for 3 people." in html
    french, english = html.split('id="mail-fr"')[1].split('id="mail-en"')
    assert "1 person" in french and "Changement de salle" in french
    assert f"https://events.example.org/fr/events/{people.id}" in french
    assert "2 people" in english
    assert "Room change &lt;b&gt;now&lt;/b&gt;" in english
    assert "We meet in &lt;script&gt;x()&lt;/script&gt;\nroom B." in english
    assert "<script>x()" not in html
    assert f'name="nonce" type="hidden" value="{nonce}"' in html
    assert 'name="body_en" value="We meet in &lt;script&gt;x()&lt;/script&gt;\nroom B."' in html
    assert mails() == {}


def test_edit_goes_back_to_the_form_as_written(submit, compose, people, mails):
    _html, nonce = compose
    html = post(submit, people, nonce, "edit").get_data(as_text=True)
    assert 'value="Changement de salle"' in html
    assert "We meet in &lt;script&gt;x()&lt;/script&gt;\nroom B.</textarea>" in html
    assert mails() == {}


def test_send_queues_redirects_and_says_how_many(client, submit, compose, people, mails):
    _html, nonce = compose
    response = post(submit, people, nonce, "send")
    assert response.status_code == 302 and response.location.endswith(page(people))
    assert set(mails()) == {"claire", "ed", "wendy"}
    html = client.get(response.location).get_data(as_text=True)
    assert "Message queued for 3 people." in html


def test_a_double_click_sends_once(client, submit, compose, people, mails, fresh):
    _html, nonce = compose
    first = post(submit, people, nonce, "send")
    second = post(submit, people, nonce, "send")
    assert first.status_code == second.status_code == 302
    assert len(mails()) == 3
    html = client.get(second.location).get_data(as_text=True)
    assert "This message was already queued for 3 people: it is not sent again." in html


def test_the_page_lists_the_messages_sent(client, submit, compose, people, world):
    _html, nonce = compose
    post(submit, people, nonce, "send", to=["waiting"])
    html = client.get(page(people)).get_data(as_text=True)
    row = html.split("ws-messages")[1].split("</table>")[0]
    cells = [unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    # Sent at the app's clock, 1 December 2026 09:00 UTC: 10:00 in Paris.
    assert cells == ["Tue 1 Dec 2026, 10:00", "Ana", "Room change <b>now</b>", "1 person"]
    french = client.get(page(people).replace("/en/", "/fr/")).get_data(as_text=True)
    assert "Changement de salle" in french and "mar. 1 déc. 2026, 10:00" in french


def test_the_history_says_what_was_sent_to_how_many(client, submit, compose, people):
    _html, nonce = compose
    post(submit, people, nonce, "send", to=["confirmed", "pending"])
    history = f"/{{}}/workspace/events/{people.id}/history"
    english = unescape(client.get(history.format("en")).get_data(as_text=True))
    assert "Message “Room change <b>now</b>” sent to 3 people" in english
    french = unescape(client.get(history.format("fr")).get_data(as_text=True))
    assert "Message « Changement de salle » envoyé à 3 personnes" in french


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("attendee", 403), ("other", 403), ("organiser", 200), ("admin", 200)],
)
def test_who_may_write_to_the_registrants(client, login, people, who, status):
    login(who)
    response = client.get(page(people))
    assert response.status_code == status
    if who is None:
        assert "/login" in response.location


@pytest.mark.parametrize("who", ["other", "attendee"])
def test_others_cannot_send(client, login, csrf, people, mails, who):
    login(who)
    token = csrf("/en/")
    data = {**TEXTS, "to": ["confirmed"], "nonce": "k", "send": "1", "csrf_token": token}
    assert client.post(page(people), data=data).status_code == 403
    assert mails() == {}


def test_an_unknown_event_is_404(client, login, people):
    login("admin")
    assert client.get(f"/en/workspace/events/{people.id + 100}/messages").status_code == 404


@pytest.mark.parametrize(
    ("fields", "english", "french"),
    [
        ({"subject_fr": "", "body_fr": "", "subject_en": " ", "body_en": ""},
         "Write the subject and the text in French, in English, or in both.",
         "Écrivez l’objet et le texte en français, en anglais, ou dans les deux langues."),
        ({"to": []}, "Choose who gets the message: confirmed, waiting or pending people.",
         "Choisissez qui reçoit le message : personnes confirmées, en liste d’attente ou en "
         "attente de confirmation."),
        ({"body_en": ""}, "Give the text for this subject, or leave this language's subject empty.",
         "Donnez le texte de cet objet, ou laissez vide l’objet dans cette langue."),
        ({"subject_en": "S" * 201}, "At most 200 characters.", "200 caractères au plus."),
        ({"body_fr": "x" * 10_001}, "At most 10000 characters.", "10000 caractères au plus."),
        ({"body_en": "Null\x00byte"}, "A text cannot contain NUL characters.",
         "Un texte ne peut pas contenir de caractère NUL."),
        ({"nonce": ""}, "This form has expired: write the message again.",
         "Ce formulaire a expiré : écrivez le message à nouveau."),
    ],
)  # fmt: skip
@pytest.mark.parametrize("button", ["preview", "send"])
def test_refusals_are_clear_in_both_languages(
    client, submit, compose, people, mails, fields, english, french, button
):
    _html, nonce = compose
    for lang, expected in (("en", english), ("fr", french)):
        url = page(people).replace("/en/", f"/{lang}/")
        data = {**TEXTS, "to": ["confirmed"], "nonce": nonce, button: "1", **fields}
        response = submit(url, data)
        assert response.status_code == 400
        assert expected in unescape(response.get_data(as_text=True))
    assert mails() == {}
    assert db.session.scalars(select(EventMessage)).all() == []


def test_huge_and_hostile_input_is_refused_without_error(submit, compose, people, mails):
    _html, nonce = compose
    data = {"subject_en": "\x00" * 5, "body_en": "é" * 20_000, "to": ["confirmed", "\x00"]}
    response = post(submit, people, nonce, "send", **data)
    assert response.status_code == 400
    # Beyond the request-size limit, the page says so (413) before any field is read.
    huge = post(submit, people, nonce, "send", subject_en="Hi", body_en="é" * 2_000_000)
    assert huge.status_code == 413
    assert mails() == {}


def test_hostile_text_sent_shows_as_text_everywhere(client, submit, compose, people):
    _html, nonce = compose
    hostile = {"subject_en": "<script>alert(1)</script>", "subject_fr": '<img src=x onerror="a()">'}
    post(submit, people, nonce, "send", **hostile)
    for lang in ("en", "fr"):
        for where in ("messages", "history"):
            html = client.get(f"/{lang}/workspace/events/{people.id}/{where}").get_data(
                as_text=True
            )
            assert "<script>alert" not in html and "<img src=x" not in html
            assert "&lt;script&gt;alert(1)" in html or "&lt;img src=x" in html
