"""A message written on the page reaches a real SMTP server (aiosmtpd) through `send-mail`."""

from __future__ import annotations

import re

import pytest
from mail.conftest import app_smtp

from eventapp.extensions import db


@pytest.fixture
def smtp(app):
    """A real SMTP server the app delivers to; yields what it accepted."""
    with app_smtp(app) as handler:
        yield handler


def test_a_real_recipient_reads_the_subject_and_the_text(
    client, login, submit, runner, people, smtp
):
    login("organiser")
    page = f"/en/workspace/events/{people.id}/messages"
    nonce = re.search(r'name="nonce" type="hidden" value="([^"]+)"', client.get(page).text)[1]
    response = submit(page, {
        "subject_fr": "Salle B & café", "body_fr": "Rendez-vous en salle B.\nÀ jeudi !",
        "subject_en": "Room B & coffee", "body_en": "We meet in room B.\nSee you <Thursday>!",
        "to": ["waiting", "pending"], "nonce": nonce, "send": "1",
    })  # fmt: skip
    assert response.status_code == 302
    db.session.commit()  # ends the test's read transaction: the command sees the queued mail

    result = runner.invoke(args=["send-mail"])

    assert result.exit_code == 0, result.output
    assert "2 sent" in result.output
    got = {m["To"]: m for m in smtp.accepted}
    assert set(got) == {"wendy@example.net", "paul@example.net"}
    wendy, paul = got["wendy@example.net"], got["paul@example.net"]
    assert wendy["Subject"] == "Room B & coffee" and wendy["Content-Language"] == "en"
    text, html = wendy.iter_parts()
    body = text.get_content().replace("\r\n", "\n")
    assert "We meet in room B.\nSee you <Thursday>!" in body
    assert f"https://events.example.org/en/events/{people.id}" in body
    assert "See you &lt;Thursday&gt;!" in html.get_content()
    assert paul["Subject"] == "Salle B & café"
    french = next(paul.iter_parts()).get_content().replace("\r\n", "\n")
    assert "Rendez-vous en salle B.\nÀ jeudi !" in french
    assert "Un message des organisateurs de « Séminaire d'éthique » :" in french
